package dev.switchboard.router.internal.dispatch;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.ChatChunk;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.ChatResponse;
import dev.switchboard.router.DeadlineExceededException;
import dev.switchboard.router.FailoverPolicy;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RoutingMetadata;
import dev.switchboard.router.StreamAssembler;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Tries the planned backends in order until one answers, through each backend's
 * {@link BackendGuard} (circuit breaker, concurrency cap), with one retry budget per request and
 * a deadline over the whole request. What each failure leads to:
 * <ul>
 *   <li>the request's own fault (400, 413, 422), a cancel: ends the request at once;
 *   <li>the backend's configuration (401, 403, 404): marks it misconfigured, next candidate;
 *   <li>anything retryable (429, 5xx, timeouts, transport): the same backend again after a
 *       backoff (or its Retry-After) while the budget and deadline allow, then the next candidate.
 * </ul>
 */
public final class Dispatcher {
  private final Clock clock;
  private final FailoverPolicy policy;
  private final Health health;
  private final RateLimits rateLimits;
  private final RetryPolicy<Object> retryPolicy;
  private final BiConsumer<ChatRequest, Attempt> onAttemptFailed;

  public Dispatcher(Clock clock, FailoverPolicy policy, Health health, BiConsumer<ChatRequest, Attempt> onAttemptFailed) {
    this.clock = clock;
    this.policy = policy;
    this.health = health;
    this.rateLimits = new RateLimits(policy.rateLimits(), clock, policy.sleeper());
    this.retryPolicy = RetryBudget.policy(policy);
    this.onAttemptFailed = onAttemptFailed;
  }

  /** What dispatch produced: the answer, the backend that gave it, and every attempt in order. */
  public record Outcome(ChatResponse response, Backend backend, List<Attempt> attempts) {}

  /** The body a backend receives: the routing metadata stripped, the backend's model written in. */
  public static ChatRequest forBackend(ChatRequest request, Backend backend) {
    ChatRequest r = request.withRouting(RoutingMetadata.NONE);
    return backend.model().map(r::withModel).orElse(r);
  }

  /** One request's progress: deadline, retry budget, attempts, what was passed over. */
  private final class Run {
    /** Backends whose breaker already counted a failure of this request: retries do not count again. */
    final java.util.Set<String> counted = new java.util.HashSet<>(2);
    final ChatRequest request;
    final List<Backend> candidates;
    final Instant deadline;
    final RetryBudget budget = RetryBudget.start(retryPolicy);
    final List<Attempt> attempts = new ArrayList<>(2);
    final List<String> skipped;
    RuntimeException last;

    Run(ChatRequest request, List<Backend> candidates, List<String> skipped) {
      this.request = request;
      this.candidates = candidates;
      this.skipped = new ArrayList<>(skipped);
      this.deadline = clock.instant().plus(policy.deadline());
    }

    Duration remaining() {
      Duration d = Duration.between(clock.instant(), deadline);
      return d.isNegative() ? Duration.ZERO : d;
    }

    boolean expired() {
      return !clock.instant().isBefore(deadline);
    }

    void limit() {
      rateLimits.acquire(request.routing().service(),
          TokenEstimate.promptTokens(request) + TokenEstimate.outputTokens(request), remaining());
    }

    void passOver(Backend b, Admission why) {
      skipped.add(b.name() + ": " + switch (why) {
        case FULL -> "concurrency cap " + policy.concurrencyCap(b.name()).orElse(0) + " full";
        case COOLING -> "cooling down until " + health.guard(b).health().coolingDownUntil()
            .map(Instant::toString).orElse("now") + " (Retry-After)";
        default -> "circuit " + health.guard(b).health().state();
      });
    }

