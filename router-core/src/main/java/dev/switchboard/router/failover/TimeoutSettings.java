package dev.switchboard.router.failover;

import dev.switchboard.router.DeadlineExceededException;
import dev.switchboard.router.chat.RoutingMetadata;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The time limits (Failsafe's {@code Timeout}, at three scopes): the whole request's deadline, one
 * backend call's limit, and a stream's wait for its first token. Immutable; set through
 * {@link FailoverPolicy.Builder#timeout(Consumer)}, read through {@link FailoverPolicy#timeout()}.
 */
public final class TimeoutSettings {
  private final Duration deadline;
  private final Duration attemptTimeout;
  private final Duration firstTokenTimeout;

  private TimeoutSettings(Builder b) {
    this.deadline = b.deadline;
    this.attemptTimeout = b.attemptTimeout;
    this.firstTokenTimeout = b.firstTokenTimeout;
  }

  /**
   * The whole request's time limit, from the call to the answer (a stream's last chunk), failover,
   * retries and waits included. Each backend is told the time left
   * ({@link RoutingMetadata#timeBudget()}); a call still running when it passes is cancelled and the
   * request fails with a {@link DeadlineExceededException}. Default 60 s.
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * A limit on one backend call: the backend is told it, and the router stops waiting after it,
   * cancels the call and fails over to the next candidate (a backend that slow is not retried).
   * For a stream it bounds the wait for the first token. Empty (the default): only the deadline
   * bounds a call. Never longer than the time left before the deadline.
   */
  public Optional<Duration> attemptTimeout() {
    return Optional.ofNullable(attemptTimeout);
  }

  /** A stream with no content within this time fails over (before the first token only). Default 30 s. */
  public Duration firstTokenTimeout() {
    return firstTokenTimeout;
  }

  Builder toBuilder() {
    Builder b = new Builder();
    b.deadline = deadline;
    b.attemptTimeout = attemptTimeout;
    b.firstTokenTimeout = firstTokenTimeout;
    return b;
  }

  @Override
  public String toString() {
    return "timeout{deadline=" + deadline + (attemptTimeout != null ? ", attemptTimeout=" + attemptTimeout : "")
        + ", firstTokenTimeout=" + firstTokenTimeout + "}";
  }

  /** Edits a policy's time limits; every setter checks its value and names it when wrong. */
  public static final class Builder {
    private Duration deadline = Duration.ofSeconds(60);
    private Duration attemptTimeout;
    private Duration firstTokenTimeout = Duration.ofSeconds(30);

    Builder() {}

    /** The whole request's time limit, a stream included ({@link TimeoutSettings#deadline()}); positive. */
    public Builder deadline(Duration deadline) {
      this.deadline = Checks.positive(deadline, "deadline");
      return this;
    }

    /** Cancels a backend call after this long (or at the deadline, if sooner) and fails over to the next candidate. */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = Checks.positive(timeout, "attemptTimeout");
      return this;
    }

    /** A stream with nothing by then fails over to the next candidate; positive. */
    public Builder firstTokenTimeout(Duration timeout) {
      this.firstTokenTimeout = Checks.positive(timeout, "firstTokenTimeout");
      return this;
    }

    TimeoutSettings build() {
      return new TimeoutSettings(this);
    }
  }
}
