package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends the requests it matches to a LoRA adapter: the router rewrites their {@code model} to the
 * adapter and considers only backends that serve it ({@link Backend#adapters()}). A rule matches
 * on any of a service, a tag and a category; all it names must match, and a rule that names
 * none matches every request. The router tries its rules in the order they were added; a
 * request's own {@code adapterHint} comes before them all.
 *
 * <pre>{@code
 * AdapterRule.to("sql-lora").service("billing").category(TaskCategory.EXTRACTION)
 *     .fallbackModel("meta-llama/Llama-2-7b-hf").build();
 * }</pre>
 *
 * <p>When no backend that serves the adapter can answer (none declares it, or all are down), the
 * request goes to the fallback model when the rule has one, else it fails with an
 * {@link AdapterUnavailableException} or a {@link NoBackendAvailableException}: never silently
 * to another model.
 */
public final class AdapterRule {
  private final String adapter;
  private final String service;
  private final String tag;
  private final TaskCategory category;
  private final String fallbackModel;

  private AdapterRule(Builder b) {
    this.adapter = b.adapter;
    this.service = b.service;
    this.tag = b.tag;
    this.category = b.category;
    this.fallbackModel = b.fallbackModel;
  }

  /** A rule sending what it matches to {@code adapter}. */
  public static Builder to(String adapter) {
    return new Builder(adapter);
  }

  public String adapter() {
    return adapter;
  }

  public Optional<String> service() {
    return Optional.ofNullable(service);
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  public Optional<TaskCategory> category() {
    return Optional.ofNullable(category);
  }

  /** The model (a backend's model, or another adapter) to use when the adapter cannot be served. */
  public Optional<String> fallbackModel() {
    return Optional.ofNullable(fallbackModel);
  }

  /** Whether this rule applies to {@code request} of {@code category}. */
  public boolean matches(ChatRequest request, TaskCategory category) {
    return (service == null || service.equals(request.routing().service()))
        && (tag == null || request.routing().tags().contains(tag))
        && (this.category == null || this.category.equals(category));
  }

  @Override
  public String toString() {
    List<String> when = new ArrayList<>(3);
    if (service != null) {
      when.add("service " + service);
    }
    if (tag != null) {
      when.add("tag " + tag);
    }
    if (category != null) {
      when.add("category " + category);
    }
    return (when.isEmpty() ? "every request" : String.join(" and ", when)) + " -> adapter " + adapter
        + (fallbackModel == null ? "" : " (else model " + fallbackModel + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdapterRule r && adapter.equals(r.adapter) && Objects.equals(service, r.service)
        && Objects.equals(tag, r.tag) && Objects.equals(category, r.category)
        && Objects.equals(fallbackModel, r.fallbackModel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(adapter, service, tag, category, fallbackModel);
  }

  /** Builds an {@link AdapterRule}. */
  public static final class Builder {
    private final String adapter;
    private String service;
    private String tag;
    private TaskCategory category;
    private String fallbackModel;

    private Builder(String adapter) {
      this.adapter = nonBlank(adapter, "adapter");
    }

    /** Matches requests of this service only. */
    public Builder service(String service) {
      this.service = nonBlank(service, "service");
      return this;
    }

    /** Matches requests carrying this tag only. */
    public Builder tag(String tag) {
      this.tag = nonBlank(tag, "tag");
      return this;
    }

    /** Matches requests of this category only (the hint's, or the classifier's). */
    public Builder category(TaskCategory category) {
      this.category = Objects.requireNonNull(category, "category");
      return this;
    }

    /** Where the request goes when no backend serving the adapter can answer. Default: nowhere (an error). */
    public Builder fallbackModel(String model) {
      this.fallbackModel = nonBlank(model, "fallback model");
      return this;
    }

    public AdapterRule build() {
      return new AdapterRule(this);
    }

    private static String nonBlank(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank: '" + value + "'");
      }
      return value;
    }
  }
}
