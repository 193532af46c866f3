package dev.switchboard.router.quality;

import dev.switchboard.router.classify.TaskCategory;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A category moved between tiers because of what the quality loop measured: {@code mean} is the
 * window's mean score over {@code samples} samples of tier {@code measuredTier}, compared with
 * {@code limit} (the threshold when promoting, threshold plus recovery margin when demoting).
 */
public record QualityEvent(Kind kind, TaskCategory category, String fromTier, String toTier, String measuredTier,
    double mean, int samples, double limit, Instant at) {

  /** Which way the category moved. */
  public enum Kind {
    /** Moved up a tier: the cheaper tier's answers fell below the threshold. */
    PROMOTED,
    /** Moved back down: the cheaper tier's answers are above the threshold plus the margin again. */
    DEMOTED
  }

  public QualityEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(fromTier, "fromTier");
    Objects.requireNonNull(toTier, "toTier");
    Objects.requireNonNull(measuredTier, "measuredTier");
    Objects.requireNonNull(at, "at");
  }

  /** One line in plain words. */
  public String describe() {
    return String.format(Locale.ROOT, "%s %s from tier %s to %s: tier %s scored %.3f over %d samples (%s %.3f)",
        category, kind == Kind.PROMOTED ? "promoted" : "demoted", fromTier, toTier, measuredTier, mean, samples,
        kind == Kind.PROMOTED ? "below" : "at or above", limit);
  }

  @Override
  public String toString() {
    return "QualityEvent{" + describe() + " at " + at + "}";
  }
}
