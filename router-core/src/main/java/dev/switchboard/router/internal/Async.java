package dev.switchboard.router.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Blocking work run on an executor behind a future whose cancel interrupts it. Not API. */
public final class Async {
  /**
   * Where a client's blocking {@code chat} runs when it has no async form of its own: daemon
   * threads, created on first use, one per call in flight, reused when idle (an idle one ends
   * after 60 s). Not the common fork-join pool: it is sized for computing, and blocking calls
   * there would queue behind each other, their deadlines running.
   */
  public static final Executor BLOCKING = command -> Holder.POOL.execute(command);

  private Async() {}

  private static final class Holder {
    static final AtomicInteger THREADS = new AtomicInteger();
    static final Executor POOL = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "switchboard-chat-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code work} on {@code executor}. Cancelling the returned future interrupts the thread
   * running it (a plain {@link CompletableFuture} would not), so blocking work that stops on
   * interrupt stops; work that does not keeps its thread until it returns, but its result is
   * dropped and the caller is not held.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the executor refuses the work
   */
  public static <T> CompletableFuture<T> run(Supplier<T> work, Executor executor) {
    Task<T> task = new Task<>();
    task.runner = new FutureTask<>(() -> {
      try {
        task.complete(work.get());
      } catch (Throwable e) {
        task.completeExceptionally(e);
      }
      return null;
    });
    executor.execute(() -> {
      task.runner.run();
      if (task.runner.isCancelled()) {
        Thread.interrupted(); // the cancel's interrupt has landed (FutureTask waits for it): keep it off the pool's thread
      }
    });
    return task;
  }

  /** FutureTask delivers the interrupt only while the work runs; run() then clears it. */
  private static final class Task<T> extends CompletableFuture<T> {
    volatile FutureTask<Void> runner;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        runner.cancel(true);
      }
      return cancelled;
    }
  }
}
