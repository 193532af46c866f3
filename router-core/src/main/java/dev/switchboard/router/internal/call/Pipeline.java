package dev.switchboard.router.internal.call;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.Classifier;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.internal.quality.QualityLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A router's request path: its stages in order, built once, and a {@link Call} per request that
 * runs them. The list below is the whole path; a new stage is one class and one line in it.
 */
public final class Pipeline {
  private final List<Stage> stages;
  private final Classifier classifier;
  private final RouterListener listener;
  private final FailedAttempts failedAttempts;

  private Pipeline(List<Stage> stages, Parts parts) {
    this.stages = List.copyOf(stages);
    this.classifier = parts.classifier();
    this.listener = parts.listener();
    this.failedAttempts = parts.failedAttempts();
  }

  /** What a router is made of, as far as its request path goes; {@code cache} is null without one. */
  public record Parts(Classifier classifier, Planner planner, ResponseCache cache, BudgetGate budgets,
      Dispatcher dispatcher, Accountant accountant, QualityLoop quality, List<Backend> backends, Clock clock,
      RouterListener listener, FailedAttempts failedAttempts) {}

  public static Pipeline of(Parts p) {
    List<Stage> stages = new ArrayList<>();
    stages.add(new Classify(p.classifier()));                       // the category
    stages.add(new Route(p.planner()));                             // its tier and candidates, cheapest first
    if (p.cache() != null) {
      stages.add(CacheLookup.beforeBudget(p.cache()));              // a repeat answered for free
    }
    stages.add(new Budget(p.budgets()));                            // the worst case held, or a downgrade
    if (p.cache() != null) {
      stages.add(CacheLookup.afterBudget(p.cache()));               // again, when the budget moved the plan
    }
    stages.add(new Dispatch(p.dispatcher()));                       // the answer, with failover
    stages.add(new Account(p.accountant(), p.budgets(), p.backends())); // its price, charged once
    stages.add(new Respond(p.clock()));                             // its route, and the listeners told
    stages.add(new Sample(p.quality()));                            // offered to the quality loop
    if (p.cache() != null) {
      stages.add(new CacheStore(p.cache()));                        // kept for the next repeat
    }
    return new Pipeline(stages, p);
  }

  /** Answers {@code request}, blocking; {@code start} is when the caller asked (the deadline counts from it). */
  public ChatResponse chat(ChatRequest request, Instant start) {
    Call call = new Call(request, start, null, stages, listener, failedAttempts);
    call.proceed();
    return call.answered();
  }

  /** Streams the answer to {@code caller}; every error reaches it, none is thrown from here. */
  public StreamHandle stream(ChatRequest request, Instant start, StreamListener caller) {
    Call call = new Call(request, start, caller, stages, listener, failedAttempts);
    call.proceed();
    return call.handle();
  }

  /** What the classify stage makes of {@code request} (for explain): the hint, or the classifier's category. */
  public Classification classify(ChatRequest request) {
    return Classify.of(classifier, request);
  }

  /** The stages' names in order, for documentation and tests. */
  public List<String> stageNames() {
    return stages.stream().map(s -> s.getClass().getSimpleName()).toList();
  }
}
