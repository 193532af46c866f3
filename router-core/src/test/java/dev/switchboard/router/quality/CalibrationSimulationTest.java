package dev.switchboard.router.quality;

import static dev.switchboard.router.quality.CalibrationTraffic.INVOICE;
import static dev.switchboard.router.quality.CalibrationTraffic.ORDER;
import static dev.switchboard.router.quality.CalibrationTraffic.REVIEW;
import static dev.switchboard.router.quality.CalibrationTraffic.THREAD;
import static dev.switchboard.router.quality.CalibrationTraffic.WHY;
import static dev.switchboard.router.quality.CalibrationTraffic.cheapWrongOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.quality.Calibration.Suggestion;
import dev.switchboard.router.quality.Calibration.Suggestion.Kind;
import dev.switchboard.router.quality.Calibration.TierReport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Calibration end to end on fakes ({@link CalibrationTraffic}), with the real classifier (no
 * category hints, so confidences are the classifier's own): a cheap tier that fails one category,
 * one that would do well on a category the tier map sends to the capable tier, and one that fails
 * only where the classifier is less sure.
 */
class CalibrationSimulationTest {
  private final CalibrationTraffic fx = new CalibrationTraffic();

  @Test
  void aCategoryWhoseCheapAnswersFailIsNamedAndSuggestedUp() {
    RoutingChatClient router = fx.router(cheapWrongOn("Extract"),
        QualityPolicy.builder().sampleRate(0.5).reprobeRate(0.5), b -> b);
    fx.traffic(router, 100, INVOICE, REVIEW);

    Calibration calibration = router.calibration();
    System.out.println("calibration simulation, failing category:\n" + calibration.describe());

    TierReport extraction = calibration.category(TaskCategory.EXTRACTION).orElseThrow().tier("cheap").orElseThrow();
    assertThat(extraction.samples()).isGreaterThanOrEqualTo(10);
    assertThat(extraction.passRate()).isZero();
    assertThat(extraction.reprobes()).as("after the loop promoted it, re-probes kept measuring the cheap tier")
        .isPositive();
    assertThat(extraction.confidence().p50()).as("the classifier was sure: this is not a confidence problem")
        .isCloseTo(0.875, within(1e-9));
    TierReport classification = calibration.category(TaskCategory.CLASSIFICATION).orElseThrow().tier("cheap")
        .orElseThrow();
    assertThat(classification.samples()).isGreaterThanOrEqualTo(30);
    assertThat(classification.passRate()).isEqualTo(1.0);

    assertThat(calibration.suggestions()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(Kind.MOVE_CATEGORY_UP);
      assertThat(s.category()).isEqualTo(TaskCategory.EXTRACTION);
      assertThat(s.toTier()).isEqualTo("capable");
      assertThat(s.samples()).isEqualTo(extraction.samples());
      assertThat(s.savings()).isEqualByComparingTo(new BigDecimal("-0.00152").multiply(BigDecimal.valueOf(s.samples())));
      assertThat(s.savingsShare()).isCloseTo(-0.95, within(1e-9));
      assertThat(s.risk()).isZero();
      assertThat(s.evidence()).contains("the quality loop has promoted it already");
      assertThat(s.builderCall()).isEqualTo(".route(TaskCategory.EXTRACTION, \"capable\")");
    });
    assertThat(router.quality().isPromoted(TaskCategory.EXTRACTION)).as("the loop's own doing").isTrue();
    assertThat(router.tierFor(TaskCategory.EXTRACTION)).as("calibration changes nothing").isEqualTo("cheap");
  }

  @Test
  void aCheapTierThatDoesWellOnShadowSamplesOfACategorySentCapableIsSuggestedToCaptureIt() throws Exception {
    RoutingChatClient router = fx.router(cheapWrongOn("Why"), QualityPolicy.builder().shadowRate(0.5),
        b -> b.route(TaskCategory.SUMMARIZATION, "capable")); // a cautious tier map
    fx.traffic(router, 100, THREAD, WHY);

    assertThat(fx.capable.callCount()).as("every caller was served by the capable tier").isEqualTo(200);
    Calibration calibration = router.calibration();
    System.out.println("calibration simulation, shadow samples:\n" + calibration.describe());
    System.out.println(calibration.toJson());

    TierReport summaries = calibration.category(TaskCategory.SUMMARIZATION).orElseThrow().tier("cheap").orElseThrow();
    assertThat(summaries.shadows()).isEqualTo(summaries.samples()).isGreaterThanOrEqualTo(30);
    assertThat(summaries.passRate()).isEqualTo(1.0);
    TierReport why = calibration.category(TaskCategory.REASONING).orElseThrow().tier("cheap").orElseThrow();
    assertThat(why.shadows()).isGreaterThanOrEqualTo(30);
    assertThat(why.passRate()).isZero();

    assertThat(calibration.suggestions()).as("reasoning's cheap answers fail: nothing to capture there")
        .singleElement().satisfies(s -> {
          assertThat(s.kind()).isEqualTo(Kind.CAPTURE_MORE);
          assertThat(s.category()).isEqualTo(TaskCategory.SUMMARIZATION);
          assertThat(s.fromTier()).isEqualTo("capable");
          assertThat(s.toTier()).isEqualTo("cheap");
          assertThat(s.samples()).isEqualTo(summaries.samples());
          assertThat(s.savings()).isPositive()
              .isEqualByComparingTo(new BigDecimal("0.00152").multiply(BigDecimal.valueOf(s.samples())));
          assertThat(s.savingsShare()).isCloseTo(0.95, within(1e-9));
          assertThat(s.risk()).isZero();
          assertThat(s.builderCall()).isEqualTo(".route(TaskCategory.SUMMARIZATION, \"cheap\")");
          assertThat(s.property()).isEqualTo("switchboard.routes.summarization = cheap");
        });
    assertThat(router.explain(ChatRequest.builder().user(String.format(THREAD, 0)).build()).tier())
        .as("never applied").isEqualTo("capable");
    assertThat(router.quality().promotions()).isEmpty();

    JsonNode json = Json.MAPPER.readTree(calibration.toJson());
    assertThat(json.get("categories")).extracting(c -> c.get("category").asText())
        .containsExactly("summarization", "reasoning");
  }

  @Test
  void failuresWhereTheClassifierIsLessSureSuggestRaisingMinConfidence() {
    RoutingChatClient router = fx.router(cheapWrongOn("Pull"), QualityPolicy.builder().sampleRate(1.0).threshold(0.7),
        b -> b);
    for (int i = 0; i < 40; i++) { // one in five extraction prompts is the kind the classifier is less sure of
      fx.traffic(router, 1, INVOICE, INVOICE, ORDER, INVOICE, INVOICE);
    }

    Calibration calibration = router.calibration();
    System.out.println("calibration simulation, low confidence:\n" + calibration.describe());

    assertThat(router.quality().promotions()).as("the mean, 0.8, stays above 0.7").isEmpty();
    TierReport extraction = calibration.category(TaskCategory.EXTRACTION).orElseThrow().tier("cheap").orElseThrow();
    assertThat(extraction.samples()).isEqualTo(200);
    assertThat(extraction.confidence().p10()).isEqualTo(0.75);
    assertThat(calibration.suggestions()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(Kind.RAISE_MIN_CONFIDENCE);
      assertThat(s.category()).isEqualTo(TaskCategory.EXTRACTION);
      assertThat(s.minConfidence()).hasValue(0.87);
      assertThat(s.samples()).isEqualTo(200);
      assertThat(s.savings()).as("the 40 that move to general cost more")
          .isEqualByComparingTo(new BigDecimal("-0.00152").multiply(BigDecimal.valueOf(40)));
      assertThat(s.savingsShare()).isCloseTo(-0.19, within(1e-9)); // $0.0608 of 200 x $0.0016
      assertThat(s.risk()).isZero();
      assertThat(s.property()).isEqualTo("switchboard.classifier.min-confidence = 0.87");
    });
    assertThat(calibration.suggestions()).extracting(Suggestion::kind).doesNotContain(Kind.MOVE_CATEGORY_UP);
  }
}
