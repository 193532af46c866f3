package dev.switchboard.router.quality;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the quality loop's samples say about the router's own traffic, immutable: per category and
 * tier, how often that tier's answers passed, the spread of their scores and of the classifier's
 * confidence, and {@linkplain Suggestion suggested changes} to the tier map and the classifier's
 * min-confidence, each with the savings and the risk it would have had on the sampled requests.
 * Nothing here is ever applied: a suggestion is a config change you make yourself, or not.
 * {@link #toJson()} exports it.
 *
 * @param enabled    false when the quality loop is off ({@link #DISABLED})
 * @param at         when it was computed, by the router's clock
 * @param tiers      the router's tiers, cheapest first
 * @param minSamples no suggestion rests on fewer samples than this (the policy's min samples)
 * @param categories every category with scored samples, in category order
 */
public record Calibration(boolean enabled, Instant at, List<String> tiers, int minSamples,
    List<CategoryReport> categories) {

  /** The calibration of a router whose quality loop is off. */
  public static final Calibration DISABLED = new Calibration(false, Instant.EPOCH, List.of(), 0, List.of());

  static final int JSON_VERSION = 1;

  public Calibration {
    Objects.requireNonNull(at, "at");
    tiers = List.copyOf(tiers);
    categories = List.copyOf(categories);
  }

  /** Every suggestion, category by category. */
  public List<Suggestion> suggestions() {
    return categories.stream().flatMap(c -> c.suggestions().stream()).toList();
  }

  /** The report on {@code category}, if it has samples. */
  public Optional<CategoryReport> category(TaskCategory category) {
    return categories.stream().filter(c -> c.category().equals(category)).findFirst();
  }

  /** Plain text, one line per measured tier and per suggestion. */
  public String describe() {
    if (!enabled) {
      return "calibration: the quality loop is off";
    }
    StringBuilder sb = new StringBuilder("calibration at ").append(at).append(" (suggestions need at least ")
        .append(minSamples).append(" samples)");
    if (categories.isEmpty()) {
      sb.append("\n  no scored samples yet");
    }
    for (CategoryReport c : categories) {
      sb.append("\n  ").append(c.category()).append(": mapped to tier ").append(c.mappedTier());
      if (!c.currentTier().equals(c.mappedTier())) {
        sb.append(", promoted to ").append(c.currentTier());
      }
      for (TierReport t : c.tiers()) {
        sb.append("\n    tier ").append(t.tier()).append(": ").append(t.passed()).append(" of ").append(t.samples())
            .append(" passed, score p10/p50/p90 ").append(t.scores().describe());
        if (t.confidence().count() > 0) {
          sb.append(", confidence ").append(t.confidence().describe());
        }
      }
      for (Suggestion s : c.suggestions()) {
        sb.append("\n    suggestion: ").append(s.describe());
      }
    }
    return sb.toString();
  }

  /**
   * The whole calibration as a JSON document: {@code version}, {@code enabled}, {@code at},
   * {@code tiers}, {@code minSamples} and {@code categories}, each with its measured {@code tiers}
   * and its {@code suggestions} (see docs/quality.md for every field).
   */
  public String toJson() {
    ObjectNode root = Json.object();
    root.put("version", JSON_VERSION);
    root.put("enabled", enabled);
    root.put("at", at.toString());
    tiers.forEach(root.putArray("tiers")::add);
    root.put("minSamples", minSamples);
    ArrayNode list = root.putArray("categories");
    for (CategoryReport c : categories) {
      ObjectNode n = list.addObject();
      n.put("category", c.category().name());
      n.put("mappedTier", c.mappedTier());
      n.put("currentTier", c.currentTier());
      ArrayNode ts = n.putArray("tiers");
      for (TierReport t : c.tiers()) {
        ObjectNode tn = ts.addObject();
        tn.put("tier", t.tier());
        tn.put("samples", t.samples());
        tn.put("passed", t.passed());
        tn.put("passRate", t.passRate());
        tn.put("meanScore", t.meanScore());
        tn.put("answers", t.answers());
        tn.put("reprobes", t.reprobes());
        tn.put("shadows", t.shadows());
        tn.put("hinted", t.hinted());
        tn.put("since", t.since().toString());
        t.scores().write(tn.putObject("scores"));
        t.confidence().write(tn.putObject("confidence"));
      }
      ArrayNode ss = n.putArray("suggestions");
      for (Suggestion s : c.suggestions()) {
        ObjectNode sn = ss.addObject();
        sn.put("kind", s.kind().name());
        sn.put("category", s.category().name());
        sn.put("fromTier", s.fromTier());
        sn.put("toTier", s.toTier());
        s.minConfidence().ifPresent(v -> sn.put("minConfidence", v));
        sn.put("samples", s.samples());
        sn.put("savings", s.savings());
        sn.put("savingsShare", s.savingsShare());
        sn.put("risk", s.risk());
        sn.put("change", s.change());
        sn.put("evidence", s.evidence());
        sn.put("builderCall", s.builderCall());
        sn.put("property", s.property());
      }
    }
    return Json.write(root);
  }

  /**
   * One category's samples, per tier that answered, and what they suggest.
   *
   * @param mappedTier  the tier the tier map gives the category
   * @param currentTier where it is planned now: the mapped tier, or the tier the quality loop promoted it to
   * @param tiers       the tiers its scored answers came from, cheapest first
   */
  public record CategoryReport(TaskCategory category, String mappedTier, String currentTier, List<TierReport> tiers,
      List<Suggestion> suggestions) {
    public CategoryReport {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(mappedTier, "mappedTier");
      Objects.requireNonNull(currentTier, "currentTier");
      tiers = List.copyOf(tiers);
      suggestions = List.copyOf(suggestions);
    }

    /** The samples of answers from {@code tier}, if there are any. */
    public Optional<TierReport> tier(String tier) {
      return tiers.stream().filter(t -> t.tier().equals(tier)).findFirst();
    }
  }

  /**
   * The scored answers of one (category, tier) that calibration keeps.
   *
   * @param samples    how many
   * @param passed     how many scored at least the category's threshold
   * @param meanScore  their mean score
   * @param answers    of them, answers callers got
   * @param reprobes   background answers while the category was promoted above this tier
   * @param shadows    background answers from shadow sampling (the caller was served by a tier above)
   * @param hinted     requests whose category the application's hint decided (not in {@code confidence})
   * @param scores     score quantiles
   * @param confidence the classifier's confidence on the samples it classified
   * @param since      when the oldest of them was scored
   */
  public record TierReport(String tier, int samples, int passed, double meanScore, int answers, int reprobes,
      int shadows, int hinted, Quantiles scores, Quantiles confidence, Instant since) {
    public TierReport {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(scores, "scores");
      Objects.requireNonNull(confidence, "confidence");
      Objects.requireNonNull(since, "since");
    }

    /** The share of samples that passed, 0 to 1. */
    public double passRate() {
      return samples == 0 ? 0 : (double) passed / samples;
    }
  }

  /**
   * The 10th, 50th and 90th percentiles of {@code count} values, linearly interpolated between the
   * nearest ranks; all 0 when there are none.
   */
  public record Quantiles(int count, double p10, double p50, double p90) {
    public static final Quantiles NONE = new Quantiles(0, 0, 0, 0);

    public static Quantiles of(double... values) {
      if (values.length == 0) {
        return NONE;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Quantiles(sorted.length, at(sorted, 0.1), at(sorted, 0.5), at(sorted, 0.9));
    }

    private static double at(double[] sorted, double p) {
      double rank = p * (sorted.length - 1);
      int lo = (int) Math.floor(rank);
      int hi = (int) Math.ceil(rank);
      return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    String describe() {
      return count == 0 ? "none" : String.format(Locale.ROOT, "%.2f/%.2f/%.2f", p10, p50, p90);
    }

    void write(ObjectNode node) {
      node.put("count", count);
      if (count > 0) {
        node.put("p10", p10);
        node.put("p50", p50);
        node.put("p90", p90);
      }
    }
  }

  /**
   * A change to the configuration that the samples support, never applied by the router. It moves
   * some requests from {@code fromTier} to {@code toTier}.
   *
   * @param kind          what kind of change
   * @param category      the category whose samples it rests on
   * @param minConfidence for the min-confidence kinds: the value to set
   * @param samples       how many samples it rests on
   * @param savings       dollars those sampled requests would have cost less after the change (negative: more)
   * @param savingsShare  {@code savings} as a share of what the same requests cost on the most capable tier
   * @param risk          the share of those requests whose answer would have failed after the change (answers
   *                      of the most capable tier count as passing: it is what the loop measures against)
   * @param change        the change in words
   * @param evidence      what in the samples supports it, in words
   * @param builderCall   the change as a builder call
   * @param property      the change as a line of a properties file, in the keys docs/classifier.md reads
   */
  public record Suggestion(Kind kind, TaskCategory category, String fromTier,
      String toTier, OptionalDouble minConfidence, int samples, BigDecimal savings, double savingsShare, double risk,
      String change, String evidence, String builderCall, String property) {

    /** The kinds of change calibration suggests. */
    public enum Kind {
      /** The category's answers fail on its tier: send it to a tier above ({@code route(category, tier)}). */
      MOVE_CATEGORY_UP,
      /** The tier below the category's pass: send it there ({@code route(category, tier)}). */
      CAPTURE_MORE,
      /** The category's low-confidence answers fail, the rest pass: send the former to general. */
      RAISE_MIN_CONFIDENCE
    }

    public Suggestion {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(fromTier, "fromTier");
      Objects.requireNonNull(toTier, "toTier");
      Objects.requireNonNull(minConfidence, "minConfidence");
      Objects.requireNonNull(savings, "savings");
      Objects.requireNonNull(change, "change");
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(builderCall, "builderCall");
      Objects.requireNonNull(property, "property");
    }

    /** One line: the change, the evidence, savings and risk on the sampled requests, and how to make it. */
    public String describe() {
      String money = savings.signum() >= 0
          ? "saves $" + savings.toPlainString()
          : "costs $" + savings.negate().toPlainString() + " more";
      return String.format(Locale.ROOT, "%s: %s (%s); on %d sampled requests it %s (%+.1f%% of their cost on the "
              + "most capable tier), risk %.1f%%; %s or %s", kind, change, evidence, samples, money,
          savingsShare * 100, risk * 100, builderCall, property);
    }
  }
}
