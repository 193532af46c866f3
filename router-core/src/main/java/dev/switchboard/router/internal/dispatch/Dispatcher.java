package dev.switchboard.router.internal.dispatch;

import dev.failsafe.RetryPolicy;
import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.DeadlineExceededException;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.Scheduler;
import dev.switchboard.router.failover.Sleeper;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.spi.StreamAssembler;
import dev.switchboard.router.StreamInterruptedException;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.internal.health.BackendGuard;
import dev.switchboard.router.internal.health.BackendGuard.Admission;
import dev.switchboard.router.internal.health.Health;
import dev.switchboard.router.internal.health.RateLimits;
import dev.switchboard.router.internal.health.RetryBudget;
import dev.switchboard.router.internal.plan.TokenEstimate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tries the planned backends in order until one answers, through each backend's
 * {@link BackendGuard} (circuit breaker, concurrency cap), with one retry budget per request and
 * a deadline over the whole request: each backend is told its time budget in the body it receives,
 * and an attempt that runs past it is cancelled. What each failure leads to:
 * <ul>
 *   <li>the request's own fault (400, 413, 422), a cancel: ends the request at once;
 *   <li>the backend's configuration (401, 403, 404): marks it misconfigured, next candidate;
 *   <li>anything retryable (429, 5xx, timeouts, transport): the same backend again after a
 *       backoff (or its Retry-After) while the budget and deadline allow, then the next candidate;
 *   <li>an attempt the router stopped waiting for (attempt timeout): the next candidate at once.
 * </ul>
 * The same decision ({@link #settle}) serves blocking and streamed attempts; a stream never
 * retries the backend it already tried, it fails over. Every call to a backend goes through here:
 * answers, the quality loop's reference calls and re-probes.
 */
public final class Dispatcher {
  private static final Duration SHORTEST_BUDGET = Duration.ofMillis(1);

  private final Clock clock;
  private final FailoverPolicy policy;
  private final Sleeper sleeper;
  private final Scheduler scheduler;
  private final Health health;
  private final RateLimits rateLimits;
  private final RetryPolicy<Object> retryPolicy;
  private final Duration firstTokenLimit;
  private final RouterListener events; // retries, rate-limit waits, successful attempts

  public Dispatcher(Clock clock, Sleeper sleeper, Scheduler scheduler, FailoverPolicy policy, Health health) {
    this(clock, sleeper, scheduler, policy, health, RouterListener.NONE);
  }

  /** {@code events} hears rate-limit waits, retries and successful attempts (for metrics). */
  public Dispatcher(Clock clock, Sleeper sleeper, Scheduler scheduler, FailoverPolicy policy, Health health,
      RouterListener events) {
    this.events = events;
    this.clock = clock;
    this.sleeper = sleeper;
    this.scheduler = scheduler;
    this.policy = policy;
    this.health = health;
    this.rateLimits = new RateLimits(policy.rateLimits(), clock, sleeper);
    this.retryPolicy = RetryBudget.policy(policy.retry());
    this.firstTokenLimit = shorter(policy.timeout().firstTokenTimeout(),
        policy.timeout().attemptTimeout().orElse(null));
  }

  /** What dispatch produced: the answer, the backend that gave it, and every attempt in order. */
  public record Outcome(ChatResponse response, Backend backend, List<Attempt> attempts) {}

  /**
   * Who one dispatch reports to, as it happens: every failed attempt (to be priced and told), and
   * for a stream the backend whose output reaches the caller and that output. Only the request's
   * owner talks to the caller; the dispatcher talks to it through this.
   */
  public interface Progress {
    /** An attempt failed; called once per attempt, on the thread that saw it fail. */
    void attemptFailed(Attempt attempt);

    /** A stream's output will come from {@code backend}: called once, before its first chunk. */
    default void streamingFrom(Backend backend) {}

    /** A chunk of the chosen backend's stream, in order. */
    default void chunk(ChatChunk chunk) {}
  }

  /** What to do after a failed attempt. */
  private enum Next { END, FAIL_OVER, RETRY }

  /** The body a backend receives: the routing metadata stripped, the backend's model written in. */
  public static ChatRequest forBackend(ChatRequest request, Backend backend) {
    ChatRequest r = request.withRouting(RoutingMetadata.NONE);
    return backend.model().map(r::withModel).orElse(r);
  }

  /** {@code body} carrying how long its backend may take ({@link RoutingMetadata#timeBudget()}). */
  private static ChatRequest withBudget(ChatRequest body, Duration budget) {
    return body.withRouting(body.routing().withTimeBudget(budget));
  }

  /** The shorter of two durations; {@code b} may be null (no limit). */
  private static Duration shorter(Duration a, Duration b) {
    return b != null && b.compareTo(a) < 0 ? b : a;
  }

  /** One request's progress: deadline, retry budget, attempts, what was passed over. */
  private final class Run {
    /** Backends whose breaker already counted a failure of this request: retries do not count again. */
    final java.util.Set<String> counted = new java.util.HashSet<>(2);
    final ChatRequest request;
    final List<Backend> candidates;
    final Duration limit; // the policy's deadline, or the request's own time budget when shorter
    final Instant deadline;
    final RetryBudget budget = RetryBudget.start(retryPolicy);
    final List<Attempt> attempts = new ArrayList<>(2);
    final List<String> skipped;
    final Progress progress;
    RuntimeException last;
    // The router stopped waiting at the deadline in real time (a stream's timer, a blocking wait):
    // the request is over whatever the clock reads (a test's manual clock does not move meanwhile).
    volatile boolean overdue;
    BackendException cut; // the last attempt the router stopped waiting for

    /** @param start when the caller made the request: the deadline counts from there */
    Run(ChatRequest request, List<Backend> candidates, List<String> skipped, Instant start, Progress progress) {
      this.request = request;
      this.progress = progress;
      this.candidates = candidates;
      this.skipped = new ArrayList<>(skipped);
      this.limit = shorter(policy.timeout().deadline(), request.routing().timeBudget().orElse(null));
      this.deadline = start.plus(limit);
    }

    Duration remaining() {
      Duration d = Duration.between(clock.instant(), deadline);
      return d.isNegative() ? Duration.ZERO : d;
    }

    boolean expired() {
      return overdue || !clock.instant().isBefore(deadline);
    }

    /** What one blocking attempt may take: the time left, or the attempt timeout when shorter. */
    Duration attemptBudget() {
      return atLeastShortest(shorter(remaining(), policy.timeout().attemptTimeout().orElse(null)));
    }

    /** What a stream may take: the time left (the attempt timeout bounds only its first token). */
    Duration streamBudget() {
      return atLeastShortest(remaining());
    }

    private Duration atLeastShortest(Duration d) {
      return d.compareTo(SHORTEST_BUDGET) < 0 ? SHORTEST_BUDGET : d;
    }

    void limit() {
      Duration waited = rateLimits.acquire(request.routing().service(),
          TokenEstimate.promptTokens(request) + TokenEstimate.outputTokens(request), remaining());
      if (!waited.isZero()) {
        events.onRateLimitWait(request, waited);
      }
    }

    void succeeded(Attempt a) {
      attempts.add(a);
      events.onAttemptSucceeded(request, a);
    }

    void passOver(Backend b, Admission why) {
      skipped.add(b.name() + ": " + switch (why) {
        case FULL -> "concurrency cap " + policy.bulkhead().concurrencyCap(b.name()).orElse(0) + " full";
        case COOLING -> "cooling down until " + health.guard(b).health().coolingDownUntil()
            .map(Instant::toString).orElse("now") + " (Retry-After)";
        default -> "circuit " + health.guard(b).health().state();
      });
    }

    Attempt record(Backend b, RuntimeException e, Instant start) {
      Attempt a = failed(b, e, start);
      attempts.add(a);
      progress.attemptFailed(a);
      last = e;
      return a;
    }

    /** Sleeps until the first candidate turns half-open, when configured and within bounds. */
    boolean awaitHalfOpen(Instant waitUntil) {
      Instant at = health.firstAvailable(candidates);
      if (at == null || at.isAfter(waitUntil) || at.isAfter(deadline)) {
        return false;
      }
      Duration d = Duration.between(clock.instant(), at);
      if (d.compareTo(Duration.ZERO) > 0) {
        sleep(d);
      }
      return true;
    }

    NoBackendAvailableException exhausted() {
      if (expired()) {
        return deadlineExceeded(last);
      }
      return new NoBackendAvailableException(summary(attempts), attempts, skipped, health.states(candidates), last);
    }

    DeadlineExceededException deadlineExceeded(Throwable cause) {
      return new DeadlineExceededException(limit, attempts, skipped, health.states(candidates), cause);
    }
  }

  /** Answers {@code request}, blocking; {@code start} is when the caller asked (the deadline runs from it). */
  public Outcome dispatch(ChatRequest request, List<Backend> candidates, List<String> skipped, Instant start,
      Progress progress) {
    Run run = new Run(request, candidates, skipped, start, progress);
    run.limit();
    Instant waitUntil = clock.instant().plus(policy.circuitBreaker().waitForHalfOpen());
    do {
      for (Backend b : candidates) {
        if (run.expired()) {
          throw run.exhausted();
        }
        ChatResponse response = tryBackend(run, b);
        if (response != null) {
          return new Outcome(response, b, run.attempts);
        }
      }
    } while (!run.expired() && run.awaitHalfOpen(waitUntil));
    throw run.exhausted();
  }

  /** Calls one backend, retrying it while the budget and deadline allow; null to fail over. */
  private ChatResponse tryBackend(Run run, Backend b) {
    BackendGuard guard = health.guard(b);
    while (true) {
      Admission admission = admit(guard, run);
      if (admission != Admission.ADMITTED) {
        run.passOver(b, admission);
        return null;
      }
      Instant start = clock.instant();
      ChatResponse response;
      try {
        response = call(b, forBackend(run.request, b), run);
        if (response == null) {
          throw new BackendException(b.name(), FailureKind.MALFORMED_RESPONSE, "the client returned no response");
        }
      } catch (RuntimeException e) {
        Attempt a = run.record(b, e, start);
        Next next = settle(guard, run, a, e);
        if (next == Next.END) {
          throw e;
        }
        Duration retryIn = next == Next.RETRY ? run.budget.onFailure((BackendException) e) : null;
        if (retryIn == null || run.remaining().compareTo(retryIn) <= 0) {
          return null;
        }
        events.onRetry(run.request, a, retryIn);
        sleep(retryIn);
        continue;
      }
      guard.succeeded();
      run.succeeded(Attempt.success(b.name(), b.tier(), elapsed(start)));
      return response;
    }
  }

  /**
   * One attempt, through the client's {@code chatAsync}, told its budget (the time left, or the
   * attempt timeout when shorter) and waited for no longer: then the call is cancelled and counts
   * as a timeout. The wait is real time, since the backend runs on real time whatever the router's
   * clock; a client that answers at once (an in-memory one) is never waited for.
   */
  private ChatResponse call(Backend b, ChatRequest body, Run run) {
    Duration budget = run.attemptBudget();
    boolean attemptTimeout = policy.timeout().attemptTimeout().filter(t -> t.equals(budget)).isPresent();
    long begin = System.nanoTime();
    CompletableFuture<ChatResponse> answer = b.client().chatAsync(withBudget(body, budget));
    if (answer == null) {
      throw new BackendException(b.name(), FailureKind.MALFORMED_RESPONSE, "the client's chatAsync returned no future");
    }
    try {
      return answer.get(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw outOfTime(run, attemptTimeout, new BackendException(b.name(), FailureKind.TIMEOUT, "no answer within "
          + budget + (attemptTimeout ? ", the attempt timeout" : ", the time left before the request's deadline of "
          + run.limit)));
    } catch (ExecutionException e) {
      RuntimeException failure = thrown(b, e.getCause());
      if (failure instanceof BackendException be && be.kind() == FailureKind.TIMEOUT
          && System.nanoTime() - begin >= budget.toNanos()) {
        throw outOfTime(run, attemptTimeout, be); // the adapter kept to the budget it was given, a moment before us
      }
      throw failure;
    } catch (CancellationException e) {
      throw new BackendException(b.name(), FailureKind.CANCELLED, "the client cancelled the call");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new BackendException(b.name(), FailureKind.CANCELLED, "interrupted while waiting for the answer");
    }
  }

  /** The attempt ran out of its budget: fail over at the attempt timeout, end the request at the deadline. */
  private static BackendException outOfTime(Run run, boolean attemptTimeout, BackendException e) {
    if (!attemptTimeout) {
      run.overdue = true;
    }
    run.cut = e;
    return e;
  }

  /** What a client's future failed with, thrown as it was when it can be. */
  private static RuntimeException thrown(Backend b, Throwable cause) {
    if (cause instanceof RuntimeException e) {
      return e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new BackendException(b.name(), FailureKind.OTHER, String.valueOf(cause), cause);
  }

  private Admission admit(BackendGuard guard, Run run) {
    Duration capacityWait = policy.bulkhead().capacityWait();
    Duration wait = capacityWait.compareTo(run.remaining()) < 0 ? capacityWait : run.remaining();
    try {
      return guard.admit(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(guard.backend().name(), FailureKind.CANCELLED, "interrupted while waiting for capacity");
    }
  }

  /**
   * The one failure decision, for blocking and streamed attempts alike: tells the guard how the
   * attempt ended and says what comes next. The request's own fault or a cancel ends the request;
   * a misconfigured backend is set aside; anything else counts against the backend and is worth
   * a retry of the same backend when it is retryable, the router did not cut it short, and the
   * breaker is still closed. A request's retries of one backend count once toward its breaker:
   * the breaker opens on failures of different requests in a row, never on one unlucky
   * request's retries.
   */
  private static Next settle(BackendGuard guard, Run run, Attempt a, RuntimeException e) {
    FailureKind kind = a.failure();
    if (kind.requestFault() || kind == FailureKind.CANCELLED) {
      guard.neutral();
      return Next.END;
    }
    if (kind.misconfiguration()) {
      guard.misconfigured(a.error());
      return Next.FAIL_OVER;
    }
    boolean cut = e == run.cut; // too slow for this request: its Retry-After is not news, and no retry here
    Duration retryAfter = cut ? null : retryAfter(e);
    if (run.counted.add(guard.backend().name())) {
      guard.failed(a.error(), retryAfter);
    } else {
      guard.failedAgain(a.error(), retryAfter); // one request is one piece of evidence against a backend
    }
    return cut || !kind.retryable() || !(e instanceof BackendException) || guard.open()
        ? Next.FAIL_OVER // a backend whose breaker just opened is not worth a wait
        : Next.RETRY;
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwitchboardException("interrupted while waiting to retry", e);
    }
  }

  /**
   * Streams from the first backend that delivers output. Until the first piece of output reaches
   * the caller, a failed or stalled stream (nothing within the first-token timeout, or the attempt
   * timeout when shorter) fails over to the next candidate unnoticed; after it, a failure is a
   * {@link StreamInterruptedException}, never a spliced answer. Streams fail over without retrying
   * the same backend, and a full backend is spilled over at once (stream callbacks must not block).
   * A timer on the router's scheduler cuts the running stream at the deadline: a
   * {@link DeadlineExceededException}, whose cause is a {@link StreamInterruptedException} with the
   * partial text when output had reached the caller. Completes {@code done}.
   */
  public void stream(ChatRequest request, List<Backend> candidates, List<String> skipped, Instant start,
      Progress progress, CompletableFuture<Outcome> done, AtomicReference<Runnable> cancel) {
    Run run = new Run(request, candidates, skipped, start, progress);
    try {
      run.limit();
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    StreamRun stream = new StreamRun(run, done, cancel);
    Runnable stopDeadlineTimer = scheduler.schedule(run.remaining(), stream::deadlinePassed);
    done.whenComplete((outcome, error) -> stopDeadlineTimer.run());
    stream.next();
  }

  private final class StreamRun {
    static final int WAITING = 0;
    static final int RELEASED = 1;
    static final int FINISHED = 2;

    final Run run;
    final CompletableFuture<Outcome> done;
    final AtomicReference<Runnable> cancel;
    int index;
    volatile Leg current;

    StreamRun(Run run, CompletableFuture<Outcome> done, AtomicReference<Runnable> cancel) {
      this.run = run;
      this.done = done;
      this.cancel = cancel;
    }

    void next() {
      while (!done.isDone()) {
        if (index >= run.candidates.size() || run.expired()) {
          done.completeExceptionally(run.exhausted());
          return;
        }
        Backend b = run.candidates.get(index++);
        BackendGuard guard = health.guard(b);
        Admission admission;
        try {
          admission = guard.admit(Duration.ZERO);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          done.completeExceptionally(new BackendException(b.name(), FailureKind.CANCELLED, "interrupted"));
          return;
        }
        if (admission == Admission.ADMITTED) {
          start(b, guard);
          return;
        }
        run.passOver(b, admission);
      }
    }

    /** The deadline timer: cuts the running leg, or marks the run so that no leg starts. */
    void deadlinePassed() {
      run.overdue = true;
      Leg leg = current;
      if (leg != null) {
        leg.cutAtDeadline();
      }
    }

    private void start(Backend b, BackendGuard guard) {
      Leg leg = new Leg(b, guard);
      current = leg;
      if (run.overdue) { // the deadline passed while this backend was being chosen: do not call it
        if (leg.phase.compareAndSet(WAITING, FINISHED)) {
          guard.neutral();
          done.completeExceptionally(run.exhausted());
        }
        return;
      }
      leg.stopTimer.set(scheduler.schedule(firstTokenLimit, leg::firstTokenTimedOut));
      try {
        var handle = b.client().stream(withBudget(forBackend(run.request, b), run.streamBudget()), leg);
        leg.cancelBackend.set(handle::cancel);
        cancel.set(handle::cancel);
        if (leg.phase.get() == FINISHED && !handle.completion().isDone()) {
          handle.cancel(); // the timer fired before the handle existed
        }
      } catch (RuntimeException e) {
        leg.onError(e);
      }
    }

    /**
     * One backend's try at the stream: holds output back until the first token, then passes it on.
     * It keeps the chunks it received but assembles them only when the backend's completion
     * brings no response, or to say what the caller got before a break: the adapter assembles
     * the answer, not this.
     */
    private final class Leg implements StreamListener {
      final Backend b;
      final BackendGuard guard;
      final Instant start = clock.instant();
      final List<ChatChunk> received = new ArrayList<>();
      final List<ChatChunk> held = new ArrayList<>();
      final AtomicInteger phase = new AtomicInteger(WAITING);
      final AtomicReference<Runnable> stopTimer = new AtomicReference<>(() -> {});
      final AtomicReference<Runnable> cancelBackend = new AtomicReference<>(() -> {});

      Leg(Backend b, BackendGuard guard) {
        this.b = b;
        this.guard = guard;
      }

      @Override
      public void onChunk(ChatChunk chunk) {
        synchronized (held) {
          int p = phase.get();
          if (p == FINISHED) {
            return;
          }
          received.add(chunk);
          if (p == RELEASED) {
            run.progress.chunk(chunk);
          } else if (chunk.hasOutput()) {
            if (!phase.compareAndSet(WAITING, RELEASED)) {
              return; // the first-token timer fired first: this backend is already abandoned
            }
            stopTimer.get().run();
            release();
            run.progress.chunk(chunk);
          } else {
            held.add(chunk);
          }
        }
      }

      @Override
      public void onComplete(ChatResponse response) {
        synchronized (held) {
          int p = phase.getAndSet(FINISHED);
          if (p == FINISHED) {
            return;
          }
          stopTimer.get().run();
          if (p == WAITING) {
            release(); // an empty answer is still an answer
          }
        }
        guard.succeeded();
        run.succeeded(Attempt.success(b.name(), b.tier(), elapsed(start)));
        ChatResponse whole = response != null ? response : assembled().toResponse();
        done.complete(new Outcome(whole, b, run.attempts));
      }

      /** This backend's output goes to the caller from now on, starting with what was held back. */
      private void release() {
        run.progress.streamingFrom(b);
        held.forEach(run.progress::chunk);
        held.clear();
      }

      private StreamAssembler assembled() {
        StreamAssembler assembler = new StreamAssembler();
        synchronized (held) {
          received.forEach(assembler::add);
        }
        return assembler;
      }

      @Override
      public void onError(Throwable error) {
        int p = phase.getAndSet(FINISHED);
        if (p == FINISHED) {
          return;
        }
        stopTimer.get().run();
        failed(error, p == RELEASED);
      }

      void firstTokenTimedOut() {
        if (phase.compareAndSet(WAITING, FINISHED)) {
          cancelBackend.get().run();
          failed(new BackendException(b.name(), FailureKind.TIMEOUT, "no first token within " + firstTokenLimit), false);
        }
      }

      /** Ends this leg as a timeout, whatever its phase; under the lock, so no chunk is being passed on. */
      void cutAtDeadline() {
        int p;
        synchronized (held) {
          p = phase.getAndSet(FINISHED);
        }
        if (p == FINISHED) {
          return;
        }
        stopTimer.get().run();
        cancelBackend.get().run();
        failed(new BackendException(b.name(), FailureKind.TIMEOUT, "cut at the request's deadline of " + run.limit
            + (p == RELEASED ? ", mid-answer" : ", before its first token")), p == RELEASED);
      }

      private void failed(Throwable error, boolean released) {
        RuntimeException e = error instanceof RuntimeException r ? r
            : new BackendException(b.name(), FailureKind.OTHER, String.valueOf(error.getMessage()), error);
        Attempt a = run.record(b, e, start);
        if (settle(guard, run, a, e) == Next.END) { // a stream fails over instead of retrying the same backend
          done.completeExceptionally(e);
        } else if (released) {
          String partial = assembled().text();
          StreamInterruptedException broken = new StreamInterruptedException(b.name(), partial, e);
          done.completeExceptionally(run.expired() ? run.deadlineExceeded(broken) : broken);
        } else {
          next();
        }
      }
    }
  }

  private Attempt failed(Backend b, RuntimeException e, Instant start) {
    FailureKind kind = e instanceof BackendException be ? be.kind()
        : e instanceof InvalidRequestException ? FailureKind.BAD_REQUEST
        : e instanceof MalformedResponseException ? FailureKind.MALFORMED_RESPONSE
        : FailureKind.OTHER;
    String message = e instanceof SwitchboardException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return Attempt.failure(b.name(), b.tier(), kind, message, elapsed(start))
        .withBilledUsage(e instanceof BackendException be ? be.billedUsage().orElse(null) : null);
  }

  private static Duration retryAfter(RuntimeException e) {
    return e instanceof BackendException be ? be.retryAfter().orElse(null) : null;
  }

  private Duration elapsed(Instant start) {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** "3 attempts on 1 backend failed": attempts and backends counted apart. */
  static String summary(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return "no backend can serve this request";
    }
    long backends = attempts.stream().map(Attempt::backend).distinct().count();
    return attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts") + " on " + backends
        + (backends == 1 ? " backend" : " backends") + " failed";
  }
}
