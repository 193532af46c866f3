package dev.switchboard.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SSE benchmark decodes what it claims to: the whole answer and its usage. No timing here. */
class SseDecodeBenchmarkTest {
  @Test
  void decodesTheRecordedStreamAndTheLengthenedOneIntoWholeAnswersWithUsage() throws Exception {
    SseDecodeBenchmark recorded = new SseDecodeBenchmark();
    recorded.stream = "recorded";
    recorded.setUp();
    SseDecodeBenchmark longer = new SseDecodeBenchmark();
    longer.stream = "long-500";
    longer.setUp();

    ChatResponse shortAnswer = recorded.decode();
    ChatResponse longAnswer = longer.decode();

    assertThat(shortAnswer.content()).isEqualTo("esters på Viertexttt");
    assertThat(shortAnswer.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(4));
    assertThat(longAnswer.content()).hasSize(125 * shortAnswer.content().length());
    assertThat(longAnswer.finishReason()).contains("length");
    assertThat(longAnswer.usage()).isPresent();
  }

  @Test
  void lengthenKeepsTheFirstAndClosingEventsAndRepeatsOnlyTextChunks() {
    String sse = "data: {\"choices\":[{\"delta\":{\"content\":null}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
        + "data: {\"choices\":[{\"finish_reason\":\"stop\",\"delta\":{}}]}\n\n"
        + "data: [DONE]\n\n";

    String longer = SseDecodeBenchmark.lengthen(sse, 3);

    assertThat(longer.split("\n\n")).hasSize(6);
    assertThat(longer).startsWith("data: {\"choices\":[{\"delta\":{\"content\":null}}]}")
        .endsWith("data: [DONE]\n\n");
    assertThat(longer.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(sse.length());
  }
}
