package dev.switchboard.router;

import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.classify.TaskCategory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What actually happened to a request: its category and planned tier, the backend that answered
 * (and its tier and model), every attempt in order with its error, the cost charged, whether the
 * cost is an estimate (the backend reported no usage), whether the answer came from the cache,
 * and the reasons. Immutable; the router builds it, tests can with {@link #builder(RoutingDecision)}.
 */
public final class RouteInfo {
  private final String service;
  private final TaskCategory category;
  private final String plannedTier;
  private final String tier;
  private final String backend;
  private final String model;
  private final String adapter;
  private final List<Attempt> attempts;
  private final BigDecimal cost;
  private final boolean costEstimated;
  private final boolean cacheHit;
  private final Duration latency;
  private final RoutingDecision decision;

  private RouteInfo(Builder b) {
    this.service = Objects.requireNonNull(b.service, "service");
    this.category = Objects.requireNonNull(b.category, "category");
    this.backend = Objects.requireNonNull(b.backend, "backend");
    this.cost = Objects.requireNonNull(b.cost, "cost");
    this.latency = Objects.requireNonNull(b.latency, "latency");
    this.decision = Objects.requireNonNull(b.decision, "decision");
    this.plannedTier = b.plannedTier != null ? b.plannedTier : decision.tier();
    this.tier = Objects.requireNonNull(b.tier, "tier");
    this.model = b.model;
    this.adapter = b.adapter;
    this.attempts = List.copyOf(b.attempts);
    this.costEstimated = b.costEstimated;
    this.cacheHit = b.cacheHit;
  }

  /**
   * A route for {@code decision}: its category and planned tier come from the decision; name the
   * backend that answered (and its tier) and set what happened.
   */
  public static Builder builder(RoutingDecision decision) {
    return new Builder(decision);
  }

  /** A builder holding everything this route says, to change one part. */
  public Builder toBuilder() {
    Builder b = new Builder(decision);
    b.service = service;
    b.category = category;
    b.plannedTier = plannedTier;
    b.tier = tier;
    b.backend = backend;
    b.model = model;
    b.attempts = attempts;
    b.cost = cost;
    b.costEstimated = costEstimated;
    b.cacheHit = cacheHit;
    b.adapter = adapter;
    b.latency = latency;
    return b;
  }

  /** The service the request was for (budgets and the cache key on it). */
  public String service() {
    return service;
  }

  /** The category the request was classified (or hinted) as. */
  public TaskCategory category() {
    return category;
  }

  /** The tier the plan chose before any failover. */
  public String plannedTier() {
    return plannedTier;
  }

  /** The tier of the backend that answered. */
  public String tier() {
    return tier;
  }

  /** The backend that answered (for a cache hit: the one that first gave the answer). */
  public String backend() {
    return backend;
  }

  /** The model that answered, as the backend reported it or as configured; null when unknown. */
  public String model() {
    return model;
  }

  /**
   * The LoRA adapter the request was routed to (by its hint or an {@link AdapterRule}); empty when
   * none, or when the rule's fallback model answered instead.
   */
  public java.util.Optional<String> adapter() {
    return java.util.Optional.ofNullable(adapter);
  }

  /** Every attempt, in order; the last one succeeded. Empty for a cache hit. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** What the request cost in dollars: the answer plus any billed failed attempts; zero for a cache hit. */
  public BigDecimal cost() {
    return cost;
  }

  /** True when the backend reported no usage and the cost is an estimate. */
  public boolean costEstimated() {
    return costEstimated;
  }

  public boolean cacheHit() {
    return cacheHit;
  }

  /** From the call to the answer, as the router's clock measured it. */
  public Duration latency() {
    return latency;
  }

  /** The routing decision the request was dispatched on. */
  public RoutingDecision decision() {
    return decision;
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
    return "RouteInfo{" + category + ", tier=" + tier + ", backend=" + backend
        + (adapter != null ? ", adapter=" + adapter : "") + ", attempts=" + attempts.size()
        + ", cost=$" + cost.toPlainString() + (costEstimated ? " (estimated)" : "") + (cacheHit ? ", cache hit" : "")
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouteInfo r && service.equals(r.service) && category.equals(r.category)
        && plannedTier.equals(r.plannedTier) && tier.equals(r.tier) && backend.equals(r.backend)
        && Objects.equals(model, r.model) && Objects.equals(adapter, r.adapter) && attempts.equals(r.attempts) && cost.compareTo(r.cost) == 0
        && costEstimated == r.costEstimated && cacheHit == r.cacheHit && latency.equals(r.latency)
        && decision.equals(r.decision);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, category, plannedTier, tier, backend, model, adapter, attempts, cost.stripTrailingZeros(),
        costEstimated, cacheHit, latency, decision);
  }

  /** Builds a {@link RouteInfo}; service, backend and tier are required, the rest have defaults. */
  public static final class Builder {
    private final RoutingDecision decision;
    private String service = RoutingMetadata.NONE.service();
    private TaskCategory category;
    private String plannedTier;
    private String tier;
    private String backend;
    private String model;
    private String adapter;
    private List<Attempt> attempts = List.of();
    private BigDecimal cost = BigDecimal.ZERO;
    private boolean costEstimated;
    private boolean cacheHit;
    private Duration latency = Duration.ZERO;

    private Builder(RoutingDecision decision) {
      this.decision = Objects.requireNonNull(decision, "decision");
      this.category = decision.category();
      this.plannedTier = decision.tier();
    }

    public Builder service(String service) {
      this.service = Objects.requireNonNull(service, "service");
      return this;
    }

    /** The backend that answered and its tier. */
    public Builder servedBy(String backend, String tier) {
      this.backend = Objects.requireNonNull(backend, "backend");
      this.tier = Objects.requireNonNull(tier, "tier");
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder attempts(List<Attempt> attempts) {
      this.attempts = List.copyOf(attempts);
      return this;
    }

    /** The cost in dollars, and whether it is an estimate (no usage reported). */
    public Builder cost(BigDecimal cost, boolean estimated) {
      this.cost = Objects.requireNonNull(cost, "cost");
      this.costEstimated = estimated;
      return this;
    }

    /** The LoRA adapter that answered; null for none. */
    public Builder adapter(String adapter) {
      this.adapter = adapter;
      return this;
    }

    public Builder cacheHit(boolean cacheHit) {
      this.cacheHit = cacheHit;
      return this;
    }

    public Builder latency(Duration latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    public RouteInfo build() {
      return new RouteInfo(this);
    }
  }
}
