package dev.switchboard.router;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.Classifier;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.Signal;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RouterHealth;
import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.InMemoryBudgetLedger;
import dev.switchboard.router.budget.LedgerUnavailableException;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.cache.CacheStats;
import dev.switchboard.router.internal.Async;
import dev.switchboard.router.spi.Streams;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.health.Health;
import dev.switchboard.router.internal.observe.Instrumentation;
import dev.switchboard.router.internal.plan.Plan;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.internal.quality.PromotionTable;
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
import java.util.function.Function;

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
  private final BudgetGate budgets; // counts every dollar, with or without limits
  private final ResponseCache cache; // null when no cache was configured
  private final Clock clock;
  private final Executor executor;
  private final RouterListener listener; // every listener, each guarded: one that throws is logged, never breaks a request
  private final Health health;
  private final QualityLoop quality;
  private final Instrumentation instrumentation; // the log, meters, observations, the report's history

  private RoutingChatClient(Builder b) {
    this.backends = List.copyOf(b.backends.values());
    this.classifier = b.classifier;
    this.clock = b.clock;
    this.executor = b.executor;
    this.instrumentation = new Instrumentation(b.meterRegistry, b.observationRegistry, b.history, clock, b.tiers,
        backends);
    this.listener = Listeners.of(instrumentation.listeners(b.listeners));
    Map<TaskCategory, String> tierMap = new LinkedHashMap<>();
    String cheapest = b.tiers.get(0);
    String capable = b.tiers.get(b.tiers.size() - 1);
    for (TaskCategory c : TaskCategory.builtIns()) {
      tierMap.put(c, DEFAULT_CHEAP.contains(c) ? cheapest : capable);
    }
    tierMap.putAll(b.tierMap);
    PromotionTable promotions = new PromotionTable(b.tiers);
    this.planner = new Planner(b.tiers, tierMap, backends, promotions);
    this.budgets = new BudgetGate(b.budgets != null ? b.budgets : BudgetPolicy.unlimited(),
        b.ledger != null ? b.ledger : new InMemoryBudgetLedger(clock), clock, b.tiers, backends,
        b.failover.deadline().plus(RESERVATION_MARGIN),
        (service, period, limit, spent) -> listener.onBudgetWarning(service, period, limit, spent));
    this.cache = b.cache == null ? null : new ResponseCache(b.cache, clock);
    // Built before the quality loop: its reference calls are charged through the same ledger.
    this.accountant = new Accountant(budgets, Listeners.charges(listener));
    // The reference model has a guard like every backend: its calls go through the dispatcher too.
    List<Backend> support = b.quality == null || backends.stream()
        .anyMatch(x -> x.name().equals(b.quality.reference().name())) ? List.of() : List.of(b.quality.reference());
    this.health = new Health(backends, support, b.failover, clock,
        (now, previous) -> listener.onBackendStateChanged(now, previous));
    this.dispatcher = new Dispatcher(clock, b.failover, health, this::attemptFailed, listener);
    this.quality = QualityLoop.create(b.quality, planner, promotions,
        (backend, body) -> dispatcher.dispatch(body, List.of(backend), List.of(), clock.instant()).response(),
        accountant, clock,
        e -> {
          if (e.kind() == QualityEvent.Kind.PROMOTED) {
            listener.onPromoted(e);
          } else {
            listener.onDemoted(e);
          }
        },
        listener::onQualityScored);
  }

  /** A reservation outlives the failover deadline by this much unless the budget policy says otherwise. */
  private static final Duration RESERVATION_MARGIN = Duration.ofMinutes(5);

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
   * What the quality loop's samples say about this router's tier map and classifier thresholds,
   * with suggested changes, their savings and risk; it never applies them.
   * {@link dev.switchboard.router.quality.Calibration#DISABLED} when the loop is off.
   */
  public dev.switchboard.router.quality.Calibration calibration() {
    return quality.calibration(classifier instanceof RuleBasedClassifier);
  }

  /**
   * Stops the quality loop's own threads (samples still waiting are dropped and counted). Requests
   * are still answered after this; only sampling stops. A no-op when the loop is off.
   */
  @Override
  public void close() {
    quality.close();
  }

  /**
   * What {@code service} has spent today, in dollars: since midnight in the budget policy's zone
   * (UTC without a policy). Counted with or without budgets, in memory unless a ledger is set.
   */
  public java.math.BigDecimal spentToday(String service) {
    return budgets.spentToday(service);
  }

  /** {@code service}'s spend today and this month, with its limits (none without a budget policy). */
  public dev.switchboard.router.budget.BudgetStatus budget(String service) {
    return budgets.status(Objects.requireNonNull(service, "service"));
  }

  /** The budget policy this router enforces; {@link BudgetPolicy#unlimited()} when none was set. */
  public BudgetPolicy budgetPolicy() {
    return budgets.policy();
  }

  /**
   * A self-contained HTML report of what the router did and saved: requests by category and tier,
   * cost against sending everything to the most capable tier, failovers and breaker events over
   * time, quality per category, budgets (docs/observability.md). The timeline needs
   * {@link Builder#history}; without it the page shows the state now.
   */
  public dev.switchboard.router.metrics.RouterReport report() {
    return instrumentation.report(this);
  }

  /** What the response cache has done; {@link CacheStats#EMPTY} without a cache. */
  public CacheStats cacheStats() {
    return cache == null ? CacheStats.EMPTY : cache.stats();
  }

  /**
   * Where {@code request} would go and why (budget downgrades included), without calling any
   * backend and without changing anything (the rotation among equal-cost backends included). The
   * candidates come in the order they would really be tried: those that take requests now in
   * plan order, then those out of rotation (open, misconfigured, cooling down), each marked with
   * its state.
   */
  public RoutingDecision explain(ChatRequest request) {
    Plan plan = plan(request, request.stream(), false);
    RoutingDecision d;
    try {
      d = budgets.preview(request, plan, replan(request, plan, request.stream(), false)).decision(); // a downgrade shows
    } catch (BudgetExceededException | LedgerUnavailableException e) {
      d = plan.decision();
      List<String> reasons = new ArrayList<>(d.reasons());
      reasons.add("would be rejected: " + e.getMessage());
      d = new RoutingDecision(d.classification(), d.tier(), d.candidates(), reasons);
    }
    return withHealth(d);
  }

  /** The decision's candidates in the order dispatch would try them now, each with its backend's state. */
  private RoutingDecision withHealth(RoutingDecision d) {
    List<Candidate> now = new ArrayList<>(d.candidates().size());
    List<Candidate> later = new ArrayList<>();
    List<String> resting = new ArrayList<>();
    for (Candidate c : d.candidates()) {
      BackendHealth h = health.guard(backendNamed(c.backend()).orElseThrow()).health();
      Candidate marked = c.withState(h.state());
      if (marked.available()) {
        now.add(marked);
      } else {
        later.add(marked);
        resting.add(c.backend() + " is " + h.state() + h.coolingDownUntil().map(t -> " until " + t).orElse("")
            + (h.state() == BackendState.COOLING_DOWN ? "" : " since " + h.since()));
      }
    }
    if (later.isEmpty()) {
      return new RoutingDecision(d.classification(), d.tier(), now, d.reasons());
    }
    List<String> reasons = new ArrayList<>(d.reasons());
    reasons.add("out of rotation, tried last and only if back in time: " + String.join(", ", resting));
    now.addAll(later);
    return new RoutingDecision(d.classification(), d.tier(), now, reasons);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    Instant start = clock.instant();
    return instrumentation.requests().call(request, start, () -> chat(request, start));
  }

  /** Answers, blocking; {@code start} is when the caller asked, where the deadline counts from. */
  private ChatResponse chat(ChatRequest request, Instant start) {
    try {
      Admitted a = admitted(request, false, start);
      if (a.hit() != null) {
        return a.hit();
      }
      try {
        Dispatcher.Outcome outcome = dispatcher.dispatch(request, a.plan().backends(), a.plan().skipped(), start);
        return store(a.key(), respond(request, a, outcome, start));
      } finally {
        a.admission().release(); // no answer (or an error after it): free what is still held
      }
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
      return Async.run(() -> instrumentation.requests().call(request, start, () -> chat(request, start)), executor);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SwitchboardException("the router's executor rejected the request", e));
    }
  }

  @Override
  public StreamHandle stream(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Instant start = clock.instant();
    return instrumentation.requests().stream(request, start, listener, this.listener, l -> stream(request, l, start));
  }

  private StreamHandle stream(ChatRequest request, StreamListener listener, Instant start) {
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    AtomicReference<Runnable> cancel = new AtomicReference<>(() -> {});
    Admitted a;
    try {
      a = admitted(request, true, start);
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
          chargeInterrupted(request, broken, a.admission()); // the billed failure replaces the hold
        }
        a.admission().release();
        if (e instanceof SwitchboardException se) {
          failed(request, se);
        }
        listener.onError(e);
        result.completeExceptionally(e);
        return;
      }
      ChatResponse routed;
      try {
        routed = store(a.key(), respond(request, a, outcome, start));
      } finally {
        a.admission().release();
      }
      listener.onComplete(routed);
      result.complete(routed);
    });
    try {
      dispatcher.stream(request, a.plan().backends(), a.plan().skipped(), start, listener, done, cancel);
    } catch (RuntimeException e) {
      a.admission().release();
      throw e;
    }
    return Streams.handle(result, () -> {
      cancel.get().run();
      done.completeExceptionally(Streams.cancelled("router"));
    });
  }

  private Plan plan(ChatRequest request, boolean streaming) {
    return plan(request, streaming, true);
  }

  private Plan plan(ChatRequest request, boolean streaming, boolean advance) {
    Classification c = request.routing().categoryHint()
        .map(Classification::hinted)
        .orElseGet(() -> classify(request));
    return planner.plan(request, c, streaming, advance);
  }

  /**
   * The budget admission (its plan, and what it holds until the answer is charged), the cache key
   * for that plan, and the cached answer if there is one (then nothing is held).
   */
  private record Admitted(BudgetGate.Admission admission, String key, ChatResponse hit) {
    Plan plan() {
      return admission.plan();
    }
  }

  /**
   * Classify, plan, cache, budget. The cache comes first: an answer cached for the planned tier
   * is free, so it is served whatever the budget says (a downgrade or a rejection would follow),
   * and nothing is reserved for it. A request the budget downgrades looks again under the key of
   * its downgraded plan.
   */
  private Admitted admitted(ChatRequest request, boolean streaming, Instant start) {
    Plan planned = plan(request, streaming);
    listener.onPlanned(request, planned.decision());
    String plannedKey = cache == null ? null : cache.key(request, planned);
    ChatResponse free = plannedKey == null ? null : routedHit(request, planned, cache.hit(plannedKey), start);
    if (free != null) {
      return new Admitted(budgets.nothingHeld(planned), null, free);
    }
    BudgetGate.Admission admission = budgets.admit(request, planned, replan(request, planned, streaming, true));
    Plan plan = admission.plan();
    if (plan != planned) {
      listener.onBudgetDowngrade(request, planned.decision(), plan.decision());
    }
    String key = plannedKey == null || plan == planned ? plannedKey : cache.key(request, plan);
    ChatResponse hit = key == null ? null : routedHit(request, plan, cache.get(key), start);
    if (hit != null) {
      admission.release(); // answered for free after all
    }
    return new Admitted(admission, key, hit);
  }

  /** Plans the same request again from another tier, for a budget downgrade; {@code advance} as in {@link Planner}. */
  private Function<String, Plan> replan(ChatRequest request, Plan plan, boolean streaming, boolean advance) {
    return tier -> planner.plan(request.withRouting(request.routing().toBuilder().tierHint(tier).build()),
        plan.decision().classification(), streaming, advance);
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

  private ChatResponse respond(ChatRequest request, Admitted admitted, Dispatcher.Outcome outcome, Instant start) {
    Plan plan = admitted.plan();
    Backend b = outcome.backend();
    ChatResponse response = outcome.response();
    // The answer's charge replaces what the admission holds for it.
    Accountant.Charge charge = accountant.charge(request.routing().service(), b, request, response,
        Accountant.ChargeKind.ANSWER, admitted.admission());
    RouteInfo route = RouteInfo.builder(plan.decision()).service(request.routing().service())
        .servedBy(b.name(), b.tier()).model(response.model().or(b::model).orElse(null))
        .attempts(outcome.attempts())
        .cost(charge.cost().add(billedFailures(request, outcome.attempts())), charge.estimated())
        .latency(Duration.between(start, clock.instant())).build();
    listener.onRouted(request, route);
    quality.offer(request, response, route);
    return response.withRoute(route);
  }

  /** {@code stored}, a cached answer, routed as a free cache hit; null when there is none. */
  private ChatResponse routedHit(ChatRequest request, Plan plan, ChatResponse stored, Instant start) {
    if (stored == null) {
      return null;
    }
    RouteInfo was = stored.route();
    RouteInfo route = RouteInfo.builder(plan.decision()).service(request.routing().service())
        .servedBy(was.backend(), was.tier()).model(was.model()).cacheHit(true)
        .latency(Duration.between(start, clock.instant())).build();
    listener.onRouted(request, route);
    return stored.withRoute(route);
  }

  private ChatResponse store(String key, ChatResponse routed) {
    if (key != null) {
      cache.put(key, routed);
    }
    return routed;
  }

  private void attemptFailed(ChatRequest request, Attempt attempt) {
    failedAttemptCharge(request, attempt, true);
    listener.onAttemptFailed(request, attempt);
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
  private void chargeInterrupted(ChatRequest request, StreamInterruptedException broken,
      Accountant.ChargeRecorder to) {
    backendNamed(broken.backend()).ifPresent(b -> {
      ChatResponse partial = ChatResponse.builder()
          .choice(Choice.of(0, ChatMessage.assistant(broken.partialText()), null)).build();
      accountant.charge(request.routing().service(), b, request, partial, Accountant.ChargeKind.FAILED_ATTEMPT, to);
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
    listener.onFailed(request, e);
  }

  /** Builds a {@link RoutingChatClient}; checks everything up front and names what is wrong. */
  public static final class Builder {
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private static final List<String> DEFAULT_TIERS = List.of("cheap", "capable");
    private List<String> tiers = DEFAULT_TIERS;
    private final Map<TaskCategory, String> tierMap = new LinkedHashMap<>();
    private Classifier classifier = RuleBasedClassifier.withDefaults();
    private Clock clock = Clock.systemUTC();
    private Executor executor = java.util.concurrent.ForkJoinPool.commonPool();
    private final List<RouterListener> listeners = new ArrayList<>();
    private FailoverPolicy failover = FailoverPolicy.defaults();
    private QualityPolicy quality;
    private BudgetPolicy budgets;
    private BudgetLedger ledger;
    private CachePolicy cache;
    private io.micrometer.core.instrument.MeterRegistry meterRegistry;
    private io.micrometer.observation.ObservationRegistry observationRegistry;
    private Duration history;

    private Builder() {}

    /**
     * Records the router's meters on {@code registry} (never a global one unless you pass it):
     * requests, latency and overhead, cost and savings, attempts, retries, failovers, breaker
     * states, rate limits, budgets, cache, quality (docs/observability.md). Default: none.
     */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Makes one observation per request on {@code registry}, named {@code router.request}, with
     * OpenTelemetry GenAI key values (a span each with Micrometer Tracing). Default: none.
     */
    public Builder observationRegistry(io.micrometer.observation.ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Keeps the last {@code window} of traffic (in 240 buckets) for {@link RoutingChatClient#report()}'s timeline.
     * Default: off. From one minute to 31 days.
     */
    public Builder history(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(31)) > 0) {
        throw new IllegalArgumentException("history window must be from 1 minute to 31 days: " + window);
      }
      this.history = window;
      return this;
    }

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

    /**
     * Adds a listener; every listener added hears every event, in the order they were added. One
     * that throws is logged and the others still hear the event.
     */
    public Builder listener(RouterListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @throws IllegalStateException naming every problem: no backend, a backend in a tier that is
     *     not declared, a tier with no backend, a category routed to an unknown tier
     */
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
      // An empty tier only fails later, per request ("no backend can serve this request"): a category
      // routed there, a tier hint, a quality promotion or a budget downgrade all land in it.
      for (String t : tiers) {
        if (backends.values().stream().noneMatch(b -> b.tier().equals(t))) {
          problems.add("tier '" + t + "' has no backend; give one a tier(\"" + t + "\") or leave the tier out of tiers(..)"
              + (tiers == DEFAULT_TIERS ? " (the default tiers are " + DEFAULT_TIERS + ")" : ""));
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
      RoutingChatClient router = new RoutingChatClient(this);
      router.instrumentation.bind(router);
      return router;
    }
  }
}
