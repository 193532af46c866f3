package dev.switchboard.router.failover;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the router's timers (a stream's first-token limit and its deadline).
 * Tests pass a {@link dev.switchboard.router.testing.ManualScheduler}.
 */
@FunctionalInterface
public interface Scheduler {
  /** Runs {@code task} after {@code delay}; the returned action cancels it if it has not run. */
  Runnable schedule(Duration delay, Runnable task);

  /** A scheduler over an executor the application owns. */
  static Scheduler of(ScheduledExecutorService executor) {
    return (delay, task) -> {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }

  /**
   * The default: one daemon thread, started the first time a timer is needed (only streams need
   * one), shared by every router in the JVM.
   */
  static Scheduler daemon() {
    return dev.switchboard.router.failover.DaemonScheduler.INSTANCE;
  }
}
