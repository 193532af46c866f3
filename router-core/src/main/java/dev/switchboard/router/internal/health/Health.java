package dev.switchboard.router.internal.health;

import dev.switchboard.router.Backend;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RouterHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Every backend's {@link BackendGuard}, by name. Not API. */
public final class Health {
  private final Clock clock;
  private final Map<String, BackendGuard> guards = new LinkedHashMap<>();
  private final int answering; // the first this many guards answer requests; the rest are support

  public Health(List<Backend> backends, FailoverPolicy policy, Clock clock,
      BiConsumer<BackendHealth, BackendState> onChange) {
    this(backends, List.of(), policy, clock, onChange);
  }

  /** Guards for the answering {@code backends} and for {@code support} (called for the router's own work). */
  public Health(List<Backend> backends, List<Backend> support, FailoverPolicy policy, Clock clock,
      BiConsumer<BackendHealth, BackendState> onChange) {
    this(backends, support, policy, clock, onChange, null);
  }

  /**
   * As above, keeping from {@code previous} (null: nothing) the guard of each backend that keeps
   * its name and its breaker and cap settings: its breaker's state and its calls in flight carry on.
   */
  public Health(List<Backend> backends, List<Backend> support, FailoverPolicy policy, Clock clock,
      BiConsumer<BackendHealth, BackendState> onChange, Health previous) {
    this.clock = clock;
    this.answering = backends.size();
    List<Backend> all = new ArrayList<>(backends);
    all.addAll(support);
    for (Backend b : all) {
      BackendGuard.Settings settings = new BackendGuard.Settings(policy.circuitBreaker().failureThreshold(),
          policy.circuitBreaker().cooldown(), policy.circuitBreaker().misconfiguredCooldown(),
          policy.retry().maxRetryAfter(), policy.bulkhead().concurrencyCap(b.name()).orElse(0));
      BackendGuard kept = previous == null ? null : previous.guards.get(b.name());
      guards.put(b.name(), kept != null && kept.settings().equals(settings) ? kept
          : new BackendGuard(b, clock, settings, onChange));
    }
  }

  public BackendGuard guard(Backend backend) {
    BackendGuard g = guards.get(backend.name());
    if (g == null) {
      throw new IllegalArgumentException("backend '" + backend.name() + "' is not one of this router's");
    }
    return g;
  }

  public RouterHealth snapshot() {
    List<BackendHealth> all = new ArrayList<>(guards.size());
    guards.values().forEach(g -> all.add(g.health()));
    return new RouterHealth(clock.instant(), all.subList(0, answering), all.subList(answering, all.size()));
  }

  public List<BackendHealth> states(List<Backend> backends) {
    List<BackendHealth> out = new ArrayList<>(backends.size());
    backends.forEach(b -> out.add(guard(b).health()));
    return out;
  }

  /**
   * The earliest moment one of {@code backends} that is out of rotation (open, misconfigured,
   * cooling down) takes requests again; null when none is waiting to.
   */
  public Instant firstAvailable(List<Backend> backends) {
    Instant first = null;
    for (Backend b : backends) {
      Instant at = guard(b).availableAt();
      if (at != null && (first == null || at.isBefore(first))) {
        first = at;
      }
    }
    return first;
  }
}
