package dev.switchboard.router.internal.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.router.Candidate;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.cache.CacheStats;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.internal.plan.Plan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache stage, on Caffeine: decides whether a request may be cached, computes its key, and
 * stores only answers that are safe to repeat. Time is the router's clock, so TTLs are testable.
 */
public final class ResponseCache {
  private final CachePolicy policy;
  private final Cache<String, ChatResponse> cache;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder bypassed = new LongAdder();
  private final LongAdder uncacheable = new LongAdder();

  public ResponseCache(CachePolicy policy, Clock clock) {
    this.policy = policy;
    Ticker ticker = () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.cache = Caffeine.newBuilder()
        .maximumWeight(policy.maxBytes())
        .weigher((String key, ChatResponse r) -> weight(key, r))
        .expireAfterWrite(policy.ttl())
        .ticker(ticker)
        .executor(Runnable::run) // no background threads; maintenance happens on the caller's
        .recordStats()
        .build();
  }

  /**
   * The request's key, or null when it must not touch the cache: bypassed, or not deterministic
   * (temperature not 0 and not marked cacheable, or more than one choice).
   */
  public String key(ChatRequest request, Plan plan) {
    String mode = request.routing().attributes().get(CachePolicy.ATTRIBUTE);
    if (CachePolicy.BYPASS.equals(mode)) {
      bypassed.increment();
      return null;
    }
    boolean deterministic = CachePolicy.CACHEABLE.equals(mode)
        || request.temperature().isPresent() && request.temperature().getAsDouble() == 0;
    if (!deterministic || request.n() != 1) {
      uncacheable.increment();
      return null;
    }
    List<Candidate> candidates = plan.decision().candidates();
    String tier = candidates.isEmpty() ? plan.decision().tier() : candidates.get(0).tier();
    return key(request, tier, policy.shareAcrossServices() ? null : request.routing().service(), plan.adapter());
  }

  /**
   * SHA-256 over a canonical JSON form (keys sorted, numbers normalised) of what changes the
   * answer: the body without stream options or model, the tier that will answer, the adapter
   * asked for, and the service (null when shared).
   */
  public static String key(ChatRequest request, String tier, String service) {
    return key(request, tier, service, request.routing().adapterHint().orElse(null));
  }

  /** As {@link #key(ChatRequest, String, String)}, for a request routed to {@code adapter} (null: none). */
  public static String key(ChatRequest request, String tier, String service, String adapter) {
    ObjectNode body = request.toJsonNode();
    body.remove(List.of("stream", "stream_options", "model"));
    ObjectNode k = Json.object();
    k.set("body", body);
    k.put("tier", tier);
    if (adapter != null) {
      k.put("adapter", adapter);
    }
    if (service != null) {
      k.put("service", service);
    }
    byte[] canonical = Json.canonicalBytes(k);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The stored answer, counted as a hit; or null, counted as a miss. */
  public ChatResponse get(String key) {
    ChatResponse r = cache.getIfPresent(key);
    (r != null ? hits : misses).increment();
    return r;
  }

  /**
   * The stored answer, counted as a hit; or null, counted as nothing: for a first look under one
   * key when the request will look again, with {@link #get}, under the key of its final plan. A
   * request counts as one hit or one miss however many keys it tries.
   */
  public ChatResponse hit(String key) {
    ChatResponse r = cache.getIfPresent(key);
    if (r != null) {
      hits.increment();
    }
    return r;
  }

  /** Stores an answer when it is safe to repeat: one choice, not cut off, no tool call unless allowed. */
  public void put(String key, ChatResponse response) {
    boolean safe = response.choices().size() == 1
        && !"length".equals(response.finishReason().orElse(""))
        && !"content_filter".equals(response.finishReason().orElse(""))
        && (policy.cacheToolCalls() || !response.hasToolCalls());
    if (!safe) {
      refused.increment();
      return;
    }
    cache.put(key, response);
    stores.increment();
  }

  public CacheStats stats() {
    com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
    long bytes = cache.policy().eviction().flatMap(e -> e.weightedSize().isPresent()
        ? java.util.Optional.of(e.weightedSize().getAsLong()) : java.util.Optional.empty()).orElse(0L);
    return new CacheStats(hits.sum(), misses.sum(), stores.sum(), refused.sum(), bypassed.sum(),
        uncacheable.sum(), s.evictionCount(), cache.estimatedSize(), bytes);
  }

  private static int weight(String key, ChatResponse response) {
    long bytes = key.length() + response.toJson().getBytes(StandardCharsets.UTF_8).length;
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
