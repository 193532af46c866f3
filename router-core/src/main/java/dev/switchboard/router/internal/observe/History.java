package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.budget.Charge;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.quality.QualityEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the report draws, in bounded memory: a ring of {@link #BUCKETS} time buckets over the
 * window (requests per tier, cache hits, failures, failovers, cost, baseline, breaker events),
 * totals per (category, tier) and per service over the same window, and the last
 * {@link #EVENTS} notable events (breaker changes, promotions, budget downgrades). Time is the
 * router's clock. Thread-safe (one lock; held for a few additions per request).
 */
public final class History implements RouterListener, Consumer<Finished> {
  /** Time buckets kept over the window. */
  public static final int BUCKETS = 240;
  /** Notable events kept. */
  public static final int EVENTS = 200;
  /** Services kept apart; later ones are added to "other". */
  static final int MAX_SERVICES = 64;

  private final Clock clock;
  private final Duration window;
  private final long bucketMillis;
  private volatile List<String> tiers;
  private final Baseline baseline;
  private final Bucket[] ring = new Bucket[BUCKETS];
  private final Deque<Event> events = new ArrayDeque<>();
  private final Map<String, Instant> downgradesTold = new java.util.HashMap<>();
  /** A downgrade of the same service between the same tiers is told at most this often. */
  static final Duration DOWNGRADE_QUIET = Duration.ofMinutes(10);

  public History(Duration window, Clock clock, List<String> tiers, Baseline baseline) {
    this.clock = clock;
    this.window = window;
    this.bucketMillis = Math.max(1000, window.toMillis() / BUCKETS);
    this.tiers = List.copyOf(tiers);
    this.baseline = baseline;
  }

  public Duration window() {
    return window;
  }

  public Duration bucket() {
    return Duration.ofMillis(bucketMillis);
  }

  public List<String> tiers() {
    return tiers;
  }

  /** The router was reloaded with these tiers: the report's columns from now on. */
  public void tiers(List<String> now) {
    this.tiers = List.copyOf(now);
  }

  /** A notable event: when, what kind ("open", "closed", "promoted", "downgrade"...), and its line. */
  public record Event(Instant at, String kind, String text) {}

  /** Totals of one key over the window. */
  public static final class Totals {
    public long requests;
    public long cacheHits;
    public long failures;
    public long failovers;
    public BigDecimal cost = BigDecimal.ZERO;
    public BigDecimal baseline = BigDecimal.ZERO;
    public double scoreSum;
    public long scores;

    void add(Totals o) {
      requests += o.requests;
      cacheHits += o.cacheHits;
      failures += o.failures;
      failovers += o.failovers;
      cost = cost.add(o.cost);
      baseline = baseline.add(o.baseline);
      scoreSum += o.scoreSum;
      scores += o.scores;
    }
  }

  /** One time bucket. */
  public static final class Bucket {
    public final long index; // bucket number since the epoch
    public final long[] perTier; // answered requests per tier (cache hits included)
    public final Totals all = new Totals();
    public int breakerEvents;
    public int qualityEvents;
    public int downgrades;
    final Map<String, Totals> byCategoryTier = new LinkedHashMap<>(); // "category|tier"
    final Map<String, Totals> byService = new LinkedHashMap<>();

    Bucket(long index, int tiers) {
      this.index = index;
      this.perTier = new long[tiers];
    }

    Totals of(Map<String, Totals> map, String key) {
      return map.computeIfAbsent(key, k -> new Totals());
    }
  }

  /** What the report needs, copied out under the lock. */
  public record View(Instant at, Duration window, Duration bucket, List<String> tiers, List<Bucket> buckets,
      Map<String, Totals> byCategoryTier, Map<String, Totals> byService, Totals all, List<Event> events) {
    public Instant start(Bucket b) {
      return Instant.ofEpochMilli(b.index * bucket.toMillis());
    }
  }

  @Override
  public synchronized void accept(Finished f) {
    Bucket b = bucket(f.end());
    Totals[] all = {b.all, b.of(b.byCategoryTier, f.category() + "|" + f.tier()), b.of(b.byService, service(b, f))};
    long failovers = 0;
    List<Attempt> attempts = f.attempts();
    for (int i = 0; i + 1 < attempts.size(); i++) {
      if (!attempts.get(i).succeeded() && !attempts.get(i).backend().equals(attempts.get(i + 1).backend())) {
        failovers++;
      }
    }
    BigDecimal would = f.usage() == null ? BigDecimal.ZERO : baseline.of(f.usage());
    for (Totals t : all) {
      t.requests++;
      t.cacheHits += f.cacheHit() ? 1 : 0;
      t.failures += f.error() != null ? 1 : 0;
      t.failovers += failovers;
      t.baseline = t.baseline.add(would);
    }
    int tier = tiers.indexOf(f.tier());
    if (f.error() == null && tier >= 0) {
      b.perTier[tier]++;
    }
  }

  private static String service(Bucket b, Finished f) {
    return b.byService.size() < MAX_SERVICES || b.byService.containsKey(f.service()) ? f.service() : "other";
  }

  @Override
  public synchronized void onCharged(Charge charge) {
    Bucket b = bucket(clock.instant());
    b.all.cost = b.all.cost.add(charge.cost());
    String service = b.byService.size() < MAX_SERVICES || b.byService.containsKey(charge.service())
        ? charge.service() : "other";
    Totals s = b.of(b.byService, service);
    s.cost = s.cost.add(charge.cost());
  }

  /**
   * Charges carry no category, so the per-category cost is each answer's route cost; the
   * reference calls and the billed failures of failed requests are in the totals only.
   */
  public synchronized void routedCost(String category, String tier, BigDecimal cost) {
    Bucket b = bucket(clock.instant());
    Totals t = b.of(b.byCategoryTier, category + "|" + tier);
    t.cost = t.cost.add(cost);
  }

  @Override
  public void onRouted(ChatRequest request, dev.switchboard.router.RouteInfo route) {
    routedCost(route.category().name(), route.tier(), route.cost());
  }

  @Override
  public synchronized void onBackendStateChanged(BackendHealth h, BackendState previous) {
    bucket(clock.instant()).breakerEvents++;
    event(h.state().name().toLowerCase(java.util.Locale.ROOT), "backend " + h.backend() + ": " + previous + " -> "
        + h.state());
  }

  @Override
  public synchronized void onPromoted(QualityEvent e) {
    bucket(clock.instant()).qualityEvents++;
    event("promoted", e.describe());
  }

  @Override
  public synchronized void onDemoted(QualityEvent e) {
    bucket(clock.instant()).qualityEvents++;
    event("demoted", e.describe());
  }

  @Override
  public synchronized void onBudgetDowngrade(ChatRequest request, RoutingDecision planned, RoutingDecision admitted) {
    Bucket b = bucket(clock.instant());
    b.downgrades++;
    String to = admitted.candidates().isEmpty() ? planned.tier() : admitted.candidates().get(0).tier();
    // one line per service and bucket is enough to see when a budget bit
    String text = "service '" + request.routing().service() + "' at its budget: tier " + planned.tier() + " -> " + to;
    Instant now = clock.instant();
    Instant told = downgradesTold.get(text);
    if (told == null || !now.isBefore(told.plus(DOWNGRADE_QUIET))) { // a budget that bites bites often: tell it now and then
      if (told != null || downgradesTold.size() < MAX_SERVICES) {
        downgradesTold.put(text, now);
      }
      event("downgrade", text);
    }
  }

  @Override
  public synchronized void onQualityScored(TaskCategory category, String tier, double score) {
    Bucket b = bucket(clock.instant());
    Totals t = b.of(b.byCategoryTier, category.name() + "|" + tier);
    t.scoreSum += score;
    t.scores++;
  }

  private void event(String kind, String text) {
    events.addLast(new Event(clock.instant(), kind, text));
    while (events.size() > EVENTS) {
      events.removeFirst();
    }
  }

  /** The bucket {@code at} falls in, reset when the ring comes round to it again. */
  private Bucket bucket(Instant at) {
    long index = Math.floorDiv(at.toEpochMilli(), bucketMillis);
    int slot = (int) Math.floorMod(index, (long) BUCKETS);
    Bucket b = ring[slot];
    if (b == null || b.index != index) {
      b = new Bucket(index, tiers.size());
      ring[slot] = b;
    }
    return b;
  }

  /** The window now: buckets oldest first (empty ones included), totals over them, recent events. */
  public synchronized View view() {
    Instant now = clock.instant();
    long last = Math.floorDiv(now.toEpochMilli(), bucketMillis);
    List<Bucket> buckets = new ArrayList<>(BUCKETS);
    Map<String, Totals> byCategoryTier = new LinkedHashMap<>();
    Map<String, Totals> byService = new LinkedHashMap<>();
    Totals all = new Totals();
    for (long i = last - BUCKETS + 1; i <= last; i++) {
      Bucket b = ring[(int) Math.floorMod(i, (long) BUCKETS)];
      if (b == null || b.index != i) {
        b = new Bucket(i, tiers.size());
      } else {
        all.add(b.all);
        b.byCategoryTier.forEach((k, t) -> byCategoryTier.computeIfAbsent(k, x -> new Totals()).add(t));
        b.byService.forEach((k, t) -> byService.computeIfAbsent(k, x -> new Totals()).add(t));
      }
      buckets.add(copy(b));
    }
    Instant from = Instant.ofEpochMilli((last - BUCKETS + 1) * bucketMillis);
    List<Event> recent = events.stream().filter(e -> !e.at().isBefore(from)).toList();
    return new View(now, window, bucket(), tiers, buckets, byCategoryTier, byService, all, recent);
  }

  private Bucket copy(Bucket b) {
    Bucket c = new Bucket(b.index, tiers.size());
    System.arraycopy(b.perTier, 0, c.perTier, 0, b.perTier.length);
    c.all.add(b.all);
    c.breakerEvents = b.breakerEvents;
    c.qualityEvents = b.qualityEvents;
    c.downgrades = b.downgrades;
    return c;
  }
}
