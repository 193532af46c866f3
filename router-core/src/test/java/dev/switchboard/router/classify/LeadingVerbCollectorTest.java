package dev.switchboard.router.classify;

import static dev.switchboard.router.classify.Collecting.collect;
import static dev.switchboard.router.classify.Collecting.prompt;
import static dev.switchboard.router.classify.Collecting.signals;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The leading-verb collector on its own. */
class LeadingVerbCollectorTest {
  private final LeadingVerbCollector verbs = new LeadingVerbCollector(Collecting.DEFAULTS);

  private Evidence of(String user) {
    return collect(prompt(user), verbs);
  }

  @Test
  void theVerbThatOpensTheInstructionAfterPoliteWordsWeighsMost() {
    assertThat(signals(of("Please could you summarise this thread for me."))).containsExactly(
        "leading-verb->summarization(3.0, summarise)");
    assertThat(signals(of("The file is attached. Extract the totals."))).containsExactly(
        "leading-verb->extraction(2.5, extract)");
  }

  @Test
  void oneSignalPerCategoryTheStrongest() {
    assertThat(signals(of("Summarise the call. Then summarise the email."))).containsExactly(
        "leading-verb->summarization(3.0, summarise)");
  }

  @Test
  void askingVerbsAreWeakExtractionAndSoIsNeedingThings() {
    assertThat(signals(of("Find the tracking number."))).containsExactly("leading-verb->extraction(1.5, find)");
    assertThat(signals(of("I need the monthly rent and the deposit."))).containsExactly(
        "leading-verb->extraction(1.5, need)");
  }

  @Test
  void verbsThatDependOnWhatFollows() {
    assertThat(signals(of("Decide whether this email is spam."))).containsExactly(
        "leading-verb->classification(3.0, decide)");
    assertThat(signals(of("Sort these expenses into travel, food or office."))).containsExactly(
        "leading-verb->classification(3.0, sort)");
    assertThat(signals(of("Sort it by age."))).isEmpty();
    assertThat(signals(of("From the following posting, pull the salary."))).containsExactly(
        "leading-verb->extraction(2.5, pull)");
  }

  @Test
  void noInstructionAndNoPromptGiveNoSignal() {
    assertThat(of("The delivery was late again.").signals()).isEmpty();
    assertThat(of("").signals()).isEmpty();
    assertThat(collect(Segmenter.segment(dev.switchboard.router.chat.ChatRequest.builder().system("Be brief.").build()),
        verbs).signals()).isEmpty();
  }

  @Test
  void readsTheVerbsOfTheSettings() {
    LeadingVerbCollector tuned = new LeadingVerbCollector(RuleBasedClassifier.builder()
        .addLeadingVerb("tabulate", TaskCategory.TRANSFORMATION).removeLeadingVerb("summarise").settings());
    assertThat(signals(collect(prompt("Tabulate these figures."), tuned))).containsExactly(
        "leading-verb->transformation(3.0, tabulate)");
    assertThat(collect(prompt("Summarise this thread."), tuned).signals()).isEmpty();
  }

  @Test
  void readsOnlyTheInstructionNotThePastedInput() {
    assertThat(signals(of("What is the order id here?\n\nHi, please extract my refund and translate the note, order 4411."))).isEmpty();
  }
}
