package dev.switchboard.router;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What actually happened to a request: its category and planned tier, the backend that answered
 * (and its tier and model), every attempt in order with its error, the cost charged, whether the
 * cost is an estimate (the backend reported no usage), whether the answer came from the cache,
 * and the reasons.
 */
public record RouteInfo(
    String service,
    TaskCategory category,
    String plannedTier,
    String tier,
    String backend,
    String model,
    List<Attempt> attempts,
    BigDecimal cost,
    boolean costEstimated,
    boolean cacheHit,
    Duration latency,
    RoutingDecision decision) {

  public RouteInfo {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(decision, "decision");
    attempts = List.copyOf(attempts);
  }

  /** The reasons for the route, in plain words, plus what happened while dispatching. */
  public String reason() {
    StringBuilder sb = new StringBuilder(decision.why());
    List<Attempt> failed = attempts.stream().filter(a -> !a.succeeded()).toList();
    if (cacheHit) {
      sb.append("; answered from the cache");
    } else if (!failed.isEmpty()) {
      long backends = failed.stream().map(Attempt::backend).distinct().count();
      sb.append("; ").append(failed.size()).append(failed.size() == 1 ? " attempt" : " attempts").append(" on ")
          .append(backends).append(backends == 1 ? " backend" : " backends").append(" failed before ")
          .append(backend).append(" answered");
    }
    if (!tier.equals(plannedTier)) {
      sb.append("; served by tier ").append(tier).append(" instead of ").append(plannedTier);
    }
    return sb.toString();
  }

  /** True when the answer needed more than one attempt. */
  public boolean failedOver() {
    return attempts.size() > 1;
  }

  @Override
  public String toString() {
    return "RouteInfo{" + category + ", tier=" + tier + ", backend=" + backend + ", attempts=" + attempts.size()
        + ", cost=$" + cost.toPlainString() + (costEstimated ? " (estimated)" : "") + (cacheHit ? ", cache hit" : "")
        + "}";
  }
}
