package dev.switchboard.router.internal.call;

import dev.switchboard.router.internal.cache.ResponseCache;

/** Keeps a dispatched answer under the key its request was looked up with, when it is safe to repeat. */
final class CacheStore implements Stage {
  private final ResponseCache cache;

  CacheStore(ResponseCache cache) {
    this.cache = cache;
  }

  @Override
  public boolean run(Call call) {
    if (!call.cacheHit() && call.cacheKey() != null) {
      cache.put(call.cacheKey(), call.delivered());
    }
    return true;
  }
}
