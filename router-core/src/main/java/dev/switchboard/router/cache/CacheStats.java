package dev.switchboard.router.cache;

/**
 * What the response cache has done since the router was built; an immutable snapshot.
 *
 * @param hits requests answered from the cache
 * @param misses cacheable requests that were not in it
 * @param stores answers put in the cache
 * @param refused answers not stored: cut off, tool calls, several choices
 * @param bypassed requests that asked to bypass the cache
 * @param uncacheable requests that are not deterministic (temperature not 0, n &gt; 1)
 * @param evictions entries removed for size or age
 * @param entries entries now
 * @param bytes the approximate size of the entries now
 */
public record CacheStats(long hits, long misses, long stores, long refused, long bypassed, long uncacheable,
    long evictions, long entries, long bytes) {
  /** No cache, or nothing happened yet. */
  public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Hits over lookups (hits plus misses); 0 when there was no lookup. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }
}
