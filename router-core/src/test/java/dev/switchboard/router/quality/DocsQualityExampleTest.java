package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.TaskCategory;
import dev.switchboard.router.testing.FakeChatClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snippets of docs/quality.md, kept compiling and passing. */
class DocsQualityExampleTest {
  final Backend ollama = Backend.builder("ollama").client(FakeChatClient.replying("ollama", "{\"total\": 12}"))
      .tier("local").build();
  final Backend gpt = Backend.builder("gpt").client(FakeChatClient.replying("gpt", "{\"total\": 12.00}"))
      .tier("cloud").price(Price.perMillionTokens(2.00, 8.00)).build();

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
        .seed(42)
        .build();
    try (RoutingChatClient router = RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(ollama).backend(gpt)
        .quality(quality)
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
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(ollama).backend(gpt)
        .quality(QualityPolicy.builder().reference(gpt)
            .scorer(TaskCategory.EXTRACTION, sameTotal)
            .scorer(QualityScorers.tokenF1())
            .sampleRate(1).executor(Runnable::run)
            .build())
        .build();
    router.chat(ChatRequest.builder().user("Extract the total as JSON: 12 EUR").categoryHint(TaskCategory.EXTRACTION)
        .build());
    // "12" and "12.00" are not equal BigDecimals: the custom scorer, not the default, decided.
    assertThat(router.quality().window(TaskCategory.EXTRACTION, "local").orElseThrow().mean()).isZero();
  }

  private static BigDecimal totalIn(String json) {
    var node = JsonFieldScorer.parse(json);
    return node == null || !node.has("total") ? null : node.get("total").decimalValue();
  }
}
