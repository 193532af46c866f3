package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.budget.BudgetStatus;
import dev.switchboard.router.metrics.RouterReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A router's observability, put together from what its builder was given: the log (always), the
 * meters (with a registry), the report's history (with a window), and the tracker that follows
 * each request for them and for the observation (with an observation registry). Free when off:
 * without a registry, an observation registry and a history, a blocking request is not tracked
 * at all and only the log listener hears events.
 */
public final class Instrumentation {
  private final Clock clock;
  private final Baseline baseline;
  private final RouterMeters meters; // null without a registry
  private final History history; // null without a window
  private final RequestTracker requests;
  private final List<RouterListener> own = new ArrayList<>();

  public Instrumentation(MeterRegistry registry, ObservationRegistry observations, Duration history, Clock clock,
      List<String> tiers, List<Backend> backends) {
    this.clock = clock;
    this.baseline = new Baseline(tiers, backends);
    this.meters = registry == null ? null : new RouterMeters(registry, baseline);
    this.history = history == null ? null : new History(history, clock, tiers, baseline);
    List<Consumer<Finished>> sinks = new ArrayList<>(2);
    own.add(new LogListener());
    if (meters != null) {
      own.add(meters);
      sinks.add(meters);
    }
    if (this.history != null) {
      own.add(this.history);
      sinks.add(this.history);
    }
    this.requests = new RequestTracker(clock, observations, sinks);
    if (requests.tracking()) {
      own.add(requests);
    }
  }

  /** The application's listeners, then the router's own. */
  public List<RouterListener> listeners(List<RouterListener> application) {
    List<RouterListener> all = new ArrayList<>(application);
    all.addAll(own);
    return all;
  }

  /** The router was reloaded: savings and the report follow its new tiers and backends. */
  public void reconfigured(List<String> tiers, List<Backend> backends) {
    baseline.update(tiers, backends);
    if (history != null) {
      history.tiers(tiers);
    }
  }

  /** Follows each request; see {@link RequestTracker}. */
  public RequestTracker requests() {
    return requests;
  }

  /** Binds the gauges that read the router's state, once it is built. */
  public void bind(RoutingChatClient router) {
    if (meters != null) {
      meters.bind(router);
    }
  }

  /** The report now. */
  public RouterReport report(RoutingChatClient router) {
    History.View v = history == null ? null : history.view();
    Set<String> services = new TreeSet<>(router.budgetPolicy().services());
    if (v != null) {
      v.byService().keySet().stream().filter(s -> !s.equals("other")).forEach(services::add);
    }
    List<BudgetStatus> budgets = new ArrayList<>();
    for (String s : services) {
      BudgetStatus b = router.budget(s);
      if (b.dailyLimit().isPresent() || b.monthlyLimit().isPresent()) {
        budgets.add(b);
      }
    }
    ReportPage.State state = new ReportPage.State(clock.instant(), router.tiers(), baseline.tier(), router.health(),
        router.quality(), router.calibration(), router.cacheStats(), budgets);
    String html = ReportPage.render(v, state);
    return v == null ? new RouterReport(state.at(), 0, BigDecimal.ZERO, BigDecimal.ZERO, html)
        : new RouterReport(state.at(), v.all().requests, v.all().cost, v.all().baseline, html);
  }
}
