package dev.switchboard.router.internal.call;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.plan.Plan;
import dev.switchboard.router.spi.Streams;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request, from the caller's call to its answer or error: the single owner of it, as OkHttp's
 * {@code RealCall} is. It runs the router's stages in order (classify, plan, cache, budget,
 * dispatch, account, respond, sample, store) for a blocking call and a stream alike, keeps what
 * they decide, and is the only thing that talks to the caller: a stream's listener hears its
 * backend, its chunks, and its end from here and from nowhere else.
 *
 * <p>Not shared between threads at once: a stage runs on the caller's thread, and after a
 * stream's dispatch on the thread that completed it.
 */
final class Call implements Dispatcher.Progress {
  private final ChatRequest request;
  private final Instant start;
  private final StreamListener caller; // null for a blocking call
  private final List<Stage> stages;
  private final RouterListener listener;
  private final FailedAttempts failedAttempts;
  private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicReference<Runnable> cancelBackend = new AtomicReference<>(() -> {});
  private int next;

  // What the stages decide, in the order they decide it.
  private Classification classification;
  private Plan plan;
  private String cacheKey;
  private Plan cacheKeyPlan;
  private BudgetGate.Admission admission;
  private volatile CompletableFuture<Dispatcher.Outcome> streaming;
  private Dispatcher.Outcome outcome;
  private ChatResponse answer;
  private boolean cacheHit;
  private Accountant.Charge charge;
  private BigDecimal failedAttemptsCost = BigDecimal.ZERO;
  private RouteInfo route;
  private ChatResponse delivered;

  Call(ChatRequest request, Instant start, StreamListener caller, List<Stage> stages, RouterListener listener,
      FailedAttempts failedAttempts) {
    this.request = request;
    this.start = start;
    this.caller = caller;
    this.stages = stages;
    this.listener = listener;
    this.failedAttempts = failedAttempts;
  }

  /** Runs the stages from where the call stands until one suspends it or the call ends. */
  void proceed() {
    try {
      while (next < stages.size()) {
        Stage stage = stages.get(next++);
        if (answer != null && stage instanceof Stage.LeadingToAnswer) {
          continue;
        }
        if (!stage.run(this)) {
          return; // resumed by whoever the stage started
        }
      }
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    succeed();
  }

  private void succeed() {
    if (!end(null)) {
      return;
    }
    if (caller != null && cacheHit) {
      Streams.replay(delivered, caller, result); // a cached answer streams like a live one
      return;
    }
    if (caller != null) {
      caller.onComplete(delivered);
    }
    result.complete(delivered);
  }

  /** Ends the call with {@code error}: every stage that ran frees what it holds, then the caller hears it. */
  void fail(Throwable error) {
    RuntimeException e = unwrapped(error);
    if (!end(e)) {
      return;
    }
    if (e instanceof SwitchboardException se) {
      listener.onFailed(request, se);
    }
    if (caller != null) {
      caller.onError(e);
    }
    result.completeExceptionally(e);
  }

  private boolean end(RuntimeException error) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    for (int i = stages.size() - 1; i >= 0; i--) {
      stages.get(i).end(this, error);
    }
    return true;
  }

  private static RuntimeException unwrapped(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof Error fatal) {
      throw fatal;
    }
    return e instanceof RuntimeException r ? r : new SwitchboardException(String.valueOf(e.getMessage()), e);
  }

  /** The caller cancelled a stream: the backend call is cancelled and the call ends as cancelled. */
  private void cancel() {
    cancelBackend.get().run();
    CompletableFuture<Dispatcher.Outcome> pending = streaming;
    if (pending != null) {
      pending.completeExceptionally(Streams.cancelled("router"));
    } else {
      fail(Streams.cancelled("router"));
    }
  }

  /** The call as a stream's handle: its result, and a cancel. */
  StreamHandle handle() {
    return Streams.handle(result, this::cancel);
  }

  /** A blocking call's answer, or its error thrown as it was. */
  ChatResponse answered() {
    if (!result.isDone()) {
      throw new IllegalStateException("a blocking call suspended; a stage resumed it on another thread");
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      throw unwrapped(e);
    }
  }

  // --- Dispatcher.Progress: the dispatcher reports here, and only the call talks to the caller.

  @Override
  public void attemptFailed(Attempt attempt) {
    BigDecimal billed = failedAttempts.record(request, attempt); // priced once, here
    synchronized (this) {
      failedAttemptsCost = failedAttemptsCost.add(billed);
    }
  }

  @Override
  public void streamingFrom(Backend backend) {
    caller.onBackend(backend.name(), backend.tier());
  }

  @Override
  public void chunk(ChatChunk chunk) {
    caller.onChunk(chunk);
  }

  // --- What the stages read and decide.

  ChatRequest request() {
    return request;
  }

  Instant start() {
    return start;
  }

  boolean streamed() {
    return caller != null;
  }

  Classification classification() {
    return classification;
  }

  void classified(Classification c) {
    this.classification = c;
  }

  Plan plan() {
    return plan;
  }

  void planned(Plan p) {
    this.plan = p;
  }

  String cacheKey() {
    return cacheKey;
  }

  Plan cacheKeyPlan() {
    return cacheKeyPlan;
  }

  void cacheKey(String key, Plan forPlan) {
    this.cacheKey = key;
    this.cacheKeyPlan = forPlan;
  }

  BudgetGate.Admission admission() {
    return admission;
  }

  void admitted(BudgetGate.Admission a) {
    this.admission = a;
    this.plan = a.plan();
  }

  /** A stream's dispatch in flight; the call keeps it so that a cancel can end it. */
  void streaming(CompletableFuture<Dispatcher.Outcome> done) {
    this.streaming = done;
  }

  AtomicReference<Runnable> cancelBackend() {
    return cancelBackend;
  }

  Dispatcher.Outcome outcome() {
    return outcome;
  }

  void dispatched(Dispatcher.Outcome o) {
    this.outcome = o;
    this.answer = o.response();
  }

  /** The answer, before its route is attached; null until there is one. */
  ChatResponse answer() {
    return answer;
  }

  boolean cacheHit() {
    return cacheHit;
  }

  /** Answered from the cache: the stages that lead to an answer are skipped, and nothing is charged. */
  void answeredFromCache(ChatResponse stored) {
    this.answer = stored;
    this.cacheHit = true;
  }

  Accountant.Charge charge() {
    return charge;
  }

  void charged(Accountant.Charge c) {
    this.charge = c;
  }

  synchronized BigDecimal failedAttemptsCost() {
    return failedAttemptsCost;
  }

  RouteInfo route() {
    return route;
  }

  /** The answer's route is settled: what the caller gets is the answer carrying it. */
  void routed(RouteInfo r) {
    this.route = r;
    this.delivered = answer.withRoute(r);
  }

  /** The answer as the caller gets it, with its route; null until routed. */
  ChatResponse delivered() {
    return delivered;
  }

  RouterListener listener() {
    return listener;
  }
}
