package dev.switchboard.router.quality;

import dev.switchboard.router.classify.TaskCategory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The quality loop at one moment, immutable: the window of every (category, tier) pair sampled so
 * far, the categories promoted now, the recent promotions and demotions, and the counters
 * (sampled, scored, dropped because the executor was full, failed reference calls, unscored).
 * {@link #exportJson()} writes the promotions so a restarted router can restore them
 * ({@code RoutingChatClient.Builder.restoreQuality(json)}).
 */
public record QualitySnapshot(boolean enabled, Map<TaskCategory, Promotion> promotions, List<WindowStats> windows,
    List<QualityEvent> recentEvents, long sampled, long scored, long dropped, long failed, long unscored) {

  /** The snapshot of a router whose loop is off. */
  public static final QualitySnapshot DISABLED = new QualitySnapshot(false, Map.of(), List.of(), List.of(),
      0, 0, 0, 0, 0);

  public QualitySnapshot {
    promotions = Map.copyOf(promotions);
    windows = List.copyOf(windows);
    recentEvents = List.copyOf(recentEvents);
  }

  /** A category served by a higher tier than its tier map gives it, since when and why. */
  public record Promotion(TaskCategory category, String baseTier, String tier, Instant since, String reason) {
    public Promotion {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(baseTier, "baseTier");
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The sliding window of one (category, tier): how many samples it holds now and their mean score. */
  public record WindowStats(TaskCategory category, String tier, int samples, double mean, double min) {}

  /** The tier {@code category} is promoted to, if it is promoted. */
  public Optional<String> promotedTier(TaskCategory category) {
    Promotion p = promotions.get(category);
    return p == null ? Optional.empty() : Optional.of(p.tier());
  }

  public boolean isPromoted(TaskCategory category) {
    return promotions.containsKey(category);
  }

  /** The window of ({@code category}, {@code tier}), if it has ever been sampled. */
  public Optional<WindowStats> window(TaskCategory category, String tier) {
    return windows.stream().filter(w -> w.category().equals(category) && w.tier().equals(tier)).findFirst();
  }

  /**
   * The promotions as a plain JSON string; give it to {@code RoutingChatClient.Builder.restoreQuality(json)}
   * after a restart.
   */
  public String exportJson() {
    return PromotionsJson.write(promotions.values());
  }

  /**
   * The promotions in {@code json}, as {@link #exportJson()} wrote them: what
   * {@code RoutingChatClient.Builder.restoreQuality(json)} starts the loop with.
   *
   * @throws IllegalArgumentException naming what is wrong when {@code json} is not such an export
   */
  public static List<Promotion> promotionsFromJson(String json) {
    return PromotionsJson.read(json);
  }
}
