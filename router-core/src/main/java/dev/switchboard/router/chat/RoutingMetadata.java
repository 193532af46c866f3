package dev.switchboard.router.chat;

import dev.switchboard.router.classify.TaskCategory;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the application tells the router about a request, beside the body: the service it comes
 * from (budgets and cache isolation key on it), its priority, free-form tags, and hints that
 * override the router's own judgement. Never written into the body a backend receives.
 *
 * <p>On the way to a backend the router strips all of it and sets one thing only: the
 * {@link #timeBudget()}, how long that backend has to answer.
 */
public final class RoutingMetadata {
  /** The service name used when the application names none. */
  public static final String DEFAULT_SERVICE = "default";
  public static final RoutingMetadata NONE = builder().build();

  private final String service;
  private final Priority priority;
  private final Set<String> tags;
  private final TaskCategory categoryHint;
  private final String tierHint;
  private final String adapterHint;
  private final Map<String, String> attributes;
  private final Duration timeBudget;

  private RoutingMetadata(Builder b) {
    this.service = b.service;
    this.priority = b.priority;
    this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
    this.categoryHint = b.categoryHint;
    this.tierHint = b.tierHint;
    this.adapterHint = b.adapterHint;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    this.timeBudget = b.timeBudget;
  }

  private RoutingMetadata(RoutingMetadata m, Duration timeBudget) {
    this.service = m.service;
    this.priority = m.priority;
    this.tags = m.tags;
    this.categoryHint = m.categoryHint;
    this.tierHint = m.tierHint;
    this.adapterHint = m.adapterHint;
    this.attributes = m.attributes;
    this.timeBudget = timeBudget;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String service() {
    return service;
  }

  public Priority priority() {
    return priority;
  }

  public Set<String> tags() {
    return tags;
  }

  /** The application's own category for this request; when present it wins over the classifier. */
  public Optional<TaskCategory> categoryHint() {
    return Optional.ofNullable(categoryHint);
  }

  /** The tier the application wants; when present it wins over the tier map. */
  public Optional<String> tierHint() {
    return Optional.ofNullable(tierHint);
  }

  /** A LoRA adapter (or other model variant) the application asks for. */
  public Optional<String> adapterHint() {
    return Optional.ofNullable(adapterHint);
  }

  /** Free-form key/value hints for custom stages (e.g. a tenant id). */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * How long the call that carries this metadata may take. The router sets it on the body each
   * backend receives: the time left before the request's deadline, or the attempt timeout when
   * that is shorter. An adapter should give up after it (router-okhttp sets its call's timeout to
   * it); the router stops waiting then anyway. A request that reaches a router with a budget
   * (a router behind another router) gets the lesser of it and the policy's deadline. Relative, not
   * an instant: the router's clock may be a test's, the adapter's is real. Never sent on the wire.
   */
  public Optional<Duration> timeBudget() {
    return Optional.ofNullable(timeBudget);
  }

  /** This metadata with another time budget (null: none); everything else is shared. */
  public RoutingMetadata withTimeBudget(Duration budget) {
    return new RoutingMetadata(this, budget == null ? null : Builder.positive(budget));
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.service = service;
    b.priority = priority;
    b.tags.addAll(tags);
    b.categoryHint = categoryHint;
    b.tierHint = tierHint;
    b.adapterHint = adapterHint;
    b.attributes.putAll(attributes);
    b.timeBudget = timeBudget;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutingMetadata m && service.equals(m.service) && priority == m.priority
        && tags.equals(m.tags) && Objects.equals(categoryHint, m.categoryHint)
        && Objects.equals(tierHint, m.tierHint) && Objects.equals(adapterHint, m.adapterHint)
        && attributes.equals(m.attributes) && Objects.equals(timeBudget, m.timeBudget);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, priority, tags, categoryHint, tierHint, adapterHint, attributes, timeBudget);
  }

  @Override
  public String toString() {
    return "RoutingMetadata{service=" + service + ", priority=" + priority + ", tags=" + tags
        + (categoryHint != null ? ", category=" + categoryHint : "")
        + (tierHint != null ? ", tier=" + tierHint : "")
        + (adapterHint != null ? ", adapter=" + adapterHint : "")
        + (timeBudget != null ? ", timeBudget=" + timeBudget : "") + "}";
  }

  /** Builds {@link RoutingMetadata}. */
  public static final class Builder {
    private String service = DEFAULT_SERVICE;
    private Priority priority = Priority.NORMAL;
    private final Set<String> tags = new LinkedHashSet<>();
    private TaskCategory categoryHint;
    private String tierHint;
    private String adapterHint;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private Duration timeBudget;

    private Builder() {}

    public Builder service(String service) {
      if (service == null || service.isBlank()) {
        throw new IllegalArgumentException("service must not be blank: '" + service + "'");
      }
      this.service = service;
      return this;
    }

    public Builder priority(Priority priority) {
      this.priority = Objects.requireNonNull(priority, "priority");
      return this;
    }

    public Builder tag(String tag) {
      if (tag == null || tag.isBlank()) {
        throw new IllegalArgumentException("tag must not be blank");
      }
      tags.add(tag);
      return this;
    }

    public Builder categoryHint(TaskCategory category) {
      this.categoryHint = category;
      return this;
    }

    public Builder tierHint(String tier) {
      this.tierHint = tier;
      return this;
    }

    public Builder adapterHint(String adapter) {
      this.adapterHint = adapter;
      return this;
    }

    public Builder attribute(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) {
        attributes.remove(key);
      } else {
        attributes.put(key, value);
      }
      return this;
    }

    /** Cache this request's answer although its temperature is not 0 (docs/cache.md). */
    public Builder cacheable() {
      return attribute(dev.switchboard.router.cache.CachePolicy.ATTRIBUTE, dev.switchboard.router.cache.CachePolicy.CACHEABLE);
    }

    /** Neither read nor write the response cache for this request. */
    public Builder bypassCache() {
      return attribute(dev.switchboard.router.cache.CachePolicy.ATTRIBUTE, dev.switchboard.router.cache.CachePolicy.BYPASS);
    }

    /** How long the call may take ({@link RoutingMetadata#timeBudget()}); null: no budget. */
    public Builder timeBudget(Duration budget) {
      this.timeBudget = budget == null ? null : positive(budget);
      return this;
    }

    private static Duration positive(Duration budget) {
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("timeBudget must be positive: " + budget);
      }
      return budget;
    }

    public RoutingMetadata build() {
      return new RoutingMetadata(this);
    }
  }
}
