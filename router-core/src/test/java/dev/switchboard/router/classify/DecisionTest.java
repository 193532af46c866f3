package dev.switchboard.router.classify;

import static dev.switchboard.router.classify.Collecting.prompt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules' decision on given evidence, without the learned component. */
class DecisionTest {
  private final Decision decision = new Decision(Collecting.DEFAULTS, null);

  private static Evidence of(Signal... signals) {
    Evidence e = new Evidence();
    for (Signal s : signals) {
      e.add(s);
    }
    return e;
  }

  @Test
  void noEvidenceIsGeneralWithLowConfidence() {
    Classification c = decision.decide(prompt(""), of());
    assertThat(c.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(c.confidence()).isEqualTo(0.3);
    assertThat(c.signals()).isEmpty();
  }

  @Test
  void clearCheapEvidenceWinsWithTheTierConfidence() {
    Classification c = decision.decide(prompt("Summarise it."), of(
        SignalName.LEADING_VERB.signal(TaskCategory.SUMMARIZATION, 3.0, "summarise"),
        SignalName.PHRASE.signal(TaskCategory.EXTRACTION, 1.0, "list"))); // cheap too: not the other side
    assertThat(c.category()).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(c.confidence()).isEqualTo(3.0 / (3.0 + 0 + 1.0));
  }

  @Test
  void capableEvidenceOrAHarderShapeOverrulesACheapCategory() {
    Classification guarded = decision.decide(prompt("x"), of(
        SignalName.LEADING_VERB.signal(TaskCategory.SUMMARIZATION, 3.0, "summarise"),
        SignalName.PHRASE.signal(TaskCategory.REASONING, 2.0, "recommend")));
    assertThat(guarded.category()).isEqualTo(TaskCategory.REASONING);
    assertThat(guarded.confidence()).isLessThanOrEqualTo(0.5);
    assertThat(guarded.signals()).last().hasToString("capable-evidence->reasoning(0.0, 2.0 capable vs 3.0 summarization)");

    Classification shape = decision.decide(prompt("x"), of(
        SignalName.LEADING_VERB.signal(TaskCategory.EXTRACTION, 3.0, "extract"),
        SignalName.NO_INPUT.signal(TaskCategory.GENERAL, 0.5, "")));
    assertThat(shape.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(shape.signals()).extracting(Signal::name).contains("capable-evidence");
  }

  @Test
  void weakCheapEvidenceIsEnoughOnlyOverPastedInput() {
    Signal weak = SignalName.LEADING_VERB.signal(TaskCategory.EXTRACTION, 1.5, "need");
    Classification over = decision.decide(prompt("I need the gate from this: 'Flight LH 404 boards at B12 at 10:40.'"),
        of(weak));
    assertThat(over.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(over.confidence()).isEqualTo(0.5);
    assertThat(over.signals()).extracting(Signal::name).containsExactly("leading-verb", "instruction-over-input");

    assertThat(decision.decide(prompt("I need the gate"), of(weak)).category()).isEqualTo(TaskCategory.GENERAL);
  }
}
