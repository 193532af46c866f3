package dev.switchboard.router.failover;

import java.time.Duration;

/**
 * How the router waits (retry backoff, Retry-After, rate-limit and half-open waits). The default
 * really sleeps; tests pass one that moves a {@link dev.switchboard.router.testing.ManualClock},
 * so nothing sleeps and timing is exact.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
