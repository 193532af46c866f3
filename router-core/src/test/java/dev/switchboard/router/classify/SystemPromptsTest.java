package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's memo of system prompts, and the model's kept reading of them, change no answer. */
class SystemPromptsTest {
  private static final String SYSTEM = "You work with the customer care team of a furniture shop. Customers write "
      + "in a hurry; answer friendly and short.";

  @Test
  void aRepeatedSystemPromptIsReadOnceEvenFromAnotherString() {
    SystemPrompts.Memo memo = new SystemPrompts.Memo();
    SystemPrompts first = memo.of(ChatRequest.builder().system(SYSTEM).user("hi").build());
    SystemPrompts again = memo.of(ChatRequest.builder().system(new String(SYSTEM.toCharArray())).user("other").build());
    assertThat(again).isSameAs(first);
    assertThat(memo.of(ChatRequest.builder().user("no system prompt").build())).isSameAs(SystemPrompts.NONE);
    assertThat(memo.of(ChatRequest.builder().system(SYSTEM + " Be brief.").user("hi").build())).isNotSameAs(first);
  }

  @Test
  void classifyingWithTheMemoGivesWhatReadingAfreshGives() {
    RuleBasedClassifier classifier = RuleBasedClassifier.withDefaults();
    for (String user : List.of("Vibe check on this one, 1 to 5: the table never came and nobody called.",
        "Summarise this in one line: the courier brought the parcel back.", "ok", "what's the order id? 4471-B")) {
      ChatRequest r = ChatRequest.builder().system(SYSTEM).system("Developer note: reply in English.").user(user).build();
      Classification cold = classifier.classify(r);
      Classification warm = classifier.classify(r);
      Classification fresh = RuleBasedClassifier.withDefaults().classify(r);
      assertThat(warm).isEqualTo(cold).isEqualTo(fresh);
    }
  }

  @Test
  void scoringWithAKeptPrefixIsScoringTheWholeText() throws IOException {
    NgramModel m;
    try (InputStream in = LearnedComponent.class.getResourceAsStream(LearnedComponent.RESOURCE)) {
      m = NgramModel.read(in);
    }
    String start = SYSTEM.substring(0, LearnedComponent.SYSTEM_CHARS) + "\n";
    NgramModel.Prefix prefix = m.prefix(start);
    assertThat(prefix).isNotNull();
    for (String instruction : List.of("Vibe check on this one, 1 to 5:", "", "x", "Pull out the Order-ID, please!",
        "supercalifragilisticexpialidocious antidisestablishmentarianism", "Übersetze das bitte ins Englische.")) {
      String text = start + instruction;
      NgramModel.Scored whole = m.score(text);
      double[] p = whole.probabilities().clone();
      List<NgramModel.Contribution> explained = m.strongest(whole, 0, p.length - 1, 3);
      NgramModel.Scored kept = m.score(new StringBuilder(text), prefix);
      assertThat(kept.probabilities()).as(instruction).containsExactly(p);
      assertThat(m.strongest(kept, 0, p.length - 1, 3)).as(instruction).isEqualTo(explained);
    }
    // a text that does not start with the prefix is scored without it
    NgramModel.Scored other = m.score("Something else entirely", prefix);
    assertThat(other.probabilities()).containsExactly(m.score("Something else entirely").probabilities());
  }
}
