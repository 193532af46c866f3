package dev.switchboard.router.failover;

import dev.switchboard.router.DeadlineExceededException;
import dev.switchboard.router.chat.RoutingMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the router copes with failing, slow and busy backends: circuit breakers, retries, the
 * per-request deadline, concurrency caps, per-service rate limits and stream timeouts. Immutable;
 * build with {@link #builder()}; {@link #defaults()} is what a router uses when given none.
 *
 * <pre>{@code
 * FailoverPolicy policy = FailoverPolicy.builder()
 *     .failureThreshold(3)                       // 3 failures in a row open a backend's breaker
 *     .cooldown(Duration.ofSeconds(30))          // then one trial request after 30 s
 *     .maxRetries(2)                             // per request, over all backends
 *     .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
 *     .deadline(Duration.ofSeconds(60))
 *     .concurrencyCap("ollama", 4)               // spill to the next candidate when full...
 *     .capacityWait(Duration.ofMillis(250))      // ...after waiting up to 250 ms
 *     .rateLimit("search", RateLimit.requestsPerSecond(20).withTokensPerMinute(200_000))
 *     .firstTokenTimeout(Duration.ofSeconds(10))
 *     .waitForHalfOpen(Duration.ofSeconds(5))    // when all are down, wait for the first trial
 *     .build();
 * }</pre>
 */
public final class FailoverPolicy {
  private static final FailoverPolicy DEFAULTS = builder().build();

  private final int failureThreshold;
  private final Duration cooldown;
  private final Duration misconfiguredCooldown;
  private final int maxRetries;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final double jitter;
  private final Duration deadline;
  private final Duration attemptTimeout;
  private final int defaultConcurrencyCap;
  private final Map<String, Integer> concurrencyCaps;
  private final Duration capacityWait;
  private final Map<String, RateLimit> rateLimits;
  private final Duration firstTokenTimeout;
  private final Duration waitForHalfOpen;
  private final Duration maxRetryAfter;
  private final Sleeper sleeper;
  private final Scheduler scheduler;

  private FailoverPolicy(Builder b) {
    this.failureThreshold = b.failureThreshold;
    this.cooldown = b.cooldown;
    this.misconfiguredCooldown = b.misconfiguredCooldown;
    this.maxRetries = b.maxRetries;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.jitter = b.jitter;
    this.deadline = b.deadline;
    this.attemptTimeout = b.attemptTimeout;
    this.defaultConcurrencyCap = b.defaultConcurrencyCap;
    this.concurrencyCaps = Map.copyOf(b.concurrencyCaps);
    this.capacityWait = b.capacityWait;
    this.rateLimits = Map.copyOf(b.rateLimits);
    this.firstTokenTimeout = b.firstTokenTimeout;
    this.waitForHalfOpen = b.waitForHalfOpen;
    this.maxRetryAfter = b.maxRetryAfter;
    this.sleeper = b.sleeper;
    this.scheduler = b.scheduler;
  }

  public static FailoverPolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Failures in a row that open a backend's circuit breaker. Default 3. */
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

  /** Retries of the same backend per request, shared by all its backends. Default 2. */
  public int maxRetries() {
    return maxRetries;
  }

  public Duration backoffBase() {
    return backoffBase;
  }

  public Duration backoffMax() {
    return backoffMax;
  }

  /** Jitter as a share of each backoff delay (0.25: plus or minus 25%). */
  public double jitter() {
    return jitter;
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

  /** At most this many calls in flight to {@code backend}; empty when unlimited. */
  public OptionalInt concurrencyCap(String backend) {
    int cap = concurrencyCaps.getOrDefault(backend, defaultConcurrencyCap);
    return cap > 0 ? OptionalInt.of(cap) : OptionalInt.empty();
  }

  /** How long a request waits for a full backend before spilling to the next candidate. Default 0. */
  public Duration capacityWait() {
    return capacityWait;
  }

  public Optional<RateLimit> rateLimit(String service) {
    return Optional.ofNullable(rateLimits.get(service));
  }

  public Map<String, RateLimit> rateLimits() {
    return rateLimits;
  }

  /** A stream with no content within this time fails over (before the first token only). Default 30 s. */
  public Duration firstTokenTimeout() {
    return firstTokenTimeout;
  }

  /** When every candidate is down, wait up to this long for the first to turn half-open. Default 0. */
  public Duration waitForHalfOpen() {
    return waitForHalfOpen;
  }

  /**
   * The longest a backend's {@code Retry-After} keeps it out of rotation for every request
   * (a server asking for more is believed only this far). Default 5 min.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.failureThreshold = failureThreshold;
    b.cooldown = cooldown;
    b.misconfiguredCooldown = misconfiguredCooldown;
    b.maxRetries = maxRetries;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.jitter = jitter;
    b.deadline = deadline;
    b.attemptTimeout = attemptTimeout;
    b.defaultConcurrencyCap = defaultConcurrencyCap;
    b.concurrencyCaps.putAll(concurrencyCaps);
    b.capacityWait = capacityWait;
    b.rateLimits.putAll(rateLimits);
    b.firstTokenTimeout = firstTokenTimeout;
    b.waitForHalfOpen = waitForHalfOpen;
    b.maxRetryAfter = maxRetryAfter;
    b.sleeper = sleeper;
    b.scheduler = scheduler;
    return b;
  }

  @Override
  public String toString() {
    return "FailoverPolicy{threshold=" + failureThreshold + ", cooldown=" + cooldown + ", maxRetries=" + maxRetries
        + ", backoff=" + backoffBase + ".." + backoffMax + ", deadline=" + deadline
        + (attemptTimeout != null ? ", attemptTimeout=" + attemptTimeout : "") + ", caps=" + concurrencyCaps
        + (defaultConcurrencyCap > 0 ? ", defaultCap=" + defaultConcurrencyCap : "") + ", capacityWait="
        + capacityWait + ", rateLimits=" + rateLimits + ", firstTokenTimeout=" + firstTokenTimeout
        + ", waitForHalfOpen=" + waitForHalfOpen + ", maxRetryAfter=" + maxRetryAfter + "}";
  }

  /** Builds a {@link FailoverPolicy}; every setter checks its value and names it when wrong. */
  public static final class Builder {
    private int failureThreshold = 3;
    private Duration cooldown = Duration.ofSeconds(30);
    private Duration misconfiguredCooldown = Duration.ofMinutes(5);
    private int maxRetries = 2;
    private Duration backoffBase = Duration.ofMillis(200);
    private Duration backoffMax = Duration.ofSeconds(5);
    private double jitter = 0.25;
    private Duration deadline = Duration.ofSeconds(60);
    private Duration attemptTimeout;
    private int defaultConcurrencyCap;
    private final Map<String, Integer> concurrencyCaps = new LinkedHashMap<>();
    private Duration capacityWait = Duration.ZERO;
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
    private Duration firstTokenTimeout = Duration.ofSeconds(30);
    private Duration waitForHalfOpen = Duration.ZERO;
    private Duration maxRetryAfter = Duration.ofMinutes(5);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Scheduler scheduler = Scheduler.daemon();

    private Builder() {}

    public Builder failureThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("failureThreshold must be at least 1: " + failures);
      }
      this.failureThreshold = failures;
      return this;
    }

    public Builder cooldown(Duration cooldown) {
      this.cooldown = positive(cooldown, "cooldown");
      return this;
    }

    public Builder misconfiguredCooldown(Duration cooldown) {
      this.misconfiguredCooldown = positive(cooldown, "misconfiguredCooldown");
      return this;
    }

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
      positive(base, "backoff base");
      positive(max, "backoff max");
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

    /** The whole request's time limit, a stream included ({@link FailoverPolicy#deadline()}). */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /** Cancels a backend call after this long (or at the deadline, if sooner) and fails over to the next candidate. */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = positive(timeout, "attemptTimeout");
      return this;
    }

    /** A concurrency cap for every backend without its own (0: unlimited, the default). */
    public Builder concurrencyCap(int maxInFlight) {
      this.defaultConcurrencyCap = notNegative(maxInFlight);
      return this;
    }

    public Builder concurrencyCap(String backend, int maxInFlight) {
      concurrencyCaps.put(Objects.requireNonNull(backend, "backend"), notNegative(maxInFlight));
      return this;
    }

    /** How long to wait for a full backend before spilling to the next candidate (0: spill at once). */
    public Builder capacityWait(Duration wait) {
      this.capacityWait = notNegative(wait, "capacityWait");
      return this;
    }

    public Builder rateLimit(String service, RateLimit limit) {
      rateLimits.put(Objects.requireNonNull(service, "service"), Objects.requireNonNull(limit, "limit"));
      return this;
    }

    public Builder firstTokenTimeout(Duration timeout) {
      this.firstTokenTimeout = positive(timeout, "firstTokenTimeout");
      return this;
    }

    /** When all candidates are down, wait up to this long for the first to turn half-open (0: fail at once). */
    public Builder waitForHalfOpen(Duration wait) {
      this.waitForHalfOpen = notNegative(wait, "waitForHalfOpen");
      return this;
    }

    /** Caps how long one {@code Retry-After} keeps a backend out of rotation for every request. */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = positive(max, "maxRetryAfter");
      return this;
    }

    /** How the router waits; tests pass a {@link dev.switchboard.router.testing.ManualScheduler}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Runs the router's timers; tests pass a {@link dev.switchboard.router.testing.ManualScheduler}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public FailoverPolicy build() {
      return new FailoverPolicy(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    private static Duration notNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }

    private static int notNegative(int cap) {
      if (cap < 0) {
        throw new IllegalArgumentException("concurrency cap must not be negative (0: unlimited): " + cap);
      }
      return cap;
    }
  }
}
