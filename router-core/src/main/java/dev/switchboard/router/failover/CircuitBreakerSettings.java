package dev.switchboard.router.failover;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Each backend's circuit breaker (a Failsafe {@code CircuitBreaker}): how many failed requests in
 * a row open it, how long it rests before one trial request, and how long a request waits for a
 * trial when every candidate is down. Immutable; set through
 * {@link FailoverPolicy.Builder#circuitBreaker(Consumer)}, read through {@link FailoverPolicy#circuitBreaker()}.
 */
public final class CircuitBreakerSettings {
  private final int failureThreshold;
  private final Duration cooldown;
  private final Duration misconfiguredCooldown;
  private final Duration waitForHalfOpen;

  private CircuitBreakerSettings(Builder b) {
    this.failureThreshold = b.failureThreshold;
    this.cooldown = b.cooldown;
    this.misconfiguredCooldown = b.misconfiguredCooldown;
    this.waitForHalfOpen = b.waitForHalfOpen;
  }

  /** Failed requests in a row that open a backend's breaker (a request's retries count once). Default 3. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** How long an open backend rests before one trial request. Default 30 s. */
  public Duration cooldown() {
    return cooldown;
  }

  /** How long a misconfigured backend (401, 403, 404) rests before one trial request. Default 5 min. */
  public Duration misconfiguredCooldown() {
    return misconfiguredCooldown;
  }

  /** When every candidate is down, wait up to this long for the first to turn half-open. Default 0. */
  public Duration waitForHalfOpen() {
    return waitForHalfOpen;
  }

  Builder toBuilder() {
    Builder b = new Builder();
    b.failureThreshold = failureThreshold;
    b.cooldown = cooldown;
    b.misconfiguredCooldown = misconfiguredCooldown;
    b.waitForHalfOpen = waitForHalfOpen;
    return b;
  }

  @Override
  public String toString() {
    return "circuitBreaker{failureThreshold=" + failureThreshold + ", cooldown=" + cooldown
        + ", misconfiguredCooldown=" + misconfiguredCooldown + ", waitForHalfOpen=" + waitForHalfOpen + "}";
  }

  /** Edits a policy's breaker settings; every setter checks its value and names it when wrong. */
  public static final class Builder {
    private int failureThreshold = 3;
    private Duration cooldown = Duration.ofSeconds(30);
    private Duration misconfiguredCooldown = Duration.ofMinutes(5);
    private Duration waitForHalfOpen = Duration.ZERO;

    Builder() {}

    /** Failed requests in a row that open the breaker; at least 1. */
    public Builder failureThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("failureThreshold must be at least 1: " + failures);
      }
      this.failureThreshold = failures;
      return this;
    }

    /** Open to half-open (one trial request) after this long; positive. */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = Checks.positive(cooldown, "cooldown");
      return this;
    }

    /** A misconfigured backend (401, 403, 404) gets its trial after this long; positive. */
    public Builder misconfiguredCooldown(Duration cooldown) {
      this.misconfiguredCooldown = Checks.positive(cooldown, "misconfiguredCooldown");
      return this;
    }

    /** When all candidates are down, wait up to this long for the first to turn half-open (0: fail at once). */
    public Builder waitForHalfOpen(Duration wait) {
      this.waitForHalfOpen = Checks.notNegative(wait, "waitForHalfOpen");
      return this;
    }

    CircuitBreakerSettings build() {
      return new CircuitBreakerSettings(this);
    }
  }
}
