package dev.switchboard.router.metrics;

import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.budget.BudgetStatus;
import dev.switchboard.router.cache.CacheStats;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.RouterHealth;
import dev.switchboard.router.quality.QualitySnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The gauges and function counters that read a router's state on each scrape: every backend's
 * breaker state and failures in a row, the response cache, the quality loop's counters and
 * promotions, and budgets (spent, limit, remaining per service and period). Counting happens in
 * the router already (as Micrometer's own binders count from a cache's stats); nothing here
 * touches the request path. The meters that count events (requests, latency, cost, savings,
 * attempts...) come with {@code RoutingChatClient.builder().meterRegistry(..)}, which binds this
 * too; use this alone to bind a router's state to a registry you get after building it.
 *
 * <pre>{@code
 * new SwitchboardMetrics(router).bindTo(registry);
 * }</pre>
 *
 * <p>Budget gauges are bound for the services named in the budget policy; bind others (those on
 * the default limits) with {@link #bindBudget}. The router is held weakly, as Micrometer's gauges
 * hold what they read.
 */
public final class SwitchboardMetrics implements MeterBinder {
  private final RoutingChatClient router;

  public SwitchboardMetrics(RoutingChatClient router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    bindHealth(registry);
    bindCache(registry);
    bindQuality(registry);
    for (String service : router.budgetPolicy().services()) {
      bindBudget(registry, service);
    }
  }

  private void bindHealth(MeterRegistry registry) {
    RouterHealth now = router.health();
    List<BackendHealth> all = new ArrayList<>(now.backends());
    all.addAll(now.support());
    for (BackendHealth b : all) {
      String name = b.backend();
      for (BackendState s : BackendState.values()) {
        // A backend a reload removed reads 0 in every state.
        Gauge.builder("router.backend.state", router,
                r -> r.health().backend(name).filter(h -> h.state() == s).isPresent() ? 1 : 0)
            .tags("backend", name, "state", lower(s.name()))
            .description("1 for the state the backend is in now (its circuit breaker's), 0 for the others")
            .register(registry);
      }
      Gauge.builder("router.backend.failures", router, r -> r.health().backend(name)
              .map(BackendHealth::consecutiveFailures).orElse(0))
          .tag("backend", name).description("failures in a row").register(registry);
    }
  }

  private void bindCache(MeterRegistry registry) {
    gets(registry, "hit", CacheStats::hits);
    gets(registry, "miss", CacheStats::misses);
    gets(registry, "bypassed", CacheStats::bypassed);
    gets(registry, "uncacheable", CacheStats::uncacheable);
    puts(registry, "stored", CacheStats::stores);
    puts(registry, "refused", CacheStats::refused);
    FunctionCounter.builder("router.cache.evictions", router, r -> r.cacheStats().evictions())
        .description("cached answers removed for size or age").register(registry);
    Gauge.builder("router.cache.size", router, r -> r.cacheStats().entries())
        .description("cached answers now").register(registry);
    Gauge.builder("router.cache.bytes", router, r -> r.cacheStats().bytes()).baseUnit("bytes")
        .description("approximate size of the cached answers").register(registry);
  }

  private void gets(MeterRegistry registry, String result, ToDoubleFunction<CacheStats> f) {
    FunctionCounter.builder("router.cache.gets", router, r -> f.applyAsDouble(r.cacheStats())).tag("result", result)
        .description("requests that met the cache: hit, miss, bypassed, not cacheable").register(registry);
  }

  private void puts(MeterRegistry registry, String result, ToDoubleFunction<CacheStats> f) {
    FunctionCounter.builder("router.cache.puts", router, r -> f.applyAsDouble(r.cacheStats())).tag("result", result)
        .description("answers offered to the cache: stored, or refused (cut off, tool calls)").register(registry);
  }

  private void bindQuality(MeterRegistry registry) {
    if (!router.quality().enabled()) {
      return;
    }
    samples(registry, "sampled", QualitySnapshot::sampled);
    samples(registry, "scored", QualitySnapshot::scored);
    samples(registry, "dropped", QualitySnapshot::dropped);
    samples(registry, "failed", QualitySnapshot::failed);
    samples(registry, "unscored", QualitySnapshot::unscored);
    Gauge.builder("router.quality.promoted.categories", router, r -> r.quality().promotions().size())
        .description("categories served by a higher tier than their tier map's now").register(registry);
    for (TaskCategory c : TaskCategory.builtIns()) {
      bindPromoted(registry, c);
    }
  }

  /** Binds the 0/1 gauge saying whether {@code category} is promoted now (built-in categories are bound already). */
  public void bindPromoted(MeterRegistry registry, TaskCategory category) {
    Gauge.builder("router.quality.promoted", router, r -> r.quality().isPromoted(category) ? 1 : 0)
        .tag("category", category.name()).description("1 while the quality loop has the category promoted")
        .register(registry);
  }

  private void samples(MeterRegistry registry, String result, ToDoubleFunction<QualitySnapshot> f) {
    FunctionCounter.builder("router.quality.samples", router, r -> f.applyAsDouble(r.quality()))
        .tag("result", result)
        .description("answers sampled for the quality loop, and what became of them").register(registry);
  }

  /**
   * Binds one service's budget gauges: {@code router.budget.spent} per period, and
   * {@code router.budget.limit} and {@code router.budget.remaining} for the periods it has a limit in.
   */
  public void bindBudget(MeterRegistry registry, String service) {
    Objects.requireNonNull(service, "service");
    BudgetStatus now = router.budget(service);
    budget(registry, "router.budget.spent", service, "daily", s -> Optional.of(s.spentToday()));
    budget(registry, "router.budget.spent", service, "monthly", s -> Optional.of(s.spentThisMonth()));
    if (now.dailyLimit().isPresent()) {
      budget(registry, "router.budget.limit", service, "daily", BudgetStatus::dailyLimit);
      budget(registry, "router.budget.remaining", service, "daily", BudgetStatus::remainingToday);
    }
    if (now.monthlyLimit().isPresent()) {
      budget(registry, "router.budget.limit", service, "monthly", BudgetStatus::monthlyLimit);
      budget(registry, "router.budget.remaining", service, "monthly", BudgetStatus::remainingThisMonth);
    }
  }

  private void budget(MeterRegistry registry, String name, String service, String period,
      Function<BudgetStatus, Optional<BigDecimal>> value) {
    Gauge.builder(name, router, r -> value.apply(r.budget(service)).map(BigDecimal::doubleValue).orElse(Double.NaN))
        .tags(Tags.of("service", service, "period", period)).baseUnit("dollars")
        .description("a service's budget in the current day or month of the budget policy's zone")
        .register(registry);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
