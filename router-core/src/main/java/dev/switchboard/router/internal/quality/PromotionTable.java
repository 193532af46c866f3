package dev.switchboard.router.internal.quality;

import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.quality.QualitySnapshot.Promotion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the quality loop has moved categories: the loop writes it, the planner reads it. Built
 * before either, so neither needs the other to exist first. Thread-safe.
 */
public final class PromotionTable implements Planner.Promotions {
  private final List<String> tiers;
  private final Map<TaskCategory, Promotion> promotions = new ConcurrentHashMap<>();

  public PromotionTable(List<String> tiers) {
    this.tiers = List.copyOf(tiers);
  }

  /** The tier to plan {@code category} on: the promotion's tier when it is above {@code mapped}. */
  @Override
  public String effectiveTier(TaskCategory category, String mapped) {
    Promotion p = promotions.get(category);
    return p != null && tiers.indexOf(p.tier()) > tiers.indexOf(mapped) ? p.tier() : mapped;
  }

  Promotion get(TaskCategory category) {
    return promotions.get(category);
  }

  void put(Promotion p) {
    promotions.put(p.category(), p);
  }

  void remove(TaskCategory category) {
    promotions.remove(category);
  }

  /** The promotions now, as a copy. */
  Map<TaskCategory, Promotion> all() {
    return Map.copyOf(promotions);
  }
}
