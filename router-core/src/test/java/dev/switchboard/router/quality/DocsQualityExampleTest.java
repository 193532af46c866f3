package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.testing.FakeChatClient;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/quality.md, kept compiling and passing. */
class DocsQualityExampleTest {
  final Backend ollama = Backend.builder("ollama").client(FakeChatClient.replying("ollama", "{\"total\": 12}"))
      .tier("local").build();
  final Backend gpt = Backend.builder("gpt").client(FakeChatClient.replying("gpt", "{\"total\": 12.00}"))
      .tier("cloud").price(Price.perMillionTokens(2.00, 8.00)).build();

  /** The router of the docs' examples: {@code tiers("local", "cloud").backend(ollama).backend(gpt)}. */
  private RoutingChatClient.Builder docsRouter() {
    return RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(ollama).backend(gpt);
  }

  @Test
  void theKnobsSnippetBuildsAWorkingRouter() {
    QualityPolicy quality = QualityPolicy.builder()
        .reference(gpt)
        .sampleRate(0.05)
        .sampleRate(TaskCategory.EXTRACTION, 0.20)
        .threshold(0.80)
        .threshold(TaskCategory.CLASSIFICATION, 0.90)
        .recoveryMargin(0.05)
        .window(50).minSamples(20)
        .windowTime(Duration.ofHours(6))
        .reprobeRate(0.05)
        .executor(1, 64)
        .build();
    try (RoutingChatClient router = docsRouter()
        .quality(quality)
        .random(new Random(42))
        .build()) {
      assertThat(router.chat(ChatRequest.builder().user("Extract the total as JSON: 12 EUR").build())
          .route().backend()).isEqualTo("ollama");
      assertThat(router.quality().enabled()).isTrue();
    }
  }

  @Test
  void theCustomScorerSnippetScoresThroughTheLoop() {
    QualityScorer sameTotal = (category, request, candidate, reference) -> {
      BigDecimal a = totalIn(candidate);
      BigDecimal b = totalIn(reference);
      if (b == null) {
        return Optional.empty();
      }
      return Optional.of(QualityScore.of(b.equals(a) ? 1 : 0, "total " + a + " vs " + b));
    };
    RoutingChatClient router = docsRouter()
        .quality(QualityPolicy.builder().reference(gpt)
            .scorer(TaskCategory.EXTRACTION, sameTotal)
            .scorer(QualityScorers.tokenF1())
            .sampleRate(1)
            .build())
        .qualityExecutor(Runnable::run)
        .build();
    router.chat(ChatRequest.builder().user("Extract the total as JSON: 12 EUR").categoryHint(TaskCategory.EXTRACTION)
        .build());
    // "12" and "12.00" are not equal BigDecimals: the custom scorer, not the default, decided.
    assertThat(router.quality().window(TaskCategory.EXTRACTION, "local").orElseThrow().mean()).isZero();
  }

  @Test
  void theCalibrationSnippetsRun(@TempDir Path dir) throws Exception {
    QualityPolicy quality = QualityPolicy.builder()
        .reference(gpt)
        .shadowRate(0.02)
        .shadowRate(TaskCategory.CODE, 0)
        .calibrationSamples(200)
        .build();
    try (RoutingChatClient router = docsRouter()
        .quality(quality)
        .build()) {
      Calibration calibration = router.calibration();
      calibration.suggestions().forEach(s -> System.out.println(s.describe()));
      Files.writeString(dir.resolve("calibration.json"), calibration.toJson());
      assertThat(Json.MAPPER.readTree(Files.readString(dir.resolve("calibration.json"))).get("enabled").asBoolean())
          .isTrue();
      assertThat(calibration.categories()).isEmpty();
    }

    try (RoutingChatClient applied = docsRouter()
        .route(TaskCategory.EXTRACTION, "cloud")
        .route(TaskCategory.SUMMARIZATION, "local")
        .classifier(RuleBasedClassifier.builder().minConfidence(0.87).build())
        .quality(quality)
        .build()) {
      assertThat(applied.tierFor(TaskCategory.EXTRACTION)).isEqualTo("cloud");
      assertThat(applied.tierFor(TaskCategory.SUMMARIZATION)).isEqualTo("local");
      assertThat(applied.explain(ChatRequest.builder().user("Pull the order id out of this: 'order 7781'").build())
          .category()).as("0.75 is below the raised min-confidence").isEqualTo(TaskCategory.GENERAL);
    }
  }

  @Test
  void theRestartSnippetRestoresThePromotions(@TempDir Path dir) throws Exception {
    Backend failing = Backend.builder("ollama").client(FakeChatClient.replying("ollama", "no json here"))
        .tier("local").build();
    QualityPolicy quality = QualityPolicy.builder().reference(gpt).sampleRate(1).window(3).minSamples(3).build();
    Path state = dir.resolve("quality.json");
    try (RoutingChatClient router = RoutingChatClient.builder().tiers("local", "cloud").backend(failing).backend(gpt)
        .quality(quality).qualityExecutor(Runnable::run).build()) {
      for (int i = 0; i < 3; i++) {
        router.chat(ChatRequest.builder().user("Extract the total as JSON: 12 EUR").build());
      }
      Files.writeString(state, router.quality().exportJson());
    }

    try (RoutingChatClient router = docsRouter()
        .quality(quality).restoreQuality(Files.readString(state))
        .build()) {
      assertThat(router.quality().promotedTier(TaskCategory.EXTRACTION)).contains("cloud");
    }
  }

  private static BigDecimal totalIn(String json) {
    var node = JsonFieldScorer.parse(json);
    return node == null || !node.has("total") ? null : node.get("total").decimalValue();
  }
}
