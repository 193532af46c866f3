package dev.switchboard.router.failover;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The default {@link Scheduler}: one daemon timer thread, created on first use (lazy holder). A
 * task that fires is handed to the common fork-join pool, so a task that goes on to start the next
 * backend's stream never holds up the other timers. Not API.
 */
final class DaemonScheduler {
  public static final Scheduler INSTANCE =
      (delay, task) -> Holder.SCHEDULER.schedule(delay, () -> ForkJoinPool.commonPool().execute(task));

  private DaemonScheduler() {}

  private static final class Holder {
    static final Scheduler SCHEDULER = Scheduler.of(timer());

    // Every stream sets a deadline timer and almost every one is cancelled: drop cancelled timers at
    // once rather than keep each stream's request reachable until its deadline would have come.
    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "switchboard-timer");
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }
}
