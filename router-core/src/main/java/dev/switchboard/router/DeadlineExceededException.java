package dev.switchboard.router;

import dev.switchboard.router.failover.BackendHealth;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The request's deadline passed before any backend answered. Lists the attempts made and each
 * backend's state, like {@link NoBackendAvailableException}; the attempt the deadline cut is a
 * {@link FailureKind#TIMEOUT}. What to do: allow a longer deadline, or look at why the attempts
 * were slow or failed.
 *
 * <p>A stream the deadline cut after part of the answer had reached the caller ends with this
 * exception too; then {@link #partialText()} holds what was delivered and the cause is a
 * {@link StreamInterruptedException} naming the backend.
 */
public class DeadlineExceededException extends NoBackendAvailableException {
  private static final long serialVersionUID = 1L;

  private final Duration deadline;

  public DeadlineExceededException(Duration deadline, List<Attempt> attempts, List<String> skipped,
      List<BackendHealth> states, Throwable cause) {
    super(summary(deadline, cause), attempts, skipped, states, cause);
    this.deadline = deadline;
  }

  private static String summary(Duration deadline, Throwable cause) {
    return "the request's deadline of " + deadline + (cause instanceof StreamInterruptedException s
        ? " passed while backend '" + s.backend() + "' was streaming its answer (" + s.partialText().length()
            + " characters had reached the caller)"
        : " passed before a backend answered");
  }

  /** The deadline that passed: the policy's, or the request's own time budget when that was shorter. */
  public Duration deadline() {
    return deadline;
  }

  /** The text a stream had delivered when the deadline cut it mid-answer; empty when nothing had reached the caller. */
  public Optional<String> partialText() {
    return getCause() instanceof StreamInterruptedException s ? Optional.of(s.partialText()) : Optional.empty();
  }
}
