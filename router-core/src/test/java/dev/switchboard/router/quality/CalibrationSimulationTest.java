package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.quality.Calibration.Suggestion;
import dev.switchboard.router.quality.Calibration.Suggestion.Kind;
import dev.switchboard.router.quality.Calibration.TierReport;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Calibration end to end on fakes, with the real classifier (no category hints, so confidences
 * are the classifier's own): a cheap tier that fails one category, one that would do well on a
 * category the tier map sends to the capable tier, and one that fails only where the classifier
 * is less sure. Samples run on the caller's thread and sampling is seeded: every run is the same.
 * Every answer reports 400 prompt and 100 completion tokens: $0.00008 on the cheap tier, $0.0016
 * on the capable one.
 */
class CalibrationSimulationTest {
  private static final String INVOICE = "Extract the invoice number and the total from this email as JSON:\n\n"
      + "Hi, please find invoice INV-2291 attached, total 120.50 EUR, due 3 May. (ref %d)";
  private static final String ORDER = "Pull the order id out of this: 'Hi, I never received order 7781.' (ref %d)";
  private static final String REVIEW = "Classify the sentiment of this review as positive or negative: "
      + "'The chairs arrived on time and look great.' (ref %d)";
  private static final String THREAD = "Summarise this support thread in one sentence:\n\nCustomer: my two chairs "
      + "arrived late. Agent: sorry about that. Customer: I want a refund. (ref %d)";
  private static final String WHY = "Why does ice float on water? (ref %d)";

  /** The right answer for each kind of prompt, by its first word, as the reference gives it. */
  private static final Map<String, String> RIGHT = Map.of(
      "Extract", "{\"invoice\": \"INV-2291\", \"total\": 120.50}",
      "Pull", "{\"order\": \"7781\"}",
      "Classify", "positive",
      "Summarise", "The customer wants a refund for two chairs that arrived late.",
      "Why", "Ice is less dense than liquid water because hydrogen bonds hold its molecules in an open lattice.");

  private final ManualClock clock = ManualClock.create();
  private final FakeChatClient reference = fake("reference", CalibrationSimulationTest::right);
  private final FakeChatClient capable = fake("capable", CalibrationSimulationTest::right);

  private static String right(ChatRequest r) {
    return RIGHT.get(firstWord(r));
  }

  private static String firstWord(ChatRequest r) {
    return r.messages().get(0).text().split(" ")[0];
  }

  private static FakeChatClient fake(String name, Function<ChatRequest, String> answers) {
    return FakeChatClient.builder(name).replyWith(answers).usage(Usage.of(400, 100)).build();
  }

  /** A cheap tier that answers right except to prompts starting with one of {@code wrongOn}. */
  private static FakeChatClient cheapWrongOn(String... wrongOn) {
    return fake("cheap", r -> List.of(wrongOn).contains(firstWord(r)) ? "Sure! Happy to help." : right(r));
  }

  private RoutingChatClient router(FakeChatClient cheap, QualityPolicy.Builder quality,
      Function<RoutingChatClient.Builder, RoutingChatClient.Builder> tierMap) {
    return tierMap.apply(RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .clock(clock)
        .backend(Backend.builder("cheap").client(cheap).tier("cheap").price(Price.perMillionTokens(0.10, 0.40)).build())
        .backend(Backend.builder("capable").client(capable).tier("capable")
            .price(Price.perMillionTokens(2.00, 8.00)).build())
        .quality(quality
            .reference(Backend.builder("reference").client(reference).tier("capable")
                .price(Price.perMillionTokens(5.00, 15.00)).build())
            .window(50)
            .minSamples(10)
            .build())
        .random(new java.util.Random(20260302L))
        .qualityExecutor(Runnable::run))
        .build();
  }

  private void traffic(RoutingChatClient router, int rounds, String... prompts) {
    for (int i = 0; i < rounds; i++) {
      for (String p : prompts) {
        router.chat(ChatRequest.builder().user(String.format(p, i)).build());
      }
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void aCategoryWhoseCheapAnswersFailIsNamedAndSuggestedUp() {
    RoutingChatClient router = router(cheapWrongOn("Extract"),
        QualityPolicy.builder().sampleRate(0.5).reprobeRate(0.5), b -> b);
    traffic(router, 100, INVOICE, REVIEW);

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
    RoutingChatClient router = router(cheapWrongOn("Why"), QualityPolicy.builder().shadowRate(0.5),
        b -> b.route(TaskCategory.SUMMARIZATION, "capable")); // a cautious tier map
    traffic(router, 100, THREAD, WHY);

    assertThat(capable.callCount()).as("every caller was served by the capable tier").isEqualTo(200);
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
    RoutingChatClient router = router(cheapWrongOn("Pull"), QualityPolicy.builder().sampleRate(1.0).threshold(0.7),
        b -> b);
    for (int i = 0; i < 40; i++) { // one in five extraction prompts is the kind the classifier is less sure of
      traffic(router, 1, INVOICE, INVOICE, ORDER, INVOICE, INVOICE);
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
