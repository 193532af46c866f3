package dev.switchboard.router.testing;

import dev.switchboard.router.failover.Scheduler;
import dev.switchboard.router.failover.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Timers and waits on a {@link ManualClock}: nothing runs and nobody sleeps until the test moves
 * time. {@link #advance} moves the clock and runs every task that has come due, in order; as the
 * router's {@link Sleeper} it advances the clock by the requested wait instead of sleeping.
 * Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * ManualScheduler time = new ManualScheduler(clock);
 * RoutingChatClient router = RoutingChatClient.builder().clock(clock).sleeper(time).scheduler(time)...build();
 * ...
 * time.advance(Duration.ofSeconds(10));   // fires the first-token timeout, if one is pending
 * }</pre>
 */
public final class ManualScheduler implements Scheduler, Sleeper {
  private final ManualClock clock;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>(); // guarded by this
  private long sequence; // guarded by this
  private Duration slept = Duration.ZERO; // guarded by this

  public ManualScheduler(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ManualClock clock() {
    return clock;
  }

  @Override
  public Runnable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    Task t;
    synchronized (this) {
      t = new Task(clock.instant().plus(delay), sequence++, task);
      tasks.add(t);
    }
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves the clock forward instead of sleeping, running any task that comes due. */
  @Override
  public void sleep(Duration duration) {
    synchronized (this) {
      slept = slept.plus(duration);
    }
    advance(duration);
  }

  /** Moves the clock forward by {@code by} and runs the tasks that are due, earliest first. */
  public ManualScheduler advance(Duration by) {
    clock.advance(by);
    runDue();
    return this;
  }

  /** Runs the tasks due at the clock's current time (they run on the calling thread). */
  public void runDue() {
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due.isAfter(clock.instant())) {
          return;
        }
        tasks.poll();
      }
      next.task.run();
    }
  }

  /** How many timers are waiting to fire. */
  public synchronized int pending() {
    return tasks.size();
  }

  /** The total time the router asked to sleep. */
  public synchronized Duration slept() {
    return slept;
  }

  /** The due times of the waiting timers, earliest first. */
  public synchronized List<Instant> dueTimes() {
    List<Task> copy = new ArrayList<>(tasks);
    copy.sort(null);
    return copy.stream().map(t -> t.due).toList();
  }

  private record Task(Instant due, long seq, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
