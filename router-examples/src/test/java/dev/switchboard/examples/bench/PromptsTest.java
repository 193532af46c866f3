package dev.switchboard.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.Signal;
import dev.switchboard.router.classify.TaskCategory;
import org.junit.jupiter.api.Test;

/** The benchmark prompts are what their names say, so the benchmark measures the path it claims to. */
class PromptsTest {
  private final RuleBasedClassifier classifier = RuleBasedClassifier.withDefaults();

  @Test
  void theTwoKilobytePromptsAreTwoKilobytes() {
    for (String name : new String[] {"summary-2k", "code-2k", "unsure-2k", "overrule-2k", "closing-2k"}) {
      int chars = Prompts.byName(name).messages().stream().mapToInt(m -> m.text().length()).sum();
      assertThat(chars).as(name).isBetween(1900, 2700);
    }
  }

  @Test
  void theUnsurePromptIsDecidedByTheLearnedComponent() {
    Classification rules = RuleBasedClassifier.builder().withoutModel().build().classify(Prompts.byName("unsure-2k"));
    assertThat(rules.category()).isEqualTo(TaskCategory.GENERAL);
    Classification c = classifier.classify(Prompts.byName("unsure-2k"));
    assertThat(c.signals()).extracting(Signal::name).contains("model");
  }

  @Test
  void theClosingPromptIsDecidedOnItsClosingParagraphReadAlone() {
    Classification rules = RuleBasedClassifier.builder().withoutModel().build().classify(Prompts.byName("closing-2k"));
    assertThat(rules.category()).isEqualTo(TaskCategory.GENERAL);
    Classification c = classifier.classify(Prompts.byName("closing-2k"));
    assertThat(c.category()).isIn(dev.switchboard.router.RoutingChatClient.DEFAULT_CHEAP);
    assertThat(c.signals()).extracting(Signal::detail).anyMatch(d -> d.contains("on the closing paragraph >="));
  }

  @Test
  void theOverrulePromptLeansCapableOnOneWordAndTheModelOverrulesIt() {
    Classification rules = RuleBasedClassifier.builder().withoutModel().build().classify(Prompts.byName("overrule-2k"));
    assertThat(rules.category()).isEqualTo(TaskCategory.REASONING);
    Classification c = classifier.classify(Prompts.byName("overrule-2k"));
    assertThat(c.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(c.signals()).extracting(Signal::detail).anyMatch(d -> d.endsWith("overrules the rules' word cues"));
  }

  @Test
  void theOtherPromptsAreDecidedByTheRules() {
    for (String name : new String[] {"short", "summary-2k", "code-2k", "document-100k"}) {
      assertThat(classifier.classify(Prompts.byName(name)).signals()).as(name).extracting(Signal::name)
          .doesNotContain("model");
    }
  }
}
