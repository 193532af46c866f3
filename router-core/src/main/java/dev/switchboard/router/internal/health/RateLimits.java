package dev.switchboard.router.internal.health;

import dev.failsafe.RateLimiter;
import dev.switchboard.router.RateLimit;
import dev.switchboard.router.RateLimitedException;
import dev.switchboard.router.Sleeper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-service request and token limits on Failsafe's bursty {@link RateLimiter}. Permits are
 * reserved (Failsafe computes the wait) and the wait goes through the router's {@link Sleeper},
 * so tests never sleep. Thread-safe.
 */
public final class RateLimits {
  private final Map<String, Limiter> limiters = new HashMap<>();
  private final Sleeper sleeper;

  public RateLimits(Map<String, RateLimit> limits, Sleeper sleeper) {
    this.sleeper = sleeper;
    limits.forEach((service, limit) -> limiters.put(service, new Limiter(limit)));
  }

  /**
   * Takes one request and {@code tokens} tokens from {@code service}'s limits, waiting up to the
   * limit's bound (and never past {@code remaining}).
   *
   * @throws RateLimitedException naming the service and the limit when the wait would be longer
   */
  public void acquire(String service, int tokens, Duration remaining) {
    Limiter l = limiters.get(service);
    if (l == null) {
      return;
    }
    Duration bound = remaining != null && remaining.compareTo(l.limit.maxWait()) < 0 ? remaining : l.limit.maxWait();
    Duration wait = Duration.ZERO;
    if (l.requests != null) {
      wait = reserve(service, l, l.requests, 1, bound, "no request slot within " + bound);
    }
    if (l.tokens != null) {
      if (tokens > l.limit.tokens()) {
        throw new RateLimitedException(service, l.limit.toString(), "this request alone needs ~" + tokens
            + " tokens");
      }
      Duration w = reserve(service, l, l.tokens, Math.max(1, tokens), bound, "~" + tokens + " tokens not available within "
          + bound);
      wait = w.compareTo(wait) > 0 ? w : wait;
    }
    if (wait.compareTo(Duration.ZERO) > 0) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RateLimitedException(service, l.limit.toString(), "interrupted while waiting for the limit");
      }
    }
  }

  private static Duration reserve(String service, Limiter l, RateLimiter<Object> limiter, int permits, Duration bound,
      String why) {
    Duration wait = limiter.tryReservePermits(permits, bound);
    if (wait.isNegative()) {
      throw new RateLimitedException(service, l.limit.toString(), why);
    }
    return wait;
  }

  private static final class Limiter {
    final RateLimit limit;
    final RateLimiter<Object> requests;
    final RateLimiter<Object> tokens;

    Limiter(RateLimit limit) {
      this.limit = limit;
      this.requests = limit.requests() > 0
          ? RateLimiter.burstyBuilder(limit.requests(), limit.requestPeriod()).build() : null;
      this.tokens = limit.tokens() > 0
          ? RateLimiter.burstyBuilder(limit.tokens(), limit.tokenPeriod()).build() : null;
    }
  }
}
