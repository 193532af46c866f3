package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.RateLimitedException;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.budget.Charge;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.metrics.SwitchboardMetrics;
import dev.switchboard.router.quality.QualityEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * The router's meters on the application's registry, counted from listener events and from each
 * finished request; the state gauges come from {@link SwitchboardMetrics}. Every tag value is a
 * name the application configured (service, backend, tier, category), an outcome or failure kind,
 * or an exception class name: never a prompt, never a key. docs/observability.md lists them all.
 */
public final class RouterMeters implements RouterListener, Consumer<Finished> {
  /** Services whose budget gauges are bound as they are first seen, at most this many. */
  static final int MAX_SERVICES = 256;

  private final MeterRegistry registry;
  private final Baseline baseline;
  private final DoubleAdder spent = new DoubleAdder();
  private final DoubleAdder wouldHaveSpent = new DoubleAdder();
  private final Set<String> services = ConcurrentHashMap.newKeySet();
  private final Set<TaskCategory> promotable = ConcurrentHashMap.newKeySet();
  private volatile SwitchboardMetrics state; // once the router is built

  public RouterMeters(MeterRegistry registry, Baseline baseline) {
    this.registry = registry;
    this.baseline = baseline;
    Gauge.builder("router.savings", this, m -> m.wouldHaveSpent.sum() - m.spent.sum()).baseUnit("dollars")
        .description("what the answers would have cost on the most capable tier, less everything charged, "
            + "since the router was built")
        .register(registry);
  }

  /** Binds the router's state gauges. */
  public void bind(RoutingChatClient router) {
    SwitchboardMetrics s = new SwitchboardMetrics(router);
    s.bindTo(registry);
    services.addAll(router.budgetPolicy().services());
    state = s;
  }

  @Override
  public void accept(Finished f) {
    Timer.builder("router.requests")
        .tags("service", f.service(), "category", f.category(), "tier", f.tier(), "backend", f.backend(),
            "outcome", f.outcome(), "error", f.errorName(), "mode", f.mode())
        .description("requests, by where they went and how they ended; the time is the caller's latency")
        .register(registry).record(f.latency());
    Timer.builder("router.overhead").tags("mode", f.mode(), "outcome", f.outcome())
        .description("the router's own time in a request: its latency less backend calls, backoffs and "
            + "rate-limit waits")
        .register(registry).record(f.overhead());
    if (f.firstToken() != null) {
      Timer.builder("router.stream.first.token")
          .tags("service", f.service(), "category", f.category(), "tier", f.tier(), "backend", f.backend())
          .description("time from the call to a stream's first chunk, failover included")
          .register(registry).record(f.firstToken());
    }
    if (f.usage() != null) {
      BigDecimal would = baseline.of(f.usage());
      Counter.builder("router.cost.baseline").tags("service", f.service(), "category", f.category())
          .baseUnit("dollars")
          .description("what the answers would have cost on the most capable tier (" + baseline.tier() + ")")
          .register(registry).increment(would.doubleValue());
      wouldHaveSpent.add(would.doubleValue());
    }
    List<Attempt> attempts = f.attempts();
    for (int i = 0; i + 1 < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      if (!a.succeeded() && !a.backend().equals(attempts.get(i + 1).backend())) {
        Counter.builder("router.failovers").tags("backend", a.backend(), "reason", kind(a))
            .description("moves to another backend after a failed attempt, by the backend left and why")
            .register(registry).increment();
      }
    }
  }

  @Override
  public void onPlanned(ChatRequest request, RoutingDecision decision) {
    SwitchboardMetrics s = state;
    String service = request.routing().service();
    if (s != null && !services.contains(service) && services.size() < MAX_SERVICES && services.add(service)) {
      s.bindBudget(registry, service);
    }
  }

  @Override
  public void onAttemptFailed(ChatRequest request, Attempt attempt) {
    attempt(attempt, kind(attempt));
  }

  @Override
  public void onAttemptSucceeded(ChatRequest request, Attempt attempt) {
    attempt(attempt, "success");
  }

  private void attempt(Attempt a, String result) {
    Timer.builder("router.attempts").tags("backend", a.backend(), "tier", tier(a.tier()), "result", result)
        .description("calls to backends (answers and quality-loop calls), by result: success or the failure kind")
        .register(registry).record(a.duration());
  }

