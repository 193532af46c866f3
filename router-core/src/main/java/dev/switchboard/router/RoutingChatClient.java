package dev.switchboard.router;

import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.InMemoryBudgetLedger;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.cache.CacheStats;
import dev.switchboard.router.internal.Async;
import dev.switchboard.router.internal.Streams;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.health.Health;
import dev.switchboard.router.internal.plan.Plan;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.internal.quality.QualityLoop;
import dev.switchboard.router.quality.QualityEvent;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.quality.QualitySnapshot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ChatClient} that sends each request to the cheapest backend that does it well.
 *
 * <pre>{@code
 * RoutingChatClient router = RoutingChatClient.builder()
 *     .tiers("local", "cloud")                       // cheapest first
 *     .backend(Backend.builder("ollama").client(ollama).model("llama3.1:8b").tier("local").build())
 *     .backend(Backend.builder("gpt").client(openai).model("gpt-4.1").tier("cloud")
 *         .price(Price.perMillionTokens(2.00, 8.00)).build())
 *     .build();
 * ChatResponse r = router.chat(ChatRequest.builder().user("Extract the dates: ...").build());
 * r.route().backend();   // "ollama"
 * }</pre>
 *
 * <p>One pass per request: classify, plan (category to tier to candidates, cheapest first),
 * dispatch with failover, account, respond with a {@link RouteInfo}. Build one and share it:
 * it is immutable and thread-safe. {@link #close()} stops the quality loop's threads, if it has any.
 */
public final class RoutingChatClient implements ChatClient, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RoutingChatClient.class.getName());

  private final List<Backend> backends;
  private final Classifier classifier;
  private final Planner planner;
  private final Dispatcher dispatcher;
  private final Accountant accountant;
  private final BudgetGate budgets; // null when no budget or ledger was configured
  private final ResponseCache cache; // null when no cache was configured
  private final Clock clock;
  private final Executor executor;
  private final RouterListener listener;
  private final Health health;
  private final QualityLoop quality;

  private RoutingChatClient(Builder b) {
    this.backends = List.copyOf(b.backends.values());
    this.classifier = b.classifier;
    this.clock = b.clock;
    this.executor = b.executor;
    this.listener = b.listener;
    Map<TaskCategory, String> tierMap = new LinkedHashMap<>();
    String cheapest = b.tiers.get(0);
    String capable = b.tiers.get(b.tiers.size() - 1);
    for (TaskCategory c : TaskCategory.builtIns()) {
      tierMap.put(c, DEFAULT_CHEAP.contains(c) ? cheapest : capable);
    }
    tierMap.putAll(b.tierMap);
    this.planner = new Planner(b.tiers, tierMap, backends, this::promotedTier);
    this.budgets = b.budgets == null && b.ledger == null ? null
        : new BudgetGate(b.budgets != null ? b.budgets : BudgetPolicy.unlimited(),
            b.ledger != null ? b.ledger : new InMemoryBudgetLedger(), clock, b.tiers, backends,
            (service, period, limit, spent) -> safely(() -> listener.onBudgetWarning(service, period, limit, spent)));
    this.cache = b.cache == null ? null : new ResponseCache(b.cache, clock);
    // Built before the quality loop: its reference calls are charged through the same ledger.
    this.accountant = new Accountant(budgets != null ? budgets : Accountant.ChargeRecorder.NONE);
    this.quality = QualityLoop.create(b.quality, planner, accountant, clock,
        e -> safely(() -> {
          if (e.kind() == QualityEvent.Kind.PROMOTED) {
            listener.onPromoted(e);
          } else {
            listener.onDemoted(e);
          }
        }));
    this.health = new Health(backends, b.failover, clock,
        (now, previous) -> safely(() -> listener.onBackendStateChanged(now, previous)));
    this.dispatcher = new Dispatcher(clock, b.failover, health, this::attemptFailed);
  }

  private String promotedTier(TaskCategory category, String mapped) {
    return quality.effectiveTier(category, mapped);
  }

  /** Categories the default tier map sends to the cheapest tier; the rest go to the most capable. */
  public static final Set<TaskCategory> DEFAULT_CHEAP = Set.of(TaskCategory.EXTRACTION,
      TaskCategory.CLASSIFICATION, TaskCategory.SUMMARIZATION, TaskCategory.TRANSFORMATION);

  public static Builder builder() {
    return new Builder();
  }

  /** The tiers, cheapest first. */
  public List<String> tiers() {
    return planner.tiers();
  }

  public List<Backend> backends() {
    return backends;
  }

  /** The tier a category is routed to before any hint. */
  public String tierFor(TaskCategory category) {
    return planner.tierFor(category);
  }

  /** Every backend's health now: state (closed, open, half-open, misconfigured), failures in a row, since when. */
  public RouterHealth health() {
    return health.snapshot();
  }

  /** The quality loop now: windows per (category, tier), promotions, counters; {@link QualitySnapshot#DISABLED} when off. */
  public QualitySnapshot quality() {
    return quality.snapshot();
  }

  /**
   * Stops the quality loop's own threads (samples still waiting are dropped and counted). Requests
   * are still answered after this; only sampling stops. A no-op when the loop is off.
   */
  @Override
  public void close() {
    quality.close();
  }

  /** What {@code service} has spent today (midnight in the budget policy's zone), in dollars; 0 without budgets. */
  public java.math.BigDecimal spentToday(String service) {
    return budgets == null ? java.math.BigDecimal.ZERO : budgets.spentToday(service);
  }

  /** What the response cache has done; {@link CacheStats#EMPTY} without a cache. */
  public CacheStats cacheStats() {
    return cache == null ? CacheStats.EMPTY : cache.stats();
  }

  /** Where {@code request} would go and why (budget downgrades included), without calling any backend. */
  public RoutingDecision explain(ChatRequest request) {
    Plan plan = plan(request, request.stream());
    try {
      return admit(request, plan, request.stream()).decision(); // a budget downgrade shows
    } catch (BudgetExceededException e) {
      RoutingDecision d = plan.decision();
      List<String> reasons = new ArrayList<>(d.reasons());
      reasons.add("would be rejected: " + e.getMessage());
      return new RoutingDecision(d.classification(), d.tier(), d.candidates(), reasons);
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return chat(request, clock.instant());
  }

  /** Answers, blocking; {@code start} is when the caller asked, where the deadline counts from. */
  private ChatResponse chat(ChatRequest request, Instant start) {
    try {
      Admitted a = admitted(request, false, start);
      if (a.hit() != null) {
        return a.hit();
      }
      Plan plan = a.plan();
      String key = a.key();
      Dispatcher.Outcome outcome = dispatcher.dispatch(request, plan.backends(), plan.skipped(), start);
      return store(key, respond(request, plan, outcome, start));
    } catch (SwitchboardException e) {
      failed(request, e);
      throw e;
    }
  }

  /**
   * Answers on the router's executor. The deadline counts from this call, time spent in the
   * executor's queue included. Cancelling the future interrupts the request: the backend call in
   * flight is cancelled (on the wire, for adapters with real async I/O).
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    Instant start = clock.instant();
    try {
      return Async.run(() -> chat(request, start), executor);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SwitchboardException("the router's executor rejected the request", e));
    }
  }

  @Override
  public StreamHandle stream(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Instant start = clock.instant();
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    AtomicReference<Runnable> cancel = new AtomicReference<>(() -> {});
    Plan plan;
    String key;
    try {
      Admitted a = admitted(request, true, start);
      plan = a.plan();
      key = a.key();
      ChatResponse hit = a.hit();
      if (hit != null) {
        Streams.replay(hit, listener, result); // a cached answer streams like a live one
        return Streams.handle(result, () -> {});
      }
    } catch (SwitchboardException e) {
      failed(request, e);
      listener.onError(e);
      result.completeExceptionally(e);
      return Streams.handle(result, () -> {});
    }
    CompletableFuture<Dispatcher.Outcome> done = new CompletableFuture<>();
    done.whenComplete((outcome, error) -> {
      if (error != null) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        StreamInterruptedException broken = e instanceof StreamInterruptedException s ? s
            : e instanceof DeadlineExceededException && e.getCause() instanceof StreamInterruptedException s ? s : null;
        if (broken != null) {
          chargeInterrupted(request, broken);
        }
        if (e instanceof SwitchboardException se) {
          failed(request, se);
        }
        listener.onError(e);
        result.completeExceptionally(e);
        return;
      }
      ChatResponse routed = store(key, respond(request, plan, outcome, start));
      listener.onComplete(routed);
      result.complete(routed);
    });
    dispatcher.stream(request, plan.backends(), plan.skipped(), start, listener, done, cancel);
    return Streams.handle(result, () -> {
      cancel.get().run();
      done.completeExceptionally(Streams.cancelled("router"));
    });
  }

  private Plan plan(ChatRequest request, boolean streaming) {
    Classification c = request.routing().categoryHint()
        .map(Classification::hinted)
        .orElseGet(() -> classify(request));
    return planner.plan(request, c, streaming);
  }

  /** The plan after the budget stage, the cache key for it, and the cached answer if there is one. */
  private record Admitted(Plan plan, String key, ChatResponse hit) {}

  /**
   * Classify, plan, budget, cache. A cached answer costs nothing, so a budget rejection still lets
   * one through: the key is the one the request had before the rejection.
   */
  private Admitted admitted(ChatRequest request, boolean streaming, Instant start) {
    Plan planned = plan(request, streaming);
    try {
      Plan plan = admit(request, planned, streaming);
      String key = cache == null ? null : cache.key(request, plan);
      return new Admitted(plan, key, cached(request, plan, key, start));
    } catch (BudgetExceededException e) {
      ChatResponse free = cache == null ? null : cached(request, planned, cache.key(request, planned), start);
      if (free == null) {
        throw e;
      }
      return new Admitted(planned, null, free);
    }
  }

  /** The budget stage: the plan itself, a downgraded plan, or a BudgetExceededException. */
  private Plan admit(ChatRequest request, Plan plan, boolean streaming) {
    if (budgets == null) {
      return plan;
    }
    return budgets.admit(request, plan, tier -> planner.plan(
        request.withRouting(request.routing().toBuilder().tierHint(tier).build()),
        plan.decision().classification(), streaming));
  }

  private Classification classify(ChatRequest request) {
    try {
      return Objects.requireNonNull(classifier.classify(request), "the classifier returned null");
    } catch (RuntimeException e) {
      // A broken classifier must not lose the request: route conservatively and say so.
      LOG.log(Level.WARNING, "classifier " + classifier.getClass().getName() + " failed; routing as general", e);
      return new Classification(TaskCategory.GENERAL, 0, List.of(new Signal("classifier-error", TaskCategory.GENERAL,
          0, e.getClass().getSimpleName())), false);
    }
  }

  private ChatResponse respond(ChatRequest request, Plan plan, Dispatcher.Outcome outcome, Instant start) {
    Backend b = outcome.backend();
    ChatResponse response = outcome.response();
    Accountant.Charge charge = accountant.charge(request.routing().service(), b, request, response,
        Accountant.ChargeKind.ANSWER);
    RouteInfo route = new RouteInfo(request.routing().service(), plan.decision().category(), plan.decision().tier(),
        b.tier(), b.name(), response.model().or(b::model).orElse(null), outcome.attempts(),
        charge.cost().add(billedFailures(request, outcome.attempts())), charge.estimated(), false,
        Duration.between(start, clock.instant()), plan.decision());
    safely(() -> listener.onRouted(request, route));
    quality.offer(request, response, route);
    return response.withRoute(route);
  }

  /** The cached answer for {@code key}, routed as a free cache hit, or null. */
  private ChatResponse cached(ChatRequest request, Plan plan, String key, Instant start) {
    ChatResponse stored = key == null ? null : cache.get(key);
    if (stored == null) {
      return null;
    }
    RouteInfo was = stored.route();
    RouteInfo route = new RouteInfo(request.routing().service(), plan.decision().category(), plan.decision().tier(),
        was.tier(), was.backend(), was.model(), List.of(), java.math.BigDecimal.ZERO, false, true,
        Duration.between(start, clock.instant()), plan.decision());
    safely(() -> listener.onRouted(request, route));
    return stored.withRoute(route);
  }

  private ChatResponse store(String key, ChatResponse routed) {
    if (key != null) {
      cache.put(key, routed);
    }
    return routed;
  }

  private void attemptFailed(ChatRequest request, Attempt attempt) {
    LOG.log(Level.DEBUG, () -> "attempt failed: " + attempt);
    failedAttemptCharge(request, attempt, true);
    safely(() -> listener.onAttemptFailed(request, attempt));
  }

  /** What the provider billed for a failed attempt (zero when nothing), charged to the budget when {@code record}. */
  private java.math.BigDecimal failedAttemptCharge(ChatRequest request, Attempt attempt, boolean record) {
    Backend b = attempt.billedUsage().isEmpty() ? null
        : backendNamed(attempt.backend()).orElse(null);
    if (b == null) {
      return java.math.BigDecimal.ZERO;
    }
    ChatResponse billed = ChatResponse.builder().usage(attempt.billedUsage().get()).build();
    Accountant.ChargeKind kind = Accountant.ChargeKind.FAILED_ATTEMPT;
    return (record ? accountant.charge(request.routing().service(), b, request, billed, kind)
        : accountant.price(b, request, billed, kind)).cost();
  }

  /**
   * A stream that broke after its first token was billed for what it generated, and its usage
   * chunk never came: charge an estimate from the prompt and the text the caller received.
   */
  private void chargeInterrupted(ChatRequest request, StreamInterruptedException broken) {
    backendNamed(broken.backend()).ifPresent(b -> {
      ChatResponse partial = ChatResponse.builder()
          .choice(Choice.of(0, ChatMessage.assistant(broken.partialText()), null)).build();
      accountant.charge(request.routing().service(), b, request, partial, Accountant.ChargeKind.FAILED_ATTEMPT);
    });
  }

  private java.util.Optional<Backend> backendNamed(String name) {
    return backends.stream().filter(x -> x.name().equals(name)).findFirst();
  }

  /** The billed failed attempts of an answered request: part of what the request cost. */
  private java.math.BigDecimal billedFailures(ChatRequest request, List<Attempt> attempts) {
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (Attempt a : attempts) {
      sum = sum.add(failedAttemptCharge(request, a, false));
    }
    return sum;
  }

  private void failed(ChatRequest request, SwitchboardException e) {
    safely(() -> listener.onFailed(request, e));
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a RouterListener threw; ignored", e);
    }
  }

  /** Builds a {@link RoutingChatClient}; checks everything up front and names what is wrong. */
  public static final class Builder {
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private List<String> tiers = List.of("cheap", "capable");
    private final Map<TaskCategory, String> tierMap = new LinkedHashMap<>();
    private Classifier classifier = RuleBasedClassifier.withDefaults();
    private Clock clock = Clock.systemUTC();
    private Executor executor = java.util.concurrent.ForkJoinPool.commonPool();
    private RouterListener listener = RouterListener.NONE;
    private FailoverPolicy failover = FailoverPolicy.defaults();
    private QualityPolicy quality;
    private BudgetPolicy budgets;
    private BudgetLedger ledger;
    private CachePolicy cache;

    private Builder() {}

    /** Turns the quality loop on: samples cheap answers against a reference model, promotes and demotes categories. */
    public Builder quality(QualityPolicy policy) {
      this.quality = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Breakers, retries, deadline, concurrency caps, rate limits; {@link FailoverPolicy#defaults()} when not set. */
    public Builder failover(FailoverPolicy policy) {
      this.failover = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Spending limits per service and what to do at them (docs/budgets.md). Default: none. */
    public Builder budgets(BudgetPolicy policy) {
      this.budgets = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Where spend is counted. Default: an {@link InMemoryBudgetLedger} once budgets are set. */
    public Builder ledger(BudgetLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Answers exact repeats of deterministic requests from memory, at no cost (docs/cache.md). Default: off. */
    public Builder cache(CachePolicy policy) {
      this.cache = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The tier names, cheapest first. Default: "cheap", "capable". */
    public Builder tiers(String... cheapestFirst) {
      if (cheapestFirst.length == 0) {
        throw new IllegalArgumentException("at least one tier is needed");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String t : cheapestFirst) {
        if (t == null || t.isBlank()) {
          throw new IllegalArgumentException("tier names must not be blank: " + Arrays.toString(cheapestFirst));
        }
        if (!seen.add(t)) {
          throw new IllegalArgumentException("tier '" + t + "' is named twice: " + Arrays.toString(cheapestFirst));
        }
      }
      this.tiers = List.copyOf(seen);
      return this;
    }

    public Builder backend(Backend backend) {
      Objects.requireNonNull(backend, "backend");
      if (backends.putIfAbsent(backend.name(), backend) != null) {
        throw new IllegalArgumentException("two backends are named '" + backend.name() + "'");
      }
      return this;
    }

    public Builder backends(List<Backend> backends) {
      backends.forEach(this::backend);
      return this;
    }

    /** Sends {@code category} to {@code tier}, overriding the default tier map. */
    public Builder route(TaskCategory category, String tier) {
      tierMap.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(tier, "tier"));
      return this;
    }

    public Builder classifier(Classifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /** The clock used for latency and, where configured, budget days. Tests pass a ManualClock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs {@link #chatAsync} calls. Default: the common fork-join pool. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder listener(RouterListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public RoutingChatClient build() {
      if (backends.isEmpty()) {
        throw new IllegalStateException("a router needs at least one backend");
      }
      List<String> problems = new ArrayList<>();
      for (Backend b : backends.values()) {
        if (!tiers.contains(b.tier())) {
          problems.add("backend '" + b.name() + "' is in tier '" + b.tier() + "', which is not one of " + tiers);
        }
      }
      tierMap.forEach((c, t) -> {
        if (!tiers.contains(t)) {
          problems.add("category " + c + " is routed to tier '" + t + "', which is not one of " + tiers);
        }
      });
      if (!problems.isEmpty()) {
        throw new IllegalStateException(String.join("; ", problems));
      }
      return new RoutingChatClient(this);
    }
  }
}
