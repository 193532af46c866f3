package dev.switchboard.router.failover;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Retries of the same backend (a Failsafe {@code RetryPolicy}): one budget per request shared by
 * every backend it visits, exponential backoff with jitter, and how far a provider's
 * {@code Retry-After} is believed. Immutable; set through {@link FailoverPolicy.Builder#retry(Consumer)},
 * read through {@link FailoverPolicy#retry()}.
 */
public final class RetrySettings {
  private final int maxRetries;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final double jitter;
  private final Duration maxRetryAfter;

  private RetrySettings(Builder b) {
    this.maxRetries = b.maxRetries;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /** Retries per request, shared by all the backends it visits. Default 2. */
  public int maxRetries() {
    return maxRetries;
  }

  /** The first backoff delay; it doubles per retry up to {@link #backoffMax()}. Default 200 ms. */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** The longest backoff delay. Default 5 s. */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** Jitter as a share of each backoff delay (0.25: plus or minus 25%). Default 0.25. */
  public double jitter() {
    return jitter;
  }

  /**
   * The longest a backend's {@code Retry-After} keeps it out of rotation for every request
   * (a server asking for more is believed only this far). Default 5 min.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  Builder toBuilder() {
    Builder b = new Builder();
    b.maxRetries = maxRetries;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.jitter = jitter;
    b.maxRetryAfter = maxRetryAfter;
    return b;
  }

  @Override
  public String toString() {
    return "retry{maxRetries=" + maxRetries + ", backoff=" + backoffBase + ".." + backoffMax + ", jitter=" + jitter
        + ", maxRetryAfter=" + maxRetryAfter + "}";
  }

  /** Edits a policy's retry settings; every setter checks its value and names it when wrong. */
  public static final class Builder {
    private int maxRetries = 2;
    private Duration backoffBase = Duration.ofMillis(200);
    private Duration backoffMax = Duration.ofSeconds(5);
    private double jitter = 0.25;
    private Duration maxRetryAfter = Duration.ofMinutes(5);

    Builder() {}

    /** Retries per request, over all backends (0: fail over at once). */
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /** Exponential backoff: {@code base}, doubling per retry, at most {@code max}. */
    public Builder backoff(Duration base, Duration max) {
      Checks.positive(base, "backoff base");
      Checks.positive(max, "backoff max");
      if (max.compareTo(base) <= 0) {
        throw new IllegalArgumentException("backoff max " + max + " must be greater than its base " + base);
      }
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    /** Jitter as a share of each delay, within [0, 1). */
    public Builder jitter(double share) {
      if (!(share >= 0 && share < 1)) {
        throw new IllegalArgumentException("jitter must be within [0, 1): " + share);
      }
      this.jitter = share;
      return this;
    }

    /** Caps how long one {@code Retry-After} keeps a backend out of rotation for every request; positive. */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = Checks.positive(max, "maxRetryAfter");
      return this;
    }

    RetrySettings build() {
      return new RetrySettings(this);
    }
  }
}
