package dev.switchboard.router;

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

  private RoutingMetadata(Builder b) {
    this.service = b.service;
    this.priority = b.priority;
    this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
    this.categoryHint = b.categoryHint;
    this.tierHint = b.tierHint;
    this.adapterHint = b.adapterHint;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
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

  public Builder toBuilder() {
    Builder b = new Builder();
    b.service = service;
    b.priority = priority;
    b.tags.addAll(tags);
    b.categoryHint = categoryHint;
    b.tierHint = tierHint;
    b.adapterHint = adapterHint;
    b.attributes.putAll(attributes);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutingMetadata m && service.equals(m.service) && priority == m.priority
        && tags.equals(m.tags) && Objects.equals(categoryHint, m.categoryHint)
        && Objects.equals(tierHint, m.tierHint) && Objects.equals(adapterHint, m.adapterHint)
        && attributes.equals(m.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, priority, tags, categoryHint, tierHint, adapterHint, attributes);
  }

  @Override
  public String toString() {
    return "RoutingMetadata{service=" + service + ", priority=" + priority + ", tags=" + tags
        + (categoryHint != null ? ", category=" + categoryHint : "")
        + (tierHint != null ? ", tier=" + tierHint : "")
        + (adapterHint != null ? ", adapter=" + adapterHint : "") + "}";
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

    public RoutingMetadata build() {
      return new RoutingMetadata(this);
    }
  }
}
