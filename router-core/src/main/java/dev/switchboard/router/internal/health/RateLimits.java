package dev.switchboard.router.internal.health;

import dev.switchboard.router.failover.RateLimit;
import dev.switchboard.router.RateLimitedException;
import dev.switchboard.router.failover.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-service request and token limits: bursty windows (a period's permits are all available at
 * its start, as Failsafe's bursty limiter does) timed by the router's {@link Clock}. Permits are
 * reserved ahead, the wait is computed, and the wait goes through the router's {@link Sleeper},
 * so tests never sleep. Failsafe's own limiter times itself with {@code System.nanoTime()} and
 * cannot take a clock, which would leave this the one part of the router on real time.
 * Thread-safe.
 */
public final class RateLimits {
  private final Map<String, Limiter> limiters = new HashMap<>();
  private final Clock clock;
  private final Sleeper sleeper;

  public RateLimits(Map<String, RateLimit> limits, Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
    limits.forEach((service, limit) -> limiters.put(service, new Limiter(limit, clock.millis())));
  }

  /**
   * Takes one request and {@code tokens} tokens from {@code service}'s limits, waiting up to the
   * limit's bound (and never until {@code remaining} runs out).
   *
   * @return how long it waited (zero when it did not)
   * @throws RateLimitedException naming the service and the limit when the wait would be longer
   */
  public Duration acquire(String service, int tokens, Duration remaining) {
    Limiter l = limiters.get(service);
    if (l == null) {
      return Duration.ZERO;
    }
    if (l.tokens != null && tokens > l.limit.tokens()) {
      throw new RateLimitedException(service, l.limit.toString(), "this request alone needs ~" + tokens + " tokens");
    }
    // A wait that would use up the rest of the deadline leaves no time for the call itself.
    Duration bound = remaining != null && remaining.compareTo(l.limit.maxWait()) <= 0
        ? remaining.minusMillis(1) : l.limit.maxWait();
    Duration wait = l.reserve(clock.millis(), Math.max(1, tokens), bound);
    if (wait == null) {
      throw new RateLimitedException(service, l.limit.toString(), l.tokens == null ? "no request slot within " + bound
          : "no request slot or ~" + tokens + " tokens available within " + bound);
    }
    if (wait.compareTo(Duration.ZERO) > 0) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RateLimitedException(service, l.limit.toString(), "interrupted while waiting for the limit");
      }
    }
    return wait;
  }

  /** One service's windows; both are reserved together or not at all. */
  private static final class Limiter {
    final RateLimit limit;
    final Window requests; // null: no request limit
    final Window tokens; // null: no token limit

    Limiter(RateLimit limit, long startMillis) {
      this.limit = limit;
      this.requests = limit.requests() > 0 ? new Window(limit.requests(), limit.requestPeriod(), startMillis) : null;
      this.tokens = limit.tokens() > 0 ? new Window(limit.tokens(), limit.tokenPeriod(), startMillis) : null;
    }

    /** The wait before the reserved permits are due, or null (nothing reserved) when longer than {@code bound}. */
    synchronized Duration reserve(long nowMillis, long tokenCount, Duration bound) {
      long waitRequests = requests == null ? 0 : requests.waitFor(nowMillis, 1);
      long waitTokens = tokens == null ? 0 : tokens.waitFor(nowMillis, tokenCount);
      long wait = Math.max(waitRequests, waitTokens);
      if (wait > bound.toMillis()) {
        return null;
      }
      if (requests != null) {
        requests.take(1);
      }
      if (tokens != null) {
        tokens.take(tokenCount);
      }
      return Duration.ofMillis(wait);
    }
  }

  /**
   * {@code max} permits per period, all available at a period's start; permits taken beyond what
   * is left are borrowed from the periods ahead, and the taker waits for the period that covers them.
   */
  private static final class Window {
    final long max;
    final long periodMillis;
    final long startMillis;
    long period; // the index of the period last seen
    long available; // may be negative: borrowed from periods ahead

    Window(long max, Duration period, long startMillis) {
      this.max = max;
      this.periodMillis = Math.max(1, period.toMillis());
      this.startMillis = startMillis;
      this.available = max;
    }

    /** Milliseconds from now until {@code permits} more would be covered; refreshes the window to now. */
    long waitFor(long nowMillis, long permits) {
      long current = Math.max(period, Math.floorDiv(nowMillis - startMillis, periodMillis));
      if (current > period) {
        long refill;
        try {
          refill = Math.multiplyExact(current - period, max);
        } catch (ArithmeticException e) {
          refill = Long.MAX_VALUE;
        }
        available = available > max - refill ? max : available + refill;
        period = current;
      }
      long after = available - permits;
      if (after >= 0) {
        return 0;
      }
      long periodsAhead = (-after + max - 1) / max; // the periods whose permits cover the deficit
      long dueAt = startMillis + (period + periodsAhead) * periodMillis;
      return Math.max(0, dueAt - nowMillis);
    }

    void take(long permits) {
      available -= permits;
    }
  }
}
