package dev.switchboard.router.failover;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Concurrency caps (a Failsafe {@code Bulkhead} per capped backend): at most so many calls in
 * flight to a backend, and how long a request waits for a slot before spilling to the next
 * candidate. Immutable; set through {@link FailoverPolicy.Builder#bulkhead(Consumer)}, read
 * through {@link FailoverPolicy#bulkhead()}.
 */
public final class BulkheadSettings {
  private final int defaultConcurrencyCap;
  private final Map<String, Integer> concurrencyCaps;
  private final Duration capacityWait;

  private BulkheadSettings(Builder b) {
    this.defaultConcurrencyCap = b.defaultConcurrencyCap;
    this.concurrencyCaps = Map.copyOf(b.concurrencyCaps);
    this.capacityWait = b.capacityWait;
  }

  /** The backends given a cap of their own, by name (a router checks each is one of its backends). */
  public java.util.Set<String> cappedBackends() {
    return concurrencyCaps.keySet();
  }

  /** At most this many calls in flight to {@code backend}; empty when unlimited (the default). */
  public OptionalInt concurrencyCap(String backend) {
    int cap = concurrencyCaps.getOrDefault(backend, defaultConcurrencyCap);
    return cap > 0 ? OptionalInt.of(cap) : OptionalInt.empty();
  }

  /** How long a request waits for a full backend before spilling to the next candidate. Default 0. */
  public Duration capacityWait() {
    return capacityWait;
  }

  Builder toBuilder() {
    Builder b = new Builder();
    b.defaultConcurrencyCap = defaultConcurrencyCap;
    b.concurrencyCaps.putAll(concurrencyCaps);
    b.capacityWait = capacityWait;
    return b;
  }

  @Override
  public String toString() {
    return "bulkhead{caps=" + concurrencyCaps + (defaultConcurrencyCap > 0 ? ", defaultCap=" + defaultConcurrencyCap : "")
        + ", capacityWait=" + capacityWait + "}";
  }

  /** Edits a policy's concurrency caps; every setter checks its value and names it when wrong. */
  public static final class Builder {
    private int defaultConcurrencyCap;
    private final Map<String, Integer> concurrencyCaps = new LinkedHashMap<>();
    private Duration capacityWait = Duration.ZERO;

    Builder() {}

    /** A concurrency cap for every backend without its own (0: unlimited, the default). */
    public Builder concurrencyCap(int maxInFlight) {
      this.defaultConcurrencyCap = notNegative(maxInFlight, "concurrencyCap");
      return this;
    }

    /** At most {@code maxInFlight} calls in flight to {@code backend} (0: unlimited). */
    public Builder concurrencyCap(String backend, int maxInFlight) {
      Objects.requireNonNull(backend, "backend");
      concurrencyCaps.put(backend, notNegative(maxInFlight, "concurrencyCap of '" + backend + "'"));
      return this;
    }

    /** How long to wait for a full backend before spilling to the next candidate (0: spill at once). */
    public Builder capacityWait(Duration wait) {
      this.capacityWait = Checks.notNegative(wait, "capacityWait");
      return this;
    }

    BulkheadSettings build() {
      return new BulkheadSettings(this);
    }

    private static int notNegative(int cap, String setting) {
      if (cap < 0) {
        throw new IllegalArgumentException(setting + " must not be negative (0: unlimited): " + cap);
      }
      return cap;
    }
  }
}