    Attempt record(Backend b, RuntimeException e, Instant start) {
      Attempt a = failed(b, e, start);
      attempts.add(a);
      onAttemptFailed.accept(request, a);
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
        return new DeadlineExceededException(policy.deadline(), attempts, skipped, health.states(candidates), last);
      }
      return new NoBackendAvailableException(summary(attempts), attempts, skipped, health.states(candidates), last);
    }
  }

  public Outcome dispatch(ChatRequest request, List<Backend> candidates, List<String> skipped) {
    Run run = new Run(request, candidates, skipped);
    run.limit();
    Instant waitUntil = clock.instant().plus(policy.waitForHalfOpen());
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
        Duration retryIn = settle(guard, a, e, run.budget, !run.counted.add(b.name()));
        if (retryIn == null || run.remaining().compareTo(retryIn) <= 0) {
          return null;
        }
        sleep(retryIn);
        continue;
      }
      guard.succeeded();
      run.attempts.add(Attempt.success(b.name(), b.tier(), elapsed(start)));
      return response;
    }
  }

  /** One blocking call, bounded by the attempt timeout (and the time left) when one is set. */
  private ChatResponse call(Backend b, ChatRequest body, Run run) {
    if (policy.attemptTimeout().isEmpty()) {
      return b.client().chat(body);
    }
    Duration limit = policy.attemptTimeout().get();
    if (run.remaining().compareTo(limit) < 0) {
      limit = run.remaining().compareTo(Duration.ofMillis(1)) > 0 ? run.remaining() : Duration.ofMillis(1);
    }
    try {
      return Failsafe.with(Timeout.<ChatResponse>builder(limit).withInterrupt().build())
          .get(() -> b.client().chat(body));
    } catch (TimeoutExceededException e) {
      throw new BackendException(b.name(), FailureKind.TIMEOUT, "no answer within " + limit, e);
    }
  }

  private Admission admit(BackendGuard guard, Run run) {
    Duration wait = policy.capacityWait().compareTo(run.remaining()) < 0 ? policy.capacityWait() : run.remaining();
    try {
      return guard.admit(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(guard.backend().name(), FailureKind.CANCELLED, "interrupted while waiting for capacity");
    }
  }

  /**
   * Tells the guard how the call ended and decides what comes next: throws when the request must
   * end here, returns the wait before retrying the same backend, or null to fail over. A
   * request's retries of one backend count once toward its breaker: the breaker opens on
   * failures of different requests in a row, never on one unlucky request's retries.
   */
  private static Duration settle(BackendGuard guard, Attempt a, RuntimeException e, RetryBudget budget,
      boolean retryOfThisRequest) {
    FailureKind kind = a.failure();
    if (kind.requestFault() || kind == FailureKind.CANCELLED) {
      guard.neutral();
      throw e;
    }
    if (kind.misconfiguration()) {
      guard.misconfigured(a.error());
      return null;
    }
    if (retryOfThisRequest) {
      guard.failedAgain(a.error(), retryAfter(e)); // one request is one piece of evidence against a backend
    } else {
      guard.failed(a.error(), retryAfter(e));
    }
    if (!kind.retryable() || !(e instanceof BackendException be) || guard.open()) {
      return null; // a backend whose breaker just opened is not worth a wait
    }
    return budget.onFailure(be);
  }

  private void sleep(Duration d) {
    try {
      policy.sleeper().sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwitchboardException("interrupted while waiting to retry", e);
    }
  }

  /**
   * Streams from the first backend that delivers output. Until the first piece of output reaches
   * the caller, a failed or stalled stream (nothing within the first-token timeout) fails over to
   * the next candidate unnoticed; after it, a failure is a {@link StreamInterruptedException},
   * never a spliced answer. Streams fail over without retrying the same backend, and a full
   * backend is spilled over at once (stream callbacks must not block). Completes {@code done}.
   */
  public void stream(ChatRequest request, List<Backend> candidates, List<String> skipped, StreamListener listener,
      CompletableFuture<Outcome> done, AtomicReference<Runnable> cancel) {
    Run run = new Run(request, candidates, skipped);
    try {
      run.limit();
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    new StreamRun(run, listener, done, cancel).next();
  }

  private final class StreamRun {
    static final int WAITING = 0;
    static final int RELEASED = 1;
    static final int FINISHED = 2;

    final Run run;
    final StreamListener listener;
    final CompletableFuture<Outcome> done;
    final AtomicReference<Runnable> cancel;
    int index;

    StreamRun(Run run, StreamListener listener, CompletableFuture<Outcome> done, AtomicReference<Runnable> cancel) {
      this.run = run;
      this.listener = listener;
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

    private void start(Backend b, BackendGuard guard) {
      Leg leg = new Leg(b, guard);
      leg.stopTimer.set(policy.scheduler().schedule(policy.firstTokenTimeout(), leg::firstTokenTimedOut));
      try {
        var handle = b.client().stream(forBackend(run.request, b), leg);
        leg.cancelBackend.set(handle::cancel);
        cancel.set(handle::cancel);
        if (leg.phase.get() == FINISHED && !handle.completion().isDone()) {
          handle.cancel(); // the timer fired before the handle existed
        }
      } catch (RuntimeException e) {
        leg.onError(e);
      }
    }

    /** One backend's try at the stream: holds output back until the first token, then passes it on. */
    private final class Leg implements StreamListener {
      final Backend b;
      final BackendGuard guard;
      final Instant start = clock.instant();
      final StreamAssembler assembler = new StreamAssembler();
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
          assembler.add(chunk);
          if (p == RELEASED) {
            listener.onChunk(chunk);
          } else if (chunk.hasOutput()) {
            if (!phase.compareAndSet(WAITING, RELEASED)) {
              return; // the first-token timer fired first: this backend is already abandoned
            }
            stopTimer.get().run();
            listener.onBackend(b.name(), b.tier());
            held.forEach(listener::onChunk);
            held.clear();
            listener.onChunk(chunk);
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
            listener.onBackend(b.name(), b.tier());
            held.forEach(listener::onChunk); // an empty answer is still an answer
          }
        }
        guard.succeeded();
        run.attempts.add(Attempt.success(b.name(), b.tier(), elapsed(start)));
        ChatResponse whole = response != null ? response : assembler.toResponse();
        done.complete(new Outcome(whole, b, run.attempts));
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
          failed(new BackendException(b.name(), FailureKind.TIMEOUT,
              "no first token within " + policy.firstTokenTimeout()), false);
        }
      }

      private void failed(Throwable error, boolean released) {
        RuntimeException e = error instanceof RuntimeException r ? r
            : new BackendException(b.name(), FailureKind.OTHER, String.valueOf(error.getMessage()), error);
        Attempt a = run.record(b, e, start);
        FailureKind kind = a.failure();
        boolean endsHere = kind.requestFault() || kind == FailureKind.CANCELLED;
        if (endsHere) {
          guard.neutral();
        } else if (kind.misconfiguration()) {
          guard.misconfigured(a.error());
        } else {
          guard.failed(a.error(), retryAfter(e));
        }
        if (endsHere) {
          done.completeExceptionally(e);
        } else if (released) {
          String partial;
          synchronized (held) {
            partial = assembler.text();
          }
          done.completeExceptionally(new StreamInterruptedException(b.name(), partial, e));
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
