package dev.switchboard.router;

import dev.switchboard.router.chat.Capability;
import java.util.Collections;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One place a request can go: a name, the {@link ChatClient} that reaches it, the model to ask
 * for, the tier it belongs to, its price and its capabilities, and the LoRA adapters (or other
 * model variants) it serves besides its model. Immutable.
 */
public final class Backend {
  private final String name;
  private final ChatClient client;
  private final String model;
  private final String tier;
  private final Price price;
  private final Set<Capability> capabilities;
  private final int contextWindow;
  private final Set<String> adapters;

  private Backend(Builder b) {
    this.name = b.name;
    this.client = b.client;
    this.model = b.model;
    this.tier = b.tier;
    this.price = b.price;
    this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(b.capabilities));
    this.contextWindow = b.contextWindow;
    this.adapters = Collections.unmodifiableSet(new LinkedHashSet<>(b.adapters));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The name used in logs, metrics, {@link RouteInfo} and errors. */
  public String name() {
    return name;
  }

  public ChatClient client() {
    return client;
  }

  /** The model written into requests sent here; empty to keep the request's own model. */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  public String tier() {
    return tier;
  }

  public Price price() {
    return price;
  }

  public Set<Capability> capabilities() {
    return capabilities;
  }

  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }

  /** Context window in tokens; 0 when unknown (no request is refused for length). */
  public int contextWindow() {
    return contextWindow;
  }

  /**
   * The adapters this backend serves: names it accepts in a request's {@code model} besides its
   * own model (vLLM's LoRA modules, Ollama models built on a base). Empty when it serves none.
   */
  public Set<String> adapters() {
    return adapters;
  }

  /** Whether a request for {@code adapter} can go here. */
  public boolean serves(String adapter) {
    return adapters.contains(adapter);
  }

  /** This backend asked for {@code adapter} instead of its model: what a request routed to the adapter is sent as. */
  public Backend forAdapter(String adapter) {
    if (!serves(adapter)) {
      throw new IllegalArgumentException("backend '" + name + "' does not serve adapter '" + adapter + "'; it serves "
          + adapters);
    }
    Builder b = toBuilder();
    b.model = adapter;
    return b.build();
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.client = client;
    b.model = model;
    b.tier = tier;
    b.price = price;
    b.capabilities = EnumSet.copyOf(capabilities);
    b.contextWindow = contextWindow;
    b.adapters = new LinkedHashSet<>(adapters);
    return b;
  }

  @Override
  public String toString() {
    return "Backend{" + name + ", tier=" + tier + (model != null ? ", model=" + model : "")
        + (adapters.isEmpty() ? "" : ", adapters=" + adapters) + ", " + price + "}";
  }

  /** Builds a {@link Backend}; client and tier are required. */
  public static final class Builder {
    private final String name;
    private ChatClient client;
    private String model;
    private String tier;
    private Price price = Price.FREE;
    private Set<Capability> capabilities = EnumSet.allOf(Capability.class);
    private int contextWindow;
    private Set<String> adapters = new LinkedHashSet<>();

    private Builder(String name) {
      if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
        throw new IllegalArgumentException("backend name must be 1-64 letters, digits, '_', '.', ':' or '-': '"
            + name + "'");
      }
      this.name = name;
    }

    public Builder client(ChatClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    public Builder model(String model) {
      if (model != null && model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model;
      return this;
    }

    public Builder tier(String tier) {
      this.tier = tier;
      return this;
    }

    public Builder price(Price price) {
      this.price = Objects.requireNonNull(price, "price");
      return this;
    }

    /** What the backend can do; all capabilities when never called. */
    public Builder capabilities(Capability first, Capability... rest) {
      this.capabilities = EnumSet.of(first, rest);
      return this;
    }

    /** A backend that does plain text chat only. */
    public Builder textOnly() {
      this.capabilities = EnumSet.noneOf(Capability.class);
      return this;
    }

    public Builder contextWindow(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("context window must not be negative: " + tokens);
      }
      this.contextWindow = tokens;
      return this;
    }

    /**
     * The LoRA adapters (or model variants) this backend serves, by the name it knows them by:
     * a request routed to one is sent with {@code model} set to it. Declare them, or take them
     * from the server (router-okhttp's {@code ModelCatalog}). Replaces any given before.
     */
    public Builder adapters(Collection<String> adapters) {
      Set<String> set = new LinkedHashSet<>();
      for (String a : Objects.requireNonNull(adapters, "adapters")) {
        if (a == null || a.isBlank()) {
          throw new IllegalArgumentException("adapter names must not be blank: " + adapters);
        }
        set.add(a);
      }
      this.adapters = set;
      return this;
    }

    /** The LoRA adapters this backend serves; see {@link #adapters(Collection)}. */
    public Builder adapters(String... adapters) {
      return adapters(java.util.Arrays.asList(adapters));
    }

    public Backend build() {
      if (client == null) {
        throw new IllegalStateException("backend '" + name + "' needs a client");
      }
      if (tier == null || tier.isBlank()) {
        throw new IllegalStateException("backend '" + name + "' needs a tier");
      }
      return new Backend(this);
    }
  }
}
