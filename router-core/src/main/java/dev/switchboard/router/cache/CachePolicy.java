package dev.switchboard.router.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The response cache: exact repeats of deterministic requests answered from memory at no cost.
 *
 * <pre>{@code
 * RoutingChatClient.builder()...cache(CachePolicy.builder()
 *     .ttl(Duration.ofHours(6))          // default 1 hour, measured on the router's clock
 *     .maxBytes(256L << 20)              // default 64 MiB of cached answers
 *     .build())
 * }</pre>
 *
 * <p>Only deterministic requests are cached: temperature 0 (or the request marked
 * {@code cacheable()}), one choice; answers that were cut off ({@code finish_reason: length}),
 * that call tools (unless {@link Builder#cacheToolCalls}) or that failed never are. Services
 * never see each other's answers unless {@link Builder#shareAcrossServices}. Immutable.
 */
public final class CachePolicy {
  /** The routing attribute that marks a request: {@value #CACHEABLE} or {@value #BYPASS}. */
  public static final String ATTRIBUTE = "switchboard.cache";
  /** Cache this request even though its temperature is not 0 (the application knows it is deterministic enough). */
  public static final String CACHEABLE = "cacheable";
  /** Neither read nor write the cache for this request. */
  public static final String BYPASS = "bypass";

  private final Duration ttl;
  private final long maxBytes;
  private final boolean shareAcrossServices;
  private final boolean cacheToolCalls;

  private CachePolicy(Builder b) {
    this.ttl = b.ttl;
    this.maxBytes = b.maxBytes;
    this.shareAcrossServices = b.shareAcrossServices;
    this.cacheToolCalls = b.cacheToolCalls;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: 1 hour, 64 MiB, per service, no tool calls. */
  public static CachePolicy defaults() {
    return builder().build();
  }

  public Duration ttl() {
    return ttl;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public boolean shareAcrossServices() {
    return shareAcrossServices;
  }

  public boolean cacheToolCalls() {
    return cacheToolCalls;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachePolicy c && ttl.equals(c.ttl) && maxBytes == c.maxBytes
        && shareAcrossServices == c.shareAcrossServices && cacheToolCalls == c.cacheToolCalls;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(ttl, maxBytes, shareAcrossServices, cacheToolCalls);
  }

  @Override
  public String toString() {
    return "CachePolicy{ttl=" + ttl + ", maxBytes=" + maxBytes + (shareAcrossServices ? ", shared" : "")
        + (cacheToolCalls ? ", toolCalls" : "") + "}";
  }

  /** Builds a {@link CachePolicy}; values are checked as they are set. */
  public static final class Builder {
    private Duration ttl = Duration.ofHours(1);
    private long maxBytes = 64L << 20;
    private boolean shareAcrossServices;
    private boolean cacheToolCalls;

    private Builder() {}

    /** How long an answer is served after it was stored, on the router's clock. */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive: " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** The bound on the cached answers' size, in bytes of their JSON; the least recently useful go first. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Lets every service be answered from every other's cached answers. Off by default. */
    public Builder shareAcrossServices(boolean share) {
      this.shareAcrossServices = share;
      return this;
    }

    /** Caches answers that call tools (the tool call is replayed, not executed). Off by default. */
    public Builder cacheToolCalls(boolean cache) {
      this.cacheToolCalls = cache;
      return this;
    }

    public CachePolicy build() {
      return new CachePolicy(this);
    }
  }
}
