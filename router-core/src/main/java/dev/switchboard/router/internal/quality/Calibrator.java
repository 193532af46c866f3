package dev.switchboard.router.internal.quality;

import dev.switchboard.router.Backend;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.internal.quality.CalibrationLog.Sample;
import dev.switchboard.router.quality.Calibration;
import dev.switchboard.router.quality.Calibration.CategoryReport;
import dev.switchboard.router.quality.Calibration.Quantiles;
import dev.switchboard.router.quality.Calibration.Suggestion;
import dev.switchboard.router.quality.Calibration.Suggestion.Kind;
import dev.switchboard.router.quality.Calibration.TierReport;
import dev.switchboard.router.quality.QualityPolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the kept samples into a {@link Calibration}: reports per (category, tier) and the changes
 * the samples support. Pure: it reads the samples, the policy's thresholds, the tier map and the
 * backends' prices, and changes nothing.
 *
 * <p>The rules, all on samples of one category:
 * <ul>
 *   <li>move up: the mapped tier's mean score is below the threshold (the loop's promotion rule);
 *       the target is the cheapest tier above whose own mean reaches the threshold, else the top;</li>
 *   <li>capture more: a tier below the mapped one scores at least threshold plus recovery margin
 *       (the loop's demotion rule); the cheapest such tier;</li>
 *   <li>raise min-confidence: the classified (not hinted) answers below a confidence fail on
 *       average, those at or above it pass; their category is cheaper than general's.</li>
 * </ul>
 * There is no "lower min-confidence": a general request's reported confidence is capped and does
 * not say whether min-confidence or min-score sent it there, so the effect cannot be computed.
 * Each needs at least min samples on every side it compares.
 */
final class Calibrator {
  /** The signal RuleBasedClassifier adds when it chose a category without its min-confidence check. */
  static final String EXEMPT_SIGNAL = "instruction-over-input";

  private final QualityPolicy policy;
  private final List<String> tiers;
  private final Function<TaskCategory, String> mapped;
  private final Function<TaskCategory, String> current;
  private final List<Backend> backends;
  private final boolean ruleBased;
  private final int min;

  /**
   * @param mapped    the tier map
   * @param current   where a category is planned now (with promotions)
   * @param ruleBased whether the router classifies with RuleBasedClassifier, whose min-confidence the
   *                  confidence suggestions change
   */
  Calibrator(QualityPolicy policy, List<String> tiers, Function<TaskCategory, String> mapped,
      Function<TaskCategory, String> current, List<Backend> backends, boolean ruleBased) {
    this.policy = policy;
    this.tiers = List.copyOf(tiers);
    this.mapped = mapped;
    this.current = current;
    this.backends = List.copyOf(backends);
    this.ruleBased = ruleBased;
    this.min = policy.minSamples();
  }

  Calibration calibrate(Map<TaskCategory, Map<String, List<Sample>>> samples, Instant now) {
    List<CategoryReport> reports = new ArrayList<>();
    samples.forEach((category, byTierName) -> {
      Map<Integer, List<Sample>> byTier = new LinkedHashMap<>();
      for (int t = 0; t < tiers.size(); t++) {
        List<Sample> s = byTierName.get(tiers.get(t));
        if (s != null && !s.isEmpty()) {
          byTier.put(t, s);
        }
      }
      if (byTier.isEmpty()) {
        return; // only tiers this router no longer has
      }
      List<TierReport> tierReports = new ArrayList<>();
      byTier.forEach((t, s) -> tierReports.add(report(tiers.get(t), s)));
      reports.add(new CategoryReport(category, mapped.apply(category), current.apply(category), tierReports,
          suggestions(category, byTier)));
    });
    return new Calibration(true, now, tiers, min, reports);
  }

  private TierReport report(String tier, List<Sample> samples) {
    int passed = 0;
    int answers = 0;
    int reprobes = 0;
    int shadows = 0;
    double[] scores = new double[samples.size()];
    List<Double> confidences = new ArrayList<>();
    Instant since = samples.get(0).at();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      scores[i] = s.score();
      passed += s.passed() ? 1 : 0;
      switch (s.source()) {
        case ANSWER -> answers++;
        case REPROBE -> reprobes++;
        case SHADOW -> shadows++;
      }
      if (!s.hinted()) {
        confidences.add(s.confidence());
      }
      since = s.at().isBefore(since) ? s.at() : since;
    }
    return new TierReport(tier, samples.size(), passed, mean(samples), answers, reprobes, shadows,
        samples.size() - confidences.size(), Quantiles.of(scores),
        Quantiles.of(confidences.stream().mapToDouble(Double::doubleValue).toArray()), since);
  }

  private List<Suggestion> suggestions(TaskCategory category, Map<Integer, List<Sample>> byTier) {
    List<Suggestion> out = new ArrayList<>();
    int m = tiers.indexOf(mapped.apply(category));
    int top = tiers.size() - 1;
    double threshold = policy.threshold(category);
    double recovered = threshold + policy.recoveryMargin();
    List<Sample> onMapped = byTier.getOrDefault(m, List.of());

    if (m < top && onMapped.size() >= min && mean(onMapped) < threshold) {
      int to = top;
      for (int t = m + 1; t < top; t++) {
        List<Sample> s = byTier.getOrDefault(t, List.of());
        if (s.size() >= min && mean(s) >= threshold) {
          to = t;
          break;
        }
      }
      out.add(move(Kind.MOVE_CATEGORY_UP, category, m, to, onMapped, byTier.getOrDefault(to, List.of()),
          String.format(Locale.ROOT, "%s answers from tier %s passed, mean score %.2f below the threshold %.2f%s",
              passedOf(onMapped), tiers.get(m), mean(onMapped), threshold,
              tiers.indexOf(current.apply(category)) > m
                  ? "; the quality loop has promoted it already: this keeps it there after a restart" : "")));
    }

    if (m > 0 && tiers.indexOf(current.apply(category)) == m) {
      for (int t = 0; t < m; t++) {
        List<Sample> s = byTier.getOrDefault(t, List.of());
        if (s.size() >= min && mean(s) >= recovered) {
          out.add(move(Kind.CAPTURE_MORE, category, m, t, s, s, String.format(Locale.ROOT,
              "%s answers from tier %s passed, mean score %.2f, at least the threshold %.2f plus the margin %.2f",
              passedOf(s), tiers.get(t), mean(s), threshold, policy.recoveryMargin())));
          break;
        }
      }
    }

    int general = tiers.indexOf(mapped.apply(TaskCategory.GENERAL));
    if (ruleBased && !category.equals(TaskCategory.GENERAL) && m < general
        && (general == top || byTier.getOrDefault(general, List.of()).size() >= min)) {
      raise(category, m, general, classified(onMapped), byTier.getOrDefault(general, List.of()), threshold)
          .ifPresent(out::add);
    }
    return out;
  }

  private Suggestion move(Kind kind, TaskCategory category, int from, int to, List<Sample> moved,
      List<Sample> measuredAtTarget, String evidence) {
    String tier = tiers.get(to);
    BigDecimal savings = savings(moved, from, to);
    return new Suggestion(kind, category, tiers.get(from), tier, OptionalDouble.empty(), moved.size(), savings,
        share(savings, moved), failedShare(measuredAtTarget, to), "send " + category + " to tier " + tier, evidence,
        ".route(" + constant(category) + ", " + javaString(tier) + ")", "switchboard.routes." + category + " = " + tier);
  }

  /** The lowest confidence that splits failing answers (below) from passing ones (at or above). */
  private Optional<Suggestion> raise(TaskCategory category, int m, int general, List<Sample> samples,
      List<Sample> atGeneral, double threshold) {
    for (int i = 1; i <= 100; i++) {
      double v = i / 100.0;
      List<Sample> below = filter(samples, s -> !s.exempt() && s.confidence() < v);
      List<Sample> kept = filter(samples, s -> s.exempt() || s.confidence() >= v);
      if (kept.size() < min) {
        break;
      }
      if (below.size() < min || mean(below) >= threshold || mean(kept) < threshold) {
        continue;
      }
      // The conservative end of the gap between the two: everything below the lowest passing sample moves up.
      double value = Math.max(v, floor(kept.stream().filter(s -> !s.exempt()).mapToDouble(Sample::confidence)
          .min().orElse(v)));
      double risk = (failed(kept) + failedShare(atGeneral, general) * below.size()) / samples.size();
      BigDecimal savings = savings(below, m, general);
      return Optional.of(new Suggestion(Kind.RAISE_MIN_CONFIDENCE, category, tiers.get(m),
          tiers.get(general), OptionalDouble.of(value), samples.size(), savings, share(savings, samples), risk,
          String.format(Locale.ROOT, "raise the classifier's min-confidence to %.2f: %s requests it is less sure "
              + "of go to general (tier %s)", value, category, tiers.get(general)),
          String.format(Locale.ROOT, "below confidence %.2f: %d answers from tier %s, mean score %.2f; at or above: "
              + "%d, mean score %.2f; threshold %.2f. It moves every category's low-confidence requests, not only "
              + "%s's", value, below.size(), tiers.get(m), mean(below), kept.size(), mean(kept), threshold,
              category),
          confidenceCall(value), confidenceProperty(value)));
    }
    return Optional.empty();
  }

  private static String confidenceCall(double value) {
    return String.format(Locale.ROOT, ".classifier(RuleBasedClassifier.builder().minConfidence(%.2f).build())",
        value);
  }

  private static String confidenceProperty(double value) {
    return String.format(Locale.ROOT, "switchboard.classifier.min-confidence = %.2f", value);
  }

  /** {@code text} as a Java string literal, so the suggested call compiles whatever the tier is named. */
  static String javaString(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String constant(TaskCategory category) {
    return category.isBuiltIn() ? "TaskCategory." + category.name().toUpperCase(Locale.ROOT)
        : "TaskCategory.of(\"" + category + "\")";
  }

  /** Dollars the samples cost on tier {@code from} minus on tier {@code to}. */
  private BigDecimal savings(List<Sample> samples, int from, int to) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Sample s : samples) {
      sum = sum.add(cost(from, s)).subtract(cost(to, s));
    }
    return sum.stripTrailingZeros();
  }

  /** {@code savings} as a share of what the samples cost on the most capable tier; 0 when that is free. */
  private double share(BigDecimal savings, List<Sample> samples) {
    BigDecimal onTop = BigDecimal.ZERO;
    for (Sample s : samples) {
      onTop = onTop.add(cost(tiers.size() - 1, s));
    }
    return onTop.signum() == 0 ? 0 : savings.divide(onTop, 6, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** A sample's tokens at the cheapest price among the tier's backends (list prices, no cached input). */
  private BigDecimal cost(int tier, Sample s) {
    BigDecimal cheapest = null;
    for (Backend b : backends) {
      if (b.tier().equals(tiers.get(tier))) {
        BigDecimal c = b.price().cost(s.promptTokens(), 0, s.completionTokens());
        cheapest = cheapest == null || c.compareTo(cheapest) < 0 ? c : cheapest;
      }
    }
    return cheapest == null ? BigDecimal.ZERO : cheapest;
  }

  /** The share of {@code samples}, answers from {@code tier}, that failed; the most capable tier counts as passing. */
  private double failedShare(List<Sample> samples, int tier) {
    return tier == tiers.size() - 1 || samples.isEmpty() ? 0 : (double) failed(samples) / samples.size();
  }

  private static List<Sample> classified(List<Sample> samples) {
    return filter(samples, s -> !s.hinted());
  }

  private static List<Sample> filter(List<Sample> samples, Predicate<Sample> keep) {
    return samples.stream().filter(keep).toList();
  }

  private static int failed(List<Sample> samples) {
    return (int) samples.stream().filter(s -> !s.passed()).count();
  }

  private static String passedOf(List<Sample> samples) {
    return (samples.size() - failed(samples)) + " of " + samples.size();
  }

  private static double mean(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::score).average().orElse(0);
  }

  private static double floor(double confidence) {
    return Math.floor(confidence * 100 + 1e-9) / 100;
  }
}
