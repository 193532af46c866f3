package dev.switchboard.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The loopback run answers every request correctly in every mode; how fast is for docs/performance.md. */
class LoopbackRunTest {
  private static final Path FIXTURES = Path.of(System.getProperty("switchboard.fixtures", "../fixtures"));

  @Test
  void everyModeAnswersEveryRequestWithTheFixturesContentAndUsage() {
    try (LoopbackRun run = LoopbackRun.start(FIXTURES)) {
      for (LoopbackRun.Mode mode : LoopbackRun.Mode.values()) {
        LoopbackRun.Result r = run.run(mode, 40, 3);
        assertThat(r.answered()).as(mode.label).isEqualTo(40);
        assertThat(r.correct()).as(mode.label).isEqualTo(40);
        assertThat(r.p99Nanos()).as(mode.label).isGreaterThanOrEqualTo(r.p50Nanos()).isPositive();
      }
    }
  }

  @Test
  void theCheckRejectsAWrongAnswer() {
    ChatResponse right = ChatResponse.of(LoopbackRun.PLAIN_CONTENT, Usage.of(19, 10));
    assertThat(LoopbackRun.matchesFixture(LoopbackRun.Mode.DIRECT, right)).isTrue();
    assertThat(LoopbackRun.matchesFixture(LoopbackRun.Mode.DIRECT, ChatResponse.of("Hello!", Usage.of(19, 10))))
        .isFalse();
    assertThat(LoopbackRun.matchesFixture(LoopbackRun.Mode.DIRECT,
        ChatResponse.of(LoopbackRun.PLAIN_CONTENT, Usage.of(19, 4)))).isFalse();
    assertThat(LoopbackRun.matchesFixture(LoopbackRun.Mode.ROUTED_STREAM, right)).isFalse();
  }

  @Test
  void theBenchmarkPromptsHaveTheSizesTheyClaim() {
    assertThat(Prompts.summary2k().lastUserMessage().orElseThrow().text().length()).isBetween(1900, 2600);
    assertThat(Prompts.code2k().lastUserMessage().orElseThrow().text().length()).isBetween(1900, 2600);
    assertThat(Prompts.document100k().lastUserMessage().orElseThrow().text().length()).isBetween(100_000, 101_500);
  }
}
