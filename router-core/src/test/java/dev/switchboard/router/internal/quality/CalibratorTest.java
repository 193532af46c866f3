package dev.switchboard.router.internal.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.Backend;
import dev.switchboard.router.Price;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.internal.quality.CalibrationLog.Sample;
import dev.switchboard.router.internal.quality.CalibrationLog.Source;
import dev.switchboard.router.quality.Calibration;
import dev.switchboard.router.quality.Calibration.Quantiles;
import dev.switchboard.router.quality.Calibration.Suggestion;
import dev.switchboard.router.quality.Calibration.Suggestion.Kind;
import dev.switchboard.router.quality.Calibration.TierReport;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.testing.FakeChatClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic and the rules of calibration on hand-made samples. Every sample is 1,000 prompt
 * and 500 completion tokens: $0.0003 on the cheap tier ($0.10/$0.40 per M), $0.006 on the capable
 * tier ($2/$8 per M), so moving one sample between them is worth $0.0057, 95% of its capable cost.
 */
class CalibratorTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final List<String> TWO = List.of("cheap", "capable");

  private final Backend reference = backend("reference", "capable", 5, 15);
  private final QualityPolicy policy = QualityPolicy.builder().reference(reference).window(10).minSamples(10)
      .threshold(0.8).recoveryMargin(0.05).build();
  private final Map<TaskCategory, String> map = new HashMap<>(Map.of(
      TaskCategory.EXTRACTION, "cheap", TaskCategory.CLASSIFICATION, "cheap", TaskCategory.GENERAL, "capable",
      TaskCategory.REASONING, "capable"));
  private final Map<TaskCategory, String> promoted = new HashMap<>();
  private final Map<TaskCategory, Map<String, List<Sample>>> samples = new TreeMap<>();
  private int clock;

  private static Backend backend(String name, String tier, double in, double out) {
    return Backend.builder(name).client(FakeChatClient.replying(name, "x")).tier(tier)
        .price(Price.perMillionTokens(in, out)).build();
  }

  private Calibration calibrate(List<String> tiers, boolean ruleBased, Backend... backends) {
    return new Calibrator(policy, tiers, map::get, c -> promoted.getOrDefault(c, map.get(c)), List.of(backends),
        ruleBased).calibrate(samples, T0.plusSeconds(3600));
  }

  private Calibration calibrate() {
    return calibrate(TWO, true, backend("local", "cheap", 0.10, 0.40), backend("big", "capable", 2, 8),
        backend("bigger", "capable", 3, 9));
  }

  private void add(TaskCategory category, String tier, Source source, int n, double score, double confidence) {
    for (int i = 0; i < n; i++) {
      samples.computeIfAbsent(category, c -> new TreeMap<>()).computeIfAbsent(tier, t -> new ArrayList<>())
          .add(new Sample(T0.plusSeconds(clock++), source, score, score >= 0.8, confidence, false, false, 1000, 500));
    }
  }

  private void add(TaskCategory category, String tier, int n, double score, double confidence) {
    add(category, tier, Source.ANSWER, n, score, confidence);
  }

  @Test
  void quantilesInterpolateBetweenTheNearestRanks() {
    assertThat(Quantiles.of(7, 3, 10, 1, 5, 2, 9, 4, 8, 6)).satisfies(q -> {
      assertThat(q.count()).isEqualTo(10);
      assertThat(q.p10()).isCloseTo(1.9, within(1e-9));
      assertThat(q.p50()).isCloseTo(5.5, within(1e-9));
      assertThat(q.p90()).isCloseTo(9.1, within(1e-9));
    });
    assertThat(Quantiles.of(0.4)).isEqualTo(new Quantiles(1, 0.4, 0.4, 0.4));
    assertThat(Quantiles.of(0, 1)).isEqualTo(new Quantiles(2, 0.1, 0.5, 0.9));
    assertThat(Quantiles.of()).isSameAs(Quantiles.NONE);
  }

  @Test
  void aTierReportCountsWhatItRestsOn() {
    add(TaskCategory.EXTRACTION, "cheap", 3, 1.0, 0.9);
    add(TaskCategory.EXTRACTION, "cheap", Source.REPROBE, 1, 0.5, 0.6);
    samples.get(TaskCategory.EXTRACTION).get("cheap")
        .add(new Sample(T0.plusSeconds(99), Source.ANSWER, 0.7, false, 1.0, true, false, 10, 5));

    TierReport t = calibrate().category(TaskCategory.EXTRACTION).orElseThrow().tier("cheap").orElseThrow();

    assertThat(t.samples()).isEqualTo(5);
    assertThat(t.passed()).isEqualTo(3);
    assertThat(t.passRate()).isEqualTo(0.6);
    assertThat(t.meanScore()).isCloseTo(4.2 / 5, within(1e-9));
    assertThat(t.answers()).isEqualTo(4);
    assertThat(t.reprobes()).isEqualTo(1);
    assertThat(t.shadows()).isZero();
    assertThat(t.hinted()).isEqualTo(1);
    assertThat(t.confidence().count()).as("the hinted sample's confidence is the application's, not the classifier's")
        .isEqualTo(4);
    assertThat(t.confidence().p10()).isCloseTo(0.69, within(1e-9));
    assertThat(t.scores().p50()).isEqualTo(1.0);
    assertThat(t.since()).isEqualTo(T0);
  }

  @Test
  void aFailingCategoryIsSuggestedUpOnlyOnceItHasMinSamples() {
    add(TaskCategory.EXTRACTION, "cheap", 9, 0.2, 0.9);
    add(TaskCategory.CLASSIFICATION, "cheap", 30, 1.0, 0.9);
    assertThat(calibrate().suggestions()).as("9 samples are fewer than min samples (10)").isEmpty();
    assertThat(calibrate().category(TaskCategory.EXTRACTION).orElseThrow().tier("cheap").orElseThrow().samples())
        .isEqualTo(9);

    add(TaskCategory.EXTRACTION, "cheap", 1, 0.2, 0.9);
    Calibration c = calibrate();

    assertThat(c.suggestions()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(Kind.MOVE_CATEGORY_UP);
      assertThat(s.category()).isEqualTo(TaskCategory.EXTRACTION);
      assertThat(s.fromTier()).isEqualTo("cheap");
      assertThat(s.toTier()).isEqualTo("capable");
      assertThat(s.samples()).isEqualTo(10);
      assertThat(s.savings()).isEqualByComparingTo("-0.057"); // priced at the cheapest capable backend
      assertThat(s.savingsShare()).isCloseTo(-0.95, within(1e-9));
      assertThat(s.risk()).as("the top tier is the yardstick").isZero();
      assertThat(s.minConfidence()).isEmpty();
      assertThat(s.builderCall()).isEqualTo(".route(TaskCategory.EXTRACTION, \"capable\")");
      assertThat(s.property()).isEqualTo("switchboard.routes.extraction = capable");
      assertThat(s.evidence()).contains("0 of 10 answers from tier cheap passed", "below the threshold 0.80")
          .doesNotContain("promoted");
    });

    promoted.put(TaskCategory.EXTRACTION, "capable");
    assertThat(calibrate().suggestions()).singleElement().extracting(Suggestion::evidence).asString()
        .contains("the quality loop has promoted it already");
  }

  @Test
  void aCheaperTierThatPassesIsSuggestedOnlyAboveThresholdPlusMarginAndWithMinSamples() {
    add(TaskCategory.GENERAL, "cheap", Source.SHADOW, 10, 0.84, 0.3);
    assertThat(calibrate().suggestions()).as("0.84 is below 0.80 + 0.05").isEmpty();

    samples.clear();
    add(TaskCategory.GENERAL, "cheap", Source.SHADOW, 8, 1.0, 0.3);
    add(TaskCategory.GENERAL, "cheap", Source.SHADOW, 1, 0.5, 0.3);
    assertThat(calibrate().suggestions()).as("9 samples").isEmpty();

    add(TaskCategory.GENERAL, "cheap", Source.SHADOW, 1, 1.0, 0.3);
    assertThat(calibrate().suggestions()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(Kind.CAPTURE_MORE);
      assertThat(s.category()).isEqualTo(TaskCategory.GENERAL);
      assertThat(s.fromTier()).isEqualTo("capable");
      assertThat(s.toTier()).isEqualTo("cheap");
      assertThat(s.samples()).isEqualTo(10);
      assertThat(s.savings()).isEqualByComparingTo("0.057");
      assertThat(s.savingsShare()).isCloseTo(0.95, within(1e-9));
      assertThat(s.risk()).as("one of ten cheap answers failed").isEqualTo(0.1);
      assertThat(s.change()).isEqualTo("send general to tier cheap");
      assertThat(s.builderCall()).isEqualTo(".route(TaskCategory.GENERAL, \"cheap\")");
    });

    promoted.put(TaskCategory.GENERAL, "cheap"); // cannot happen with two tiers; stands for "planned elsewhere now"
    assertThat(calibrate().suggestions()).as("no capture while the loop has moved the category").isEmpty();
  }

  @Test
  void lowConfidenceFailuresSuggestRaisingMinConfidenceToTheLowestPassingConfidence() {
    add(TaskCategory.EXTRACTION, "cheap", 10, 0.0, 0.62);
    add(TaskCategory.EXTRACTION, "cheap", 40, 1.0, 0.875);
    Calibration c = calibrate();

    assertThat(c.suggestions()).as("the mean, 0.80, is not below the threshold: no move up").singleElement()
        .satisfies(s -> {
          assertThat(s.kind()).isEqualTo(Kind.RAISE_MIN_CONFIDENCE);
          assertThat(s.category()).isEqualTo(TaskCategory.EXTRACTION);
          assertThat(s.minConfidence()).hasValue(0.87);
          assertThat(s.fromTier()).isEqualTo("cheap");
          assertThat(s.toTier()).as("general's tier").isEqualTo("capable");
          assertThat(s.samples()).isEqualTo(50);
          assertThat(s.savings()).as("the ten that move cost more").isEqualByComparingTo("-0.057");
          assertThat(s.savingsShare()).as("of what all 50 cost on the capable tier").isCloseTo(-0.19, within(1e-9));
          assertThat(s.risk()).isZero();
          assertThat(s.builderCall()).isEqualTo(".classifier(RuleBasedClassifier.builder().minConfidence(0.87).build())");
          assertThat(s.property()).isEqualTo("switchboard.classifier.min-confidence = 0.87");
        });

    assertThat(calibrate(TWO, false, backend("local", "cheap", 0.10, 0.40), backend("big", "capable", 2, 8))
        .suggestions()).as("another classifier has no min-confidence to change").isEmpty();
  }

  @Test
  void answersTheMinConfidenceCannotMoveNeverSupportRaisingIt() {
    for (int i = 0; i < 20; i++) { // hinted, or chosen without the min-confidence check
      samples.computeIfAbsent(TaskCategory.EXTRACTION, c -> new TreeMap<>()).computeIfAbsent("cheap",
          t -> new ArrayList<>()).add(new Sample(T0, Source.ANSWER, 0, false, 0.5, i % 2 == 0, i % 2 == 1, 1000, 500));
    }
    add(TaskCategory.EXTRACTION, "cheap", 80, 1.0, 0.9);
    assertThat(calibrate().suggestions()).isEmpty();
    add(TaskCategory.EXTRACTION, "cheap", 10, 0.0, 0.5); // ten the classifier chose with low confidence
    assertThat(calibrate().suggestions()).filteredOn(s -> s.kind() == Kind.RAISE_MIN_CONFIDENCE).singleElement()
        .satisfies(s -> {
          assertThat(s.minConfidence()).hasValue(0.9);
          assertThat(s.samples()).as("the hinted ones are not the classifier's").isEqualTo(100);
          assertThat(s.savings()).as("only the ten classified ones move").isEqualByComparingTo("-0.057");
          assertThat(s.risk()).as("the ten exempt ones still fail").isEqualTo(0.1);
        });
  }

  @Test
  void withThreeTiersAFailingCategoryMovesToTheCheapestTierAboveThatPassesWithItsRisk() {
    List<String> three = List.of("cheap", "mid", "top");
    map.put(TaskCategory.EXTRACTION, "cheap");
    map.put(TaskCategory.GENERAL, "top");
    Backend[] backends = {backend("local", "cheap", 0.10, 0.40), backend("mid", "mid", 1, 4),
        backend("big", "top", 2, 8)};
    add(TaskCategory.EXTRACTION, "cheap", 10, 0.0, 0.9);

    assertThat(calibrate(three, true, backends).suggestions()).as("mid not measured: the top tier")
        .singleElement().extracting(Suggestion::toTier).isEqualTo("top");

    add(TaskCategory.EXTRACTION, "mid", 9, 1.0, 0.9);
    add(TaskCategory.EXTRACTION, "mid", 1, 0.5, 0.9);
    assertThat(calibrate(three, true, backends).suggestions()).singleElement().satisfies(s -> {
      assertThat(s.toTier()).isEqualTo("mid");
      assertThat(s.risk()).isEqualTo(0.1);
      assertThat(s.savings()).isEqualByComparingTo("-0.027"); // 10 x ($0.0003 - $0.003)
      assertThat(s.savingsShare()).isCloseTo(-0.45, within(1e-9)); // of 10 x $0.006 on the top tier
    });
  }

  @Test
  void theJsonExportCarriesEveryFigure() throws Exception {
    add(TaskCategory.EXTRACTION, "cheap", 10, 0.0, 0.9);
    add(TaskCategory.REASONING, "cheap", Source.SHADOW, 12, 1.0, 0.67);
    Calibration c = calibrate();

    JsonNode root = Json.MAPPER.readTree(c.toJson());

    assertThat(root.get("version").asInt()).isEqualTo(1);
    assertThat(root.get("enabled").asBoolean()).isTrue();
    assertThat(root.get("at").asText()).isEqualTo("2026-03-02T11:00:00Z");
    assertThat(root.get("tiers").toString()).isEqualTo("[\"cheap\",\"capable\"]");
    assertThat(root.get("minSamples").asInt()).isEqualTo(10);
    assertThat(root.get("categories")).hasSize(2);
    JsonNode extraction = root.get("categories").get(0);
    assertThat(extraction.get("category").asText()).isEqualTo("extraction");
    assertThat(extraction.get("mappedTier").asText()).isEqualTo("cheap");
    assertThat(extraction.get("currentTier").asText()).isEqualTo("cheap");
    JsonNode tier = extraction.get("tiers").get(0);
    assertThat(tier.get("tier").asText()).isEqualTo("cheap");
    assertThat(tier.get("samples").asInt()).isEqualTo(10);
    assertThat(tier.get("passed").asInt()).isZero();
    assertThat(tier.get("passRate").asDouble()).isZero();
    assertThat(tier.get("answers").asInt()).isEqualTo(10);
    assertThat(tier.get("since").asText()).isEqualTo("2026-03-02T10:00:00Z");
    assertThat(tier.get("scores").toString()).isEqualTo("{\"count\":10,\"p10\":0.0,\"p50\":0.0,\"p90\":0.0}");
    assertThat(tier.get("confidence").get("p50").asDouble()).isEqualTo(0.9);
    JsonNode up = extraction.get("suggestions").get(0);
    assertThat(up.get("kind").asText()).isEqualTo("MOVE_CATEGORY_UP");
    assertThat(up.get("toTier").asText()).isEqualTo("capable");
    assertThat(up.get("samples").asInt()).isEqualTo(10);
    assertThat(up.get("savings").decimalValue()).isEqualByComparingTo("-0.057");
    assertThat(up.get("risk").asDouble()).isZero();
    assertThat(up.has("minConfidence")).isFalse();
    assertThat(up.get("builderCall").asText()).isEqualTo(".route(TaskCategory.EXTRACTION, \"capable\")");
    assertThat(up.get("property").asText()).isEqualTo("switchboard.routes.extraction = capable");
    JsonNode capture = root.get("categories").get(1).get("suggestions").get(0);
    assertThat(capture.get("kind").asText()).isEqualTo("CAPTURE_MORE");
    assertThat(capture.get("savings").decimalValue()).isEqualByComparingTo(new BigDecimal("0.0684"));
    assertThat(root.get("categories").get(1).get("tiers").get(0).get("shadows").asInt()).isEqualTo(12);

    assertThat(c.describe()).contains("extraction: mapped to tier cheap", "tier cheap: 0 of 10 passed",
        "suggestion: MOVE_CATEGORY_UP: send extraction to tier capable", "costs $0.057 more",
        "suggestion: CAPTURE_MORE: send reasoning to tier cheap", "saves $0.0684");
  }

  @Test
  void categoriesWithoutSamplesAndTiersTheRouterNoLongerHasAreLeftOut() {
    add(TaskCategory.EXTRACTION, "gone", 10, 0.0, 0.9);
    Calibration c = calibrate();
    assertThat(c.categories()).isEmpty();
    assertThat(c.enabled()).isTrue();
    assertThat(c.describe()).contains("no scored samples yet");
  }
}
