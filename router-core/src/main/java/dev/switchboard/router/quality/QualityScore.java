package dev.switchboard.router.quality;

import java.util.Objects;

/**
 * How close a cheap answer came to the reference answer: {@code score} in [0, 1] (1 = as good as
 * the reference) and a short reason in plain words ("3 of 4 fields match").
 */
public record QualityScore(double score, String reason) {
  public QualityScore {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("a quality score must be within [0, 1]: " + score);
    }
    Objects.requireNonNull(reason, "reason");
  }

  public static QualityScore of(double score, String reason) {
    return new QualityScore(score, reason);
  }
}
