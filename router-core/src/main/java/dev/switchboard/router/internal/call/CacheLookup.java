package dev.switchboard.router.internal.call;

import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.internal.plan.Plan;

/**
 * Answers an exact repeat from the cache. It runs twice: before the budget, under the planned
 * tier's key (an answer cached there is free, so it is served whatever the budget says, and
 * nothing is held for it), and after the budget, under the key of the plan the budget left
 * (again only when a downgrade changed it). A request counts as one hit or one miss either way.
 */
final class CacheLookup implements Stage.LeadingToAnswer {
  private final ResponseCache cache;
  private final boolean last;

  private CacheLookup(ResponseCache cache, boolean last) {
    this.cache = cache;
    this.last = last;
  }

  /** The look before the budget: a hit is free. */
  static CacheLookup beforeBudget(ResponseCache cache) {
    return new CacheLookup(cache, false);
  }

  /** The look after the budget, under the plan it admitted; a miss is counted here. */
  static CacheLookup afterBudget(ResponseCache cache) {
    return new CacheLookup(cache, true);
  }

  @Override
  public boolean run(Call call) {
    Plan plan = call.plan();
    if (!last) {
      call.cacheKey(cache.key(call.request(), plan), plan);
    } else if (call.cacheKey() != null && call.cacheKeyPlan() != plan) {
      call.cacheKey(cache.key(call.request(), plan), plan);
    }
    String key = call.cacheKey();
    ChatResponse stored = key == null ? null : last ? cache.get(key) : cache.hit(key);
    if (stored != null) {
      call.answeredFromCache(stored);
    }
    return true;
  }
}
