package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.Classifier;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RouterHealth;
import dev.switchboard.router.failover.Scheduler;
import dev.switchboard.router.failover.Sleeper;
import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.InMemoryBudgetLedger;
import dev.switchboard.router.budget.LedgerUnavailableException;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.cache.CacheStats;
import dev.switchboard.router.internal.Async;
import dev.switchboard.router.internal.Names;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.call.FailedAttempts;
import dev.switchboard.router.internal.call.Pipeline;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

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
 * <p>One pass per request, owned by one call object that runs the router's stages in order:
 * classify, plan (category to tier to candidates, cheapest first), cache, budget, dispatch with
 * failover, account, respond with a {@link RouteInfo}, sample for the quality loop, store in the
 * cache (docs/api.md has the map). Build one and share it:
 * it is immutable and thread-safe. {@link #close()} stops the quality loop's threads, if it has any.
 */
public final class RoutingChatClient implements ChatClient, AutoCloseable {
  private final Clock clock;
  private final Executor executor;
  private final Runtime runtime;
  private volatile Routing current; // what the configuration decides; a reload swaps it whole
  private volatile dev.switchboard.router.config.RouterConfig config; // the file it came from, or null
  private final Instrumentation instrumentation; // the log, meters, observations, the report's history

  private RoutingChatClient(Builder b) {
    this.clock = b.clock;
    this.executor = b.executor;
    this.instrumentation = new Instrumentation(b.meterRegistry, b.observationRegistry, b.history, clock, b.tiers,
        List.copyOf(b.backends.values()));
    // Every listener, each guarded: one that throws is logged, never breaks a request.
    this.runtime = new Runtime(b.clock, b.sleeper, b.scheduler, b.random, b.qualityExecutor,
        Listeners.of(instrumentation.listeners(b.listeners)), b.classifier);
    this.current = new Routing(b, runtime, null);
    this.config = b.config;
  }

  /**
   * What only code gives a router, kept as it is across reloads: its time sources, its executors,
   * its random source, its listeners, and the classifier it was built with (a reload's own
   * classifier replaces it only when the reload sets one).
   */
  private record Runtime(Clock clock, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
      Executor qualityExecutor, RouterListener listener, Classifier classifier) {}

  /**
   * Everything one configuration of the router decides, built together: backends, planner,
   * budgets, cache, health, the quality loop and the request path. A request runs on the one it
   * started on from start to end, so a reload never changes a request in flight.
   */
  private static final class Routing {
    final List<Backend> backends;
    final Planner planner;
    final BudgetGate budgets; // counts every dollar, with or without limits
    final BudgetLedger ledger;
    final CachePolicy cachePolicy;
    final ResponseCache cache; // null when no cache was configured
    final Health health;
    final QualityLoop quality;
    final Pipeline pipeline; // the request path: one Call per request runs its stages
    final boolean ruleBased;

    /** Built from {@code b}; from {@code previous} (null at first) it keeps what state still applies. */
    Routing(Builder b, Runtime rt, Routing previous) {
      Clock clock = rt.clock();
      RouterListener listener = rt.listener();
      Classifier classifier = b.classifierSet || previous == null ? b.classifier : rt.classifier();
      this.backends = List.copyOf(b.backends.values());
      this.ruleBased = classifier instanceof RuleBasedClassifier;
      Map<TaskCategory, String> tierMap = new LinkedHashMap<>();
      String cheapest = b.tiers.get(0);
      String capable = b.tiers.get(b.tiers.size() - 1);
      for (TaskCategory c : TaskCategory.builtIns()) {
        tierMap.put(c, DEFAULT_CHEAP.contains(c) ? cheapest : capable);
      }
      tierMap.putAll(b.tierMap);
      // The planner reads promotions from the table; the quality loop writes them.
      PromotionTable promotions = new PromotionTable(b.tiers);
      this.planner = new Planner(b.tiers, tierMap, backends, promotions, b.rules, b.adapterRules);
      this.ledger = b.ledger != null ? b.ledger : previous != null ? previous.ledger : new InMemoryBudgetLedger(clock);
      this.budgets = new BudgetGate(b.budgets != null ? b.budgets : BudgetPolicy.unlimited(), ledger, clock, planner,
          backends, b.failover.timeout().deadline().plus(RESERVATION_MARGIN),
          (service, period, limit, spent) -> listener.onBudgetWarning(service, period, limit, spent));
      this.cachePolicy = b.cache;
      this.cache = b.cache == null ? null
          : previous != null && b.cache.equals(previous.cachePolicy) ? previous.cache
          : new ResponseCache(b.cache, clock);
      Accountant accountant = new Accountant(budgets, Listeners.charges(listener));
      // The reference model has a guard like every backend: its calls go through the dispatcher too.
      List<Backend> support = b.quality == null || backends.stream()
          .anyMatch(x -> x.name().equals(b.quality.reference().name())) ? List.of() : List.of(b.quality.reference());
      this.health = new Health(backends, support, b.failover, clock,
          (now, was) -> listener.onBackendStateChanged(now, was), previous == null ? null : previous.health);
      Dispatcher dispatcher = new Dispatcher(clock, rt.sleeper(), rt.scheduler(), b.failover, health, listener);
      List<Backend> billable = new ArrayList<>(backends);
      billable.addAll(support);
      FailedAttempts failedAttempts = new FailedAttempts(accountant, listener, billable);
      List<QualitySnapshot.Promotion> restored = previous == null ? b.restoredQuality
          : List.copyOf(previous.quality.snapshot().promotions().values());
      this.quality = QualityLoop.create(b.quality, new QualityLoop.Resources(rt.qualityExecutor(), rt.random(), restored),
          planner, promotions,
          (backend, body) -> dispatcher.dispatch(body, List.of(backend), List.of(), clock.instant(),
              attempt -> failedAttempts.record(body, attempt)).response(),
          accountant, clock,
          e -> {
            if (e.kind() == QualityEvent.Kind.PROMOTED) {
              listener.onPromoted(e);
            } else {
              listener.onDemoted(e);
            }
          },
          listener::onQualityScored);
      if (previous != null) {
        quality.adoptWindows(previous.quality);
      }
      this.pipeline = Pipeline.of(new Pipeline.Parts(classifier, planner, cache, budgets, dispatcher, accountant,
          quality, backends, clock, listener, failedAttempts));
    }

    Optional<Backend> backendNamed(String name) {
      return backends.stream().filter(x -> x.name().equals(name)).findFirst();
    }
  }

  /**
   * Reads {@code file} as the router's config was read (the same environment, factories and
   * scorers) and swaps to it as {@link #reload(dev.switchboard.router.config.RouterConfig)} does.
   *
   * @throws dev.switchboard.router.config.InvalidConfigException naming every problem; the old
   *     configuration stays
   */
  public void reload(java.nio.file.Path file) {
    dev.switchboard.router.config.RouterConfig before = config;
    reload(before != null ? before.read(file) : dev.switchboard.router.config.RouterConfig.load(file));
  }

  /**
   * Swaps to {@code next} without failing a request: a request in flight ends on the configuration
   * it started on; every request after this returns starts on the new one. Kept across the swap:
   * spend (the same ledger while the file's ledger section is the same), the health of each
   * backend that keeps its name and its breaker and cap settings, the quality loop's promotions
   * and windows for tiers that remain, the cache while its settings are the same, and what only
   * code gives the router (clock, executors, time sources, listeners, a classifier set in code).
   * A config that does not build is refused, with the same exception as building it would
   * throw, and the old configuration stays (docs/configuration.md, "Reload").
   */
  public synchronized void reload(dev.switchboard.router.config.RouterConfig next) {
    Objects.requireNonNull(next, "next");
    dev.switchboard.router.config.RouterConfig before = config;
    boolean sameLedger = before != null && dev.switchboard.router.internal.config.ConfigMapper.ledgerSection(before)
        .equals(dev.switchboard.router.internal.config.ConfigMapper.ledgerSection(next));
    Builder b = builder();
    dev.switchboard.router.internal.config.ConfigMapper.apply(next, b, !sameLedger);
    b.config = next;
    reload(b);
    config = next;
  }

  /** The swap itself, from a builder (tests use it directly); as {@link #reload(dev.switchboard.router.config.RouterConfig)}. */
  void reload(Builder next) {
    Objects.requireNonNull(next, "next");
    next.validate();
    synchronized (this) {
      Routing previous = current;
      current = new Routing(next, runtime, previous);
      instrumentation.reconfigured(next.tiers, current.backends);
      instrumentation.bind(this); // gauges for backends and services the new configuration adds
      if (previous.quality != current.quality) {
        previous.quality.close(); // its samples still waiting are dropped and counted; the windows moved on
      }
    }
  }

  /** A reservation outlives the failover deadline by this much unless the budget policy says otherwise. */
  private static final Duration RESERVATION_MARGIN = Duration.ofMinutes(5);

  /** Categories the default tier map sends to the cheapest tier; the rest go to the most capable. */
  public static final Set<TaskCategory> DEFAULT_CHEAP = Set.of(TaskCategory.EXTRACTION,
      TaskCategory.CLASSIFICATION, TaskCategory.SUMMARIZATION, TaskCategory.TRANSFORMATION);

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The router a config file describes (YAML, or JSON when the name ends in {@code .json}): every
   * problem in it is reported at once, before anything starts, in an
   * {@link dev.switchboard.router.config.InvalidConfigException}. Same as
   * {@code builder().config(RouterConfig.load(file)).build()}; use that form to add what only code
   * can (a classifier of your own, listeners, a clock). docs/configuration.md has every key.
   */
  public static RoutingChatClient fromConfig(java.nio.file.Path file) {
    return builder().config(dev.switchboard.router.config.RouterConfig.load(file)).build();
  }

  /** The tiers, cheapest first. */
  public List<String> tiers() {
    return current.planner.tiers();
  }

  public List<Backend> backends() {
    return current.backends;
  }

  /** The tier a category is routed to before any hint. */
  public String tierFor(TaskCategory category) {
    return current.planner.tierFor(category);
  }

  /** Every backend's health now: state (closed, open, half-open, misconfigured), failures in a row, since when. */
  public RouterHealth health() {
    return current.health.snapshot();
  }

  /** The quality loop now: windows per (category, tier), promotions, counters; {@link QualitySnapshot#DISABLED} when off. */
  public QualitySnapshot quality() {
    return current.quality.snapshot();
  }

  /**
   * What the quality loop's samples say about this router's tier map and classifier thresholds,
   * with suggested changes, their savings and risk; it never applies them.
   * {@link dev.switchboard.router.quality.Calibration#DISABLED} when the loop is off.
   */
  public dev.switchboard.router.quality.Calibration calibration() {
    Routing r = current;
    return r.quality.calibration(r.ruleBased);
  }

  /**
   * Stops the quality loop's own threads (samples still waiting are dropped and counted). Requests
   * are still answered after this; only sampling stops. A no-op when the loop is off.
   */
  @Override
  public void close() {
    current.quality.close();
  }

  /**
   * What {@code service} has spent today, in dollars: since midnight in the budget policy's zone
   * (UTC without a policy). Counted with or without budgets, in memory unless a ledger is set.
   */
  public java.math.BigDecimal spentToday(String service) {
    return current.budgets.spentToday(service);
  }

  /** {@code service}'s spend today and this month, with its limits (none without a budget policy). */
  public dev.switchboard.router.budget.BudgetStatus budget(String service) {
    return current.budgets.status(Objects.requireNonNull(service, "service"));
  }

  /** The budget policy this router enforces; {@link BudgetPolicy#unlimited()} when none was set. */
  public BudgetPolicy budgetPolicy() {
    return current.budgets.policy();
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
    ResponseCache cache = current.cache;
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
    Routing r = current;
    Plan plan = r.planner.plan(request, r.pipeline.classify(request), request.stream(), false);
    RoutingDecision d;
    try {
      d = r.budgets.preview(request, plan, request.stream()).decision(); // a downgrade shows
    } catch (BudgetExceededException | LedgerUnavailableException e) {
      d = plan.decision();
      List<String> reasons = new ArrayList<>(d.reasons());
      reasons.add("would be rejected: " + e.getMessage());
      d = new RoutingDecision(d.classification(), d.tier(), d.candidates(), reasons);
    }
    return withHealth(r, d);
  }

  /** The decision's candidates in the order dispatch would try them now, each with its backend's state. */
  private static RoutingDecision withHealth(Routing r, RoutingDecision d) {
    List<Candidate> now = new ArrayList<>(d.candidates().size());
    List<Candidate> later = new ArrayList<>();
    List<String> resting = new ArrayList<>();
    for (Candidate c : d.candidates()) {
      BackendHealth h = r.health.guard(r.backendNamed(c.backend()).orElseThrow()).health();
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
    Pipeline pipeline = current.pipeline;
    return instrumentation.requests().call(request, start, () -> pipeline.chat(request, start));
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
      Pipeline pipeline = current.pipeline;
      return Async.run(() -> instrumentation.requests().call(request, start, () -> pipeline.chat(request, start)),
          executor);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SwitchboardException("the router's executor rejected the request", e));
    }
  }

  /**
   * Streams the answer. Until the first piece of output, a failing backend is replaced unnoticed;
   * after it, a break is a {@link StreamInterruptedException}. Every error reaches
   * {@code listener}'s {@code onError} (and the handle's completion), none is thrown from here.
   */
  @Override
  public StreamHandle stream(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Instant start = clock.instant();
    Pipeline pipeline = current.pipeline;
    return instrumentation.requests().stream(request, start, listener, runtime.listener(),
        l -> pipeline.stream(request, start, l));
  }

  /** Builds a {@link RoutingChatClient}; checks everything up front and names what is wrong. */
  public static final class Builder {
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private static final List<String> DEFAULT_TIERS = List.of("cheap", "capable");
    private List<String> tiers = DEFAULT_TIERS;
    private final Map<TaskCategory, String> tierMap = new LinkedHashMap<>();
    private Classifier classifier = RuleBasedClassifier.withDefaults();
    private boolean classifierSet;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Scheduler scheduler = Scheduler.daemon();
    private RandomGenerator random = new java.util.Random();
    private Executor executor = java.util.concurrent.ForkJoinPool.commonPool();
    private final List<RouterListener> listeners = new ArrayList<>();
    private final List<AdapterRule> adapterRules = new ArrayList<>();
    private FailoverPolicy failover = FailoverPolicy.defaults();
    private QualityPolicy quality;
    private Executor qualityExecutor; // null: the loop's own pool
    private List<QualitySnapshot.Promotion> restoredQuality = List.of();
    private BudgetPolicy budgets;
    private BudgetLedger ledger;
    private CachePolicy cache;
    private io.micrometer.core.instrument.MeterRegistry meterRegistry;
    private io.micrometer.observation.ObservationRegistry observationRegistry;
    private Duration history;
    private final Set<TaskCategory> categories = new LinkedHashSet<>();
    private final List<RoutingRule> rules = new ArrayList<>();
    private dev.switchboard.router.config.RouterConfig config; // the file, when one was given

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
     * Everything {@code config} says: tiers, categories, backends (their clients made by the
     * modules that provide them, such as router-okhttp), the tier map, rules, the classifier,
     * budgets and their ledger, the cache, failover, rate limits and the quality loop. Calls made
     * after this one change or add to it: a classifier of your own replaces the file's, a
     * listener is added.
     *
     * @throws dev.switchboard.router.config.InvalidConfigException naming every problem, when a
     *     backend's client or the ledger cannot be made from it
     */
    public Builder config(dev.switchboard.router.config.RouterConfig config) {
      dev.switchboard.router.internal.config.ConfigMapper.apply(Objects.requireNonNull(config, "config"), this);
      this.config = config;
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

    /**
     * Declares categories of your own (built-ins need no declaring), so that {@link #route} may
     * name them. A category neither built in nor declared fails {@link #build()} with a
     * "did you mean", so a misspelt one never routes silently.
     */
    public Builder categories(String... names) {
      for (String n : names) {
        categories.add(Names.newCategory(n));
      }
      return this;
    }

    /** Adds a rule; the first rule that matches a request picks its tier ({@link RoutingRule}). */
    public Builder rule(RoutingRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Turns the quality loop on: samples cheap answers against a reference model, promotes and demotes categories. */
    public Builder quality(QualityPolicy policy) {
      this.quality = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Runs the quality loop's samples on your executor instead of its own pool (tests pass
     * {@code Runnable::run}). A {@link java.util.concurrent.RejectedExecutionException} from it
     * drops the sample and counts it. The router does not shut it down.
     */
    public Builder qualityExecutor(Executor executor) {
      this.qualityExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Starts the quality loop with the promotions in {@code json}, as an earlier run's
     * {@link QualitySnapshot#exportJson()} wrote them. Promotions naming a tier this router does
     * not have are dropped with a warning when it is built. Needs {@link #quality(QualityPolicy)}.
     *
     * @throws IllegalArgumentException when {@code json} is not such an export
     */
    public Builder restoreQuality(String json) {
      this.restoredQuality = QualitySnapshot.promotionsFromJson(json);
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

    /**
     * Sends {@code category} to {@code tier}, overriding the default tier map. A category of your
     * own must be declared with {@link #categories}.
     */
    public Builder route(TaskCategory category, String tier) {
      tierMap.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(tier, "tier"));
      return this;
    }

    /**
     * Adds a rule that sends the requests it matches to a LoRA adapter (docs/adapters.md). Rules
     * are tried in the order added; a request's own {@code adapterHint} comes first.
     */
    public Builder adapterRule(AdapterRule rule) {
      adapterRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    public Builder classifier(Classifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      this.classifierSet = true;
      return this;
    }

    /** The clock used for latency and, where configured, budget days. Tests pass a ManualClock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the router waits (backoff, Retry-After, rate-limit and half-open waits); tests pass a ManualScheduler. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Runs the router's timers (a stream's first-token and deadline timers); tests pass a ManualScheduler. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The quality loop's sampling decisions draw from this; pass a seeded one for reproducible runs. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
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
     *     not declared, a tier with no backend, a category routed to an unknown tier, a category
     *     neither built in nor declared, a rule naming an unknown tier
     */
    public RoutingChatClient build() {
      validate();
      RoutingChatClient router = new RoutingChatClient(this);
      router.instrumentation.bind(router);
      return router;
    }

    /** Throws what {@link #build()} would refuse. */
    void validate() {
      if (backends.isEmpty()) {
        throw new IllegalStateException("a router needs at least one backend");
      }
      List<String> problems = new ArrayList<>();
      for (Backend b : backends.values()) {
        if (!tiers.contains(b.tier())) {
          problems.add("backend '" + b.name() + "' is in tier '" + b.tier() + "', which is not one of " + tiers
              + Names.didYouMean(b.tier(), tiers));
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
        Names.undeclaredCategory(c, categories, "declare a new one with categories(\"" + c + "\")")
            .ifPresent(p -> problems.add("route(" + c + ", " + t + "): " + p));
        if (!tiers.contains(t)) {
          problems.add("category " + c + " is routed to tier '" + t + "', which is not one of " + tiers
              + Names.didYouMean(t, tiers));
        }
      });
      for (String name : failover.bulkhead().cappedBackends()) {
        boolean reference = quality != null && quality.reference().name().equals(name); // called by the quality loop
        if (!backends.containsKey(name) && !reference) {
          problems.add("the failover policy caps backend '" + name + "', which is not a backend of this router"
              + Names.didYouMean(name, backends.keySet()));
        }
      }
      if (quality != null) {
        for (TaskCategory c : quality.categoriesNamed()) {
          Names.undeclaredCategory(c, categories, "declare a new one with categories(\"" + c + "\")")
              .ifPresent(p -> problems.add("the quality policy's settings for " + c + ": " + p));
        }
      }
      Set<String> servable = new java.util.TreeSet<>();
      backends.values().forEach(b -> {
        servable.addAll(b.adapters());
        b.model().ifPresent(servable::add);
      });
      for (AdapterRule r : adapterRules) {
        if (backends.values().stream().noneMatch(b -> b.serves(r.adapter()))) {
          problems.add("adapter rule '" + r + "' names adapter '" + r.adapter() + "', which no backend serves"
              + Names.didYouMean(r.adapter(), servable) + "; declare it with Backend.builder(..).adapters(..)");
        }
        r.fallbackModel().filter(m -> !servable.contains(m)).ifPresent(m -> problems.add("adapter rule '" + r
            + "' falls back to model '" + m + "', which is no backend's model or adapter"
            + Names.didYouMean(m, servable)));
      }
      if (quality == null && !restoredQuality.isEmpty()) {
        problems.add("restoreQuality(..) has promotions but the quality loop is off; set quality(QualityPolicy) too");
      }
      for (RoutingRule r : rules) {
        if (!tiers.contains(r.tier())) {
          problems.add("rule " + r + " names tier '" + r.tier() + "', which is not one of " + tiers
              + Names.didYouMean(r.tier(), tiers));
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException(String.join("; ", problems));
      }
    }
  }
}