  @Override
  public void onRetry(ChatRequest request, Attempt failed, Duration backoff) {
    Counter.builder("router.retries").tags("backend", failed.backend(), "tier", tier(failed.tier()),
            "reason", kind(failed))
        .description("the same backend tried again after a failed attempt").register(registry).increment();
  }

  @Override
  public void onRateLimitWait(ChatRequest request, Duration wait) {
    Timer.builder("router.ratelimit.waits").tag("service", request.routing().service())
        .description("requests that waited for their service's rate limit, and how long")
        .register(registry).record(wait);
  }

  @Override
  public void onFailed(ChatRequest request, SwitchboardException error) {
    if (error instanceof RateLimitedException r) {
      Counter.builder("router.ratelimit.rejections").tag("service", r.service())
          .description("requests refused by their service's rate limit").register(registry).increment();
    } else if (error instanceof BudgetExceededException b) {
      Counter.builder("router.budget.rejections").tags("service", b.service(), "period", b.period())
          .description("requests refused at a budget limit").register(registry).increment();
    }
  }

  @Override
  public void onBackendStateChanged(BackendHealth health, BackendState previous) {
    Counter.builder("router.backend.transitions")
        .tags("backend", health.backend(), "state", health.state().name().toLowerCase(Locale.ROOT))
        .description("backends entering a state: open, half_open, closed, misconfigured, cooling_down")
        .register(registry).increment();
  }

  @Override
  public void onBudgetDowngrade(ChatRequest request, RoutingDecision planned, RoutingDecision admitted) {
    String to = admitted.candidates().isEmpty() ? planned.tier() : admitted.candidates().get(0).tier();
    Counter.builder("router.budget.downgrades")
        .tags("service", request.routing().service(), "from", planned.tier(), "to", to)
        .description("requests the budget sent to a cheaper tier or backend, or kept off pricier failover")
        .register(registry).increment();
  }

  @Override
  public void onBudgetWarning(String service, String period, BigDecimal limit, BigDecimal spentNow) {
    Counter.builder("router.budget.warnings").tags("service", service, "period", period)
        .description("spend crossing the warning share of a limit").register(registry).increment();
  }

  @Override
  public void onCharged(Charge charge) {
    String kind = charge.kind().name().toLowerCase(Locale.ROOT);
    Counter.builder("router.cost")
        .tags("service", charge.service(), "backend", charge.backend(), "tier", charge.tier(), "kind", kind)
        .baseUnit("dollars").description("dollars charged, by what the call was for")
        .register(registry).increment(charge.cost().doubleValue());
    spent.add(charge.cost().doubleValue());
    tokens(charge, kind, "input", charge.usage().promptTokens());
    tokens(charge, kind, "output", charge.usage().completionTokens());
  }

  private void tokens(Charge charge, String kind, String type, int n) {
    Counter.builder("router.tokens")
        .tags("service", charge.service(), "backend", charge.backend(), "tier", charge.tier(), "kind", kind,
            "type", type)
        .baseUnit("tokens").description("tokens charged; type input or output, as gen_ai.token.type")
        .register(registry).increment(n);
  }

  @Override
  public void onPromoted(QualityEvent event) {
    quality("router.quality.promotions", event);
  }

  @Override
  public void onDemoted(QualityEvent event) {
    quality("router.quality.demotions", event);
  }

  private void quality(String name, QualityEvent e) {
    Counter.builder(name).tags("category", e.category().name(), "from", e.fromTier(), "to", e.toTier())
        .description("categories moved between tiers by the quality loop").register(registry).increment();
    SwitchboardMetrics s = state;
    if (s != null && !e.category().isBuiltIn() && promotable.add(e.category())) {
      s.bindPromoted(registry, e.category());
    }
  }

  @Override
  public void onQualityScored(TaskCategory category, String tier, double score) {
    DistributionSummary.builder("router.quality.score").tags("category", category.name(), "tier", tier)
        .description("quality-loop scores (0 to 1) of sampled answers").register(registry).record(score);
  }

  private static String kind(Attempt a) {
    return a.failureKind().map(k -> k.name().toLowerCase(Locale.ROOT)).orElse("success");
  }

  private static String tier(String tier) {
    return tier == null ? Finished.NONE : tier;
  }
}
