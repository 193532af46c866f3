package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.testing.FakeChatClient;
import org.junit.jupiter.api.Test;

class ReferenceGradingScorerTest {
  private static final ChatRequest REQ = ChatRequest.builder().user("Why is the sky blue?").build();

  @Test
  void gradesAreReadRobustly() {
    assertThat(ReferenceGradingScorer.parseGrade("8")).contains(0.8);
    assertThat(ReferenceGradingScorer.parseGrade("Score: 7.5")).contains(0.75);
    assertThat(ReferenceGradingScorer.parseGrade("I'd say 9/10 - close.")).contains(0.9);
    assertThat(ReferenceGradingScorer.parseGrade("4 out of 5")).contains(0.8);
    assertThat(ReferenceGradingScorer.parseGrade("80%")).contains(0.8);
    assertThat(ReferenceGradingScorer.parseGrade("0")).contains(0.0);
    assertThat(ReferenceGradingScorer.parseGrade("10")).contains(1.0);
  }

  @Test
  void noNumberOrAnImpossibleGradeGivesNoScore() {
    assertThat(ReferenceGradingScorer.parseGrade("The answer is fine.")).isEmpty();
    assertThat(ReferenceGradingScorer.parseGrade("")).isEmpty();
    assertThat(ReferenceGradingScorer.parseGrade(null)).isEmpty();
    assertThat(ReferenceGradingScorer.parseGrade("11")).isEmpty();
    assertThat(ReferenceGradingScorer.parseGrade("12/10")).isEmpty();
    assertThat(ReferenceGradingScorer.parseGrade("3/0")).isEmpty();
  }

  @Test
  void asksTheGraderWithBothAnswersAndReturnsItsGrade() {
    FakeChatClient grader = FakeChatClient.replying("grader", "7");
    QualityScore s = ReferenceGradingScorer.using(grader)
        .score(TaskCategory.REASONING, REQ, "Rayleigh scattering.", "Because of Rayleigh scattering of sunlight.")
        .orElseThrow();
    assertThat(s.score()).isEqualTo(0.7);
    assertThat(s.reason()).isEqualTo("graded 7.00/10 by the reference");
    String asked = grader.lastRequest().messages().get(1).text();
    assertThat(asked).contains("Why is the sky blue?").contains("REFERENCE:\nBecause of Rayleigh")
        .contains("CANDIDATE:\nRayleigh scattering.");
    assertThat(grader.lastRequest().temperature()).hasValue(0.0);
  }

  @Test
  void aGraderThatFailsOrRamblesGivesNoScoreInsteadOfAnError() {
    FakeChatClient failing = FakeChatClient.replying("grader", "8");
    failing.enqueueFailure(new BackendException("grader", FailureKind.SERVER_ERROR, "boom"));
    assertThat(ReferenceGradingScorer.using(failing).score(TaskCategory.GENERAL, REQ, "a", "b")).isEmpty();
    assertThat(ReferenceGradingScorer.using(FakeChatClient.replying("g", "Looks right to me."))
        .score(TaskCategory.GENERAL, REQ, "a", "b")).isEmpty();
  }
}
