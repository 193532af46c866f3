package dev.switchboard.router.internal.quality;

import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.internal.quality.CalibrationLog.Source;
import dev.switchboard.router.quality.Calibration;
import dev.switchboard.router.quality.QualityEvent;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.quality.QualityScore;
import dev.switchboard.router.quality.QualityScorer;
import dev.switchboard.router.quality.QualityScorers;
import dev.switchboard.router.quality.QualitySnapshot;
import dev.switchboard.router.quality.QualitySnapshot.Promotion;
import dev.switchboard.router.quality.ReferenceGradingScorer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The quality loop: samples cheap answers on the caller's thread (one random draw, one enqueue),
 * and off it asks the reference model, scores, keeps a sliding window per (category, tier), and
 * promotes a category to the next tier when its window falls below the threshold. While a
 * category is promoted, the tier below keeps being tried in the background; once it scores at
 * least the threshold plus the margin, the category moves back down. Opt-in shadow sampling tries
 * the tier below on answers from a tier above the cheapest. Every scored answer is also kept for
 * {@link #calibration calibration}.
 */
public final class QualityLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(QualityLoop.class.getName());
  private static final int RECENT_EVENTS = 32;
  private static final QualityLoop DISABLED = new QualityLoop();

  private final QualityPolicy policy;
  private final List<String> tiers;
  private final Planner planner;
  private final Accountant accountant;
  private final Clock clock;
  private final Consumer<QualityEvent> events;
  private final ScoreListener scores;
  private final Sampler sampler;
  private final Executor executor;
  private final ThreadPoolExecutor ownPool; // null when the user supplied the executor
  private final Map<Key, SlidingWindow> windows = new ConcurrentHashMap<>();
  private final PromotionTable promotions;
  private final BackendCaller caller;
  private final CalibrationLog calibration;
  private final Deque<QualityEvent> recent = new ArrayDeque<>(); // guarded by this
  private final AtomicLong sampled = new AtomicLong();
  private final AtomicLong scored = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong unscored = new AtomicLong();

  private QualityLoop() {
    policy = null;
    tiers = List.of();
    planner = null;
    accountant = null;
    clock = null;
    events = e -> {};
    scores = ScoreListener.NONE;
    sampler = null;
    executor = null;
    ownPool = null;
    calibration = null;
    promotions = null;
    caller = null;
  }

  /**
   * What the router gives the loop to run with: {@code executor} runs the samples (null: the loop's
   * own pool, sized by the policy), {@code random} draws every sampling decision, and the loop starts
   * with the {@code restored} promotions.
   */
  public record Resources(Executor executor, RandomGenerator random, List<Promotion> restored) {
    public Resources {
      Objects.requireNonNull(random, "random");
      restored = List.copyOf(restored);
    }
  }

  private QualityLoop(QualityPolicy policy, Resources resources, Planner planner, PromotionTable promotions,
      BackendCaller caller, Accountant accountant, Clock clock, Consumer<QualityEvent> events, ScoreListener scores) {
    this.policy = policy;
    this.scores = scores;
    this.promotions = promotions;
    this.caller = caller;
    this.tiers = planner.tiers();
    this.planner = planner;
    this.accountant = accountant;
    this.clock = clock;
    this.events = events;
    this.sampler = new Sampler(resources.random());
    this.calibration = new CalibrationLog(policy.calibrationSamples());
    this.ownPool = resources.executor() != null ? null : pool(policy.threads(), policy.queueCapacity());
    this.executor = resources.executor() != null ? resources.executor() : ownPool;
    for (Promotion p : resources.restored()) {
      restore(p);
    }
  }

  /** A loop that does nothing: the router's default. */
  public static QualityLoop disabled() {
    return DISABLED;
  }

  /**
   * The loop for {@code policy} running with {@code resources}, or the disabled one when the policy
   * is null. {@code planner} gives the
   * tiers, the tier map and the backends a re-probe may use; the loop writes its promotions to
   * {@code promotions}, which the planner reads; every backend call goes through {@code caller}
   * (the router's dispatcher); {@code events} hears every promotion and demotion, on the loop's thread.
   */
  public static QualityLoop create(QualityPolicy policy, Resources resources, Planner planner,
      PromotionTable promotions, BackendCaller caller, Accountant accountant, Clock clock,
      Consumer<QualityEvent> events) {
    return create(policy, resources, planner, promotions, caller, accountant, clock, events, ScoreListener.NONE);
  }

  /** As above; {@code scores} hears every scored sample, on the loop's thread. */
  public static QualityLoop create(QualityPolicy policy, Resources resources, Planner planner,
      PromotionTable promotions, BackendCaller caller, Accountant accountant, Clock clock,
      Consumer<QualityEvent> events, ScoreListener scores) {
    return policy == null ? DISABLED
        : new QualityLoop(policy, resources, planner, promotions, caller, accountant, clock, events, scores);
  }

  /** Hears each scored sample: the category, the tier whose answer was scored, the score. */
  @FunctionalInterface
  public interface ScoreListener {
    ScoreListener NONE = (category, tier, score) -> {};

    void scored(TaskCategory category, String tier, double score);
  }

  private static ThreadPoolExecutor pool(int threads, int queueCapacity) {
    BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>()
        : new ArrayBlockingQueue<>(queueCapacity);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue, r -> {
      Thread t = new Thread(r, "switchboard-quality-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true); // no idle threads kept for a loop that samples rarely
    return pool;
  }

  public boolean enabled() {
    return policy != null;
  }

  /** The tier to plan {@code category} on: the promotion's tier when it is above {@code planned}. */
  public String effectiveTier(TaskCategory category, String planned) {
    if (policy == null) {
      return planned;
    }
    return promotions.effectiveTier(category, planned);
  }

  /**
   * Offers an answer the caller just got. On the caller's thread this is at most two random draws
   * and two enqueues; it never blocks and never throws.
   */
  public void offer(ChatRequest request, ChatResponse response, RouteInfo route) {
    if (policy == null || route.cacheHit()) {
      return;
    }
    try {
      TaskCategory category = route.category();
      int served = tiers.indexOf(route.tier());
      if (served >= 0 && served < tiers.size() - 1 && sampler.sample(policy.sampleRate(category))) {
        String answer = response.content();
        Taken taken = new Taken(Source.ANSWER, category, request, response, route);
        submit(() -> judge(taken, route.tier(), answer));
      }
      Promotion p = promotions.get(category);
      if (p != null && served == tiers.indexOf(p.tier()) && served > 0 && sampler.sample(policy.reprobeRate())) {
        tryBelow(new Taken(Source.REPROBE, category, request, response, route), served);
      } else if (p == null && served > 0 && route.tier().equals(route.plannedTier())
          && request.routing().tierHint().isEmpty() && route.tier().equals(planner.tierFor(category))
          && sampler.sample(policy.shadowRate(category))) {
        tryBelow(new Taken(Source.SHADOW, category, request, response, route), served);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "quality loop could not take a sample; ignored", e);
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          failed.incrementAndGet();
          LOG.log(Level.WARNING, "quality sample failed", e);
        }
      });
      sampled.incrementAndGet();
    } catch (RejectedExecutionException e) {
      dropped.incrementAndGet();
    }
  }

  /** In the background, the tier below {@code served} answers the same request again, then it is judged. */
  private void tryBelow(Taken taken, int served) {
    String lower = tiers.get(served - 1);
    submit(() -> cheapest(lower, taken.category(), taken.request()).ifPresent(b -> probe(taken, b)));
  }

  private void probe(Taken taken, Backend cheaper) {
    ChatResponse answer;
    try {
      answer = call(cheaper, taken.request(), taken.request());
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      LOG.log(Level.DEBUG, () -> taken.source() + " call to " + cheaper.name() + " failed: " + e);
      return;
    }
    judge(taken, cheaper.tier(), answer.content());
  }

  private void judge(Taken taken, String tier, String candidate) {
    TaskCategory category = taken.category();
    ChatRequest request = taken.request();
    ChatResponse reference;
    try {
      reference = call(policy.reference(), request, request);
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      LOG.log(Level.DEBUG, () -> "reference call failed; sample skipped: " + e);
      return;
    }
    Optional<QualityScore> score;
    try {
      score = scorer(category, request).score(category, request, candidate, reference.content());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "quality scorer for " + category + " threw; sample left unscored", e);
      score = Optional.empty();
    }
    if (score == null || score.isEmpty()) {
      unscored.incrementAndGet();
      return;
    }
    scored.incrementAndGet();
    double value = score.get().score();
    scores.scored(category, tier, value);
    record(category, tier, value);
    if (request.routing().tierHint().isEmpty()) { // no config change moves a request that names its tier
      Classification c = taken.route().decision().classification();
      Usage usage = Accountant.usage(request, taken.served());
      calibration.add(category, tier, new CalibrationLog.Sample(clock.instant(), taken.source(), value,
          value >= policy.threshold(category), c.confidence(), c.hinted(),
          c.signals().stream().anyMatch(sig -> sig.name().equals(Calibrator.EXEMPT_SIGNAL)),
          usage.promptTokens(), usage.completionTokens()));
    }
  }

  private QualityScorer scorer(TaskCategory category, ChatRequest request) {
    return policy.scorer(category).orElseGet(() -> policy.gradeWithReference()
        ? ReferenceGradingScorer.using(grading -> call(policy.reference(), request, grading))
        : QualityScorers.forCategory(category));
  }

  /** Calls {@code backend} with {@code body}, charged as a reference call to {@code original}'s service. */
  private ChatResponse call(Backend backend, ChatRequest original, ChatRequest body) {
    // A sampled stream is re-asked whole: the loop reads the answer, it does not relay it.
    ChatRequest plain = body.stream() ? body.toBuilder().field("stream", null).field("stream_options", null).build()
        : body;
    // Through the router's dispatcher, like every call: the backend's breaker, cap, retries and
    // the deadline apply, so a reference model that is down is left alone, not hammered.
    ChatResponse response = caller.call(backend, plain.withRouting(original.routing()));
    accountant.charge(original.routing().service(), backend, Dispatcher.forBackend(plain, backend), response,
        Accountant.ChargeKind.REFERENCE);
    return response;
  }

  /** How the loop calls a backend: the router's dispatcher, with one candidate. */
  @FunctionalInterface
  public interface BackendCaller {
    ChatResponse call(Backend backend, ChatRequest request);
  }

  /** Records one score, then moves the category if its window now says so. */
  void record(TaskCategory category, String tier, double score) {
    Instant now = clock.instant();
    window(category, tier).add(now, score);
    QualityEvent event;
    synchronized (this) {
      event = decide(category, tier, now);
      if (event != null) {
        recent.addLast(event);
        while (recent.size() > RECENT_EVENTS) {
          recent.removeFirst();
        }
      }
    }
    if (event != null) {
      LOG.log(Level.INFO, event::describe);
      events.accept(event);
    }
  }

  private QualityEvent decide(TaskCategory category, String tier, Instant now) {
    String base = planner.tierFor(category);
    Promotion p = promotions.get(category);
    String current = p != null ? p.tier() : base;
    int t = tiers.indexOf(tier);
    int c = tiers.indexOf(current);
    SlidingWindow.Stats stats = window(category, tier).stats(now);
    if (stats.count() < policy.minSamples()) {
      return null;
    }
    double threshold = policy.threshold(category);
    if (t == c && t < tiers.size() - 1 && stats.mean() < threshold) {
      String up = tiers.get(t + 1);
      QualityEvent e = new QualityEvent(QualityEvent.Kind.PROMOTED, category, current, up, tier, stats.mean(),
          stats.count(), threshold, now);
      promotions.put(new Promotion(category, base, up, p != null ? p.since() : now, e.describe()));
      // The next decision about this tier rests on fresh background probes only.
      window(category, tier).clear();
      return e;
    }
    double recovered = threshold + policy.recoveryMargin();
    if (p != null && t == c - 1 && stats.mean() >= recovered) {
      QualityEvent e = new QualityEvent(QualityEvent.Kind.DEMOTED, category, current, tier, tier, stats.mean(),
          stats.count(), recovered, now);
      if (tiers.indexOf(tier) <= tiers.indexOf(base)) {
        promotions.remove(category);
      } else {
        promotions.put(new Promotion(category, base, tier, p.since(), e.describe()));
      }
      return e;
    }
    return null;
  }

  /**
   * Takes over {@code previous}'s windows for this router's tiers, and its counters, after a
   * reload; windows of another size or age limit start afresh.
   */
  public void adoptWindows(QualityLoop previous) {
    if (policy == null || previous.policy == null || previous.policy.window() != policy.window()
        || !previous.policy.windowTime().equals(policy.windowTime())) {
      return;
    }
    previous.windows.forEach((k, w) -> {
      if (tiers.contains(k.tier())) {
        windows.put(k, w);
      }
    });
    sampled.addAndGet(previous.sampled.get());
    scored.addAndGet(previous.scored.get());
    dropped.addAndGet(previous.dropped.get());
    failed.addAndGet(previous.failed.get());
    unscored.addAndGet(previous.unscored.get());
  }

  private SlidingWindow window(TaskCategory category, String tier) {
    return windows.computeIfAbsent(new Key(category, tier),
        k -> new SlidingWindow(policy.window(), policy.windowTime().orElse(null)));
  }

  private void restore(Promotion p) {
    String base = planner.tierFor(p.category());
    if (!tiers.contains(p.tier()) || tiers.indexOf(p.tier()) <= tiers.indexOf(base)) {
      LOG.log(Level.WARNING, "restored promotion of " + p.category() + " to tier '" + p.tier()
          + "' does not fit this router's tiers " + tiers + " (base tier " + base + "); dropped");
      return;
    }
    promotions.put(new Promotion(p.category(), base, p.tier(), p.since(), p.reason()));
  }

  /** The backend the planner would try first in {@code tier} for this request (fit for it, cheapest). */
  private Optional<Backend> cheapest(String tier, TaskCategory category, ChatRequest request) {
    ChatRequest pinned = request.withRouting(request.routing().toBuilder().tierHint(tier).build());
    return planner.plan(pinned, Classification.hinted(category), false).backends().stream()
        .filter(b -> b.tier().equals(tier)).findFirst();
  }

  public QualitySnapshot snapshot() {
    if (policy == null) {
      return QualitySnapshot.DISABLED;
    }
    Instant now = clock.instant();
    List<QualitySnapshot.WindowStats> stats = new ArrayList<>();
    windows.forEach((k, w) -> {
      SlidingWindow.Stats s = w.stats(now);
      stats.add(new QualitySnapshot.WindowStats(k.category(), k.tier(), s.count(), s.mean(), s.min()));
    });
    stats.sort(Comparator.comparing(QualitySnapshot.WindowStats::category)
        .thenComparing(w -> tiers.indexOf(w.tier())));
    List<QualityEvent> events;
    synchronized (this) {
      events = List.copyOf(recent);
    }
    return new QualitySnapshot(true, promotions.all(), stats, events, sampled.get(), scored.get(), dropped.get(),
        failed.get(), unscored.get());
  }

  /**
   * What the kept samples say about the tier map and the classifier's min-confidence, with
   * suggested changes; {@link Calibration#DISABLED} when the loop is off. {@code ruleBased} says
   * whether the router classifies with RuleBasedClassifier (confidence suggestions need it).
   */
  public Calibration calibration(boolean ruleBased) {
    if (policy == null) {
      return Calibration.DISABLED;
    }
    return new Calibrator(policy, tiers, planner::tierFor, c -> effectiveTier(c, planner.tierFor(c)),
        planner.backends(), ruleBased).calibrate(calibration.snapshot(), clock.instant());
  }

  /** Stops the loop's own pool; samples still waiting are dropped and counted. A supplied executor is left alone. */
  @Override
  public void close() {
    if (ownPool != null) {
      List<Runnable> pending = ownPool.shutdownNow();
      dropped.addAndGet(pending.size());
      sampled.addAndGet(-pending.size());
    }
  }

  private record Key(TaskCategory category, String tier) {}

  /** An answer taken for judging: where from, the request, and the answer and route the caller got. */
  private record Taken(Source source, TaskCategory category, ChatRequest request, ChatResponse served,
      RouteInfo route) {}
}
