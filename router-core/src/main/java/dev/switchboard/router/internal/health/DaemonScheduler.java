package dev.switchboard.router.internal.health;

import dev.switchboard.router.Scheduler;
import java.util.concurrent.Executors;

/** The default {@link Scheduler}: one daemon thread, created on first use (lazy holder). Not API. */
public final class DaemonScheduler {
  public static final Scheduler INSTANCE = (delay, task) -> Holder.SCHEDULER.schedule(delay, task);

  private DaemonScheduler() {}

  private static final class Holder {
    static final Scheduler SCHEDULER = Scheduler.of(Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-timer");
      t.setDaemon(true);
      return t;
    }));
  }
}
