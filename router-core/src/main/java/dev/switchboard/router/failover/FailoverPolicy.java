package dev.switchboard.router.failover;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the router copes with failing, slow and busy backends, in Failsafe's policy groups: each
 * backend's {@linkplain CircuitBreakerSettings circuit breaker}, {@linkplain RetrySettings retries},
 * {@linkplain TimeoutSettings time limits}, {@linkplain BulkheadSettings concurrency caps}, and
 * {@linkplain RateLimit rate limits} per service. Immutable; build with {@link #builder()};
 * {@link #defaults()} is what a router uses when given none.
 *
 * <p>Each group is edited in place by a lambda, starting from what the builder holds (the
 * defaults, or the policy {@link #toBuilder()} was called on), so a group is never reset by
 * accident and only the settings you name change:
 *
 * <pre>{@code
 * FailoverPolicy policy = FailoverPolicy.builder()
 *     .circuitBreaker(b -> b
 *         .failureThreshold(3)                   // 3 failures in a row open a backend's breaker
 *         .cooldown(Duration.ofSeconds(30))      // then one trial request after 30 s
 *         .waitForHalfOpen(Duration.ofSeconds(5))) // when all are down, wait for the first trial
 *     .retry(r -> r
 *         .maxRetries(2)                         // per request, over all backends
 *         .backoff(Duration.ofMillis(200), Duration.ofSeconds(5)))
 *     .timeout(t -> t
 *         .deadline(Duration.ofSeconds(60))
 *         .firstTokenTimeout(Duration.ofSeconds(10)))
 *     .bulkhead(b -> b
 *         .concurrencyCap("ollama", 4)           // spill to the next candidate when full...
 *         .capacityWait(Duration.ofMillis(250))) // ...after waiting up to 250 ms
 *     .rateLimit("search", RateLimit.requestsPerSecond(20).withTokensPerMinute(200_000))
 *     .build();
 * }</pre>
 */
public final class FailoverPolicy {
  private static final FailoverPolicy DEFAULTS = builder().build();

  private final CircuitBreakerSettings circuitBreaker;
  private final RetrySettings retry;
  private final TimeoutSettings timeout;
  private final BulkheadSettings bulkhead;
  private final Map<String, RateLimit> rateLimits;

  private FailoverPolicy(Builder b) {
    this.circuitBreaker = b.circuitBreaker.build();
    this.retry = b.retry.build();
    this.timeout = b.timeout.build();
    this.bulkhead = b.bulkhead.build();
    this.rateLimits = Map.copyOf(b.rateLimits);
  }

  public static FailoverPolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Each backend's circuit breaker: failure threshold, cooldowns, the wait for a half-open backend. */
  public CircuitBreakerSettings circuitBreaker() {
    return circuitBreaker;
  }

  /** Retries of the same backend: the per-request budget, backoff, jitter, the longest Retry-After believed. */
  public RetrySettings retry() {
    return retry;
  }

  /** The request's deadline, the attempt timeout and a stream's first-token timeout. */
  public TimeoutSettings timeout() {
    return timeout;
  }

  /** Concurrency caps per backend and how long a request waits for a slot. */
  public BulkheadSettings bulkhead() {
    return bulkhead;
  }

  /** The rate limit of {@code service}, if it has one. */
  public Optional<RateLimit> rateLimit(String service) {
    return Optional.ofNullable(rateLimits.get(service));
  }

  /** Every rate limit, by service. */
  public Map<String, RateLimit> rateLimits() {
    return rateLimits;
  }

  /** A builder holding this policy's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.circuitBreaker = circuitBreaker.toBuilder();
    b.retry = retry.toBuilder();
    b.timeout = timeout.toBuilder();
    b.bulkhead = bulkhead.toBuilder();
    b.rateLimits.putAll(rateLimits);
    return b;
  }

  @Override
  public String toString() {
    return "FailoverPolicy{" + circuitBreaker + ", " + retry + ", " + timeout + ", " + bulkhead + ", rateLimits="
        + rateLimits + "}";
  }

  /**
   * Builds a {@link FailoverPolicy}. Each group's lambda edits that group's settings as they stand;
   * every setter checks its value and names it when wrong.
   */
  public static final class Builder {
    private CircuitBreakerSettings.Builder circuitBreaker = new CircuitBreakerSettings.Builder();
    private RetrySettings.Builder retry = new RetrySettings.Builder();
    private TimeoutSettings.Builder timeout = new TimeoutSettings.Builder();
    private BulkheadSettings.Builder bulkhead = new BulkheadSettings.Builder();
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();

    private Builder() {}

    /** Edits the circuit breaker settings, e.g. {@code circuitBreaker(b -> b.failureThreshold(5))}. */
    public Builder circuitBreaker(Consumer<CircuitBreakerSettings.Builder> edit) {
      Objects.requireNonNull(edit, "edit").accept(circuitBreaker);
      return this;
    }

    /** Edits the retry settings, e.g. {@code retry(r -> r.maxRetries(0))} to fail over at once. */
    public Builder retry(Consumer<RetrySettings.Builder> edit) {
      Objects.requireNonNull(edit, "edit").accept(retry);
      return this;
    }

    /** Edits the time limits, e.g. {@code timeout(t -> t.deadline(Duration.ofSeconds(20)))}. */
    public Builder timeout(Consumer<TimeoutSettings.Builder> edit) {
      Objects.requireNonNull(edit, "edit").accept(timeout);
      return this;
    }

    /** Edits the concurrency caps, e.g. {@code bulkhead(b -> b.concurrencyCap("ollama", 4))}. */
    public Builder bulkhead(Consumer<BulkheadSettings.Builder> edit) {
      Objects.requireNonNull(edit, "edit").accept(bulkhead);
      return this;
    }

    /** Limits {@code service}'s requests and tokens; replaces the service's earlier limit. */
    public Builder rateLimit(String service, RateLimit limit) {
      rateLimits.put(Objects.requireNonNull(service, "service"), Objects.requireNonNull(limit, "limit"));
      return this;
    }

    public FailoverPolicy build() {
      return new FailoverPolicy(this);
    }
  }
}
