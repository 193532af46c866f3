package dev.switchboard.router.classify;

import static dev.switchboard.router.classify.Collecting.collect;
import static dev.switchboard.router.classify.Collecting.prompt;
import static dev.switchboard.router.classify.Collecting.signals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatRequest;
import org.junit.jupiter.api.Test;

/** The code-task collector after the collectors it reads, and in the whole classifier. */
class CodeTaskCollectorTest {
  private final LeadingVerbCollector verbs = new LeadingVerbCollector(Collecting.DEFAULTS);
  private final TextShapeCollector shape = new TextShapeCollector();
  private final CodeTaskCollector code = new CodeTaskCollector();

  private Evidence collected(String user) {
    return collect(prompt(user), verbs, shape, code);
  }

  @Test
  void whatCodeDoesIsExplainingCode() {
    assertThat(signals(collected("Summarise what this function does in one line for the changelog.\n\n"
        + "def dedupe(rows):\n    seen = set()\n    return [r for r in rows if not (r in seen or seen.add(r))]")))
        .contains("code-task->code(2.5, what the code does)");
    assertThat(signals(collected("Résume ce que fait cette commande avant que je la lance :\n\n"
        + "rsync -av --delete ./site/ deploy@web1:/srv/site/")))
        .contains("code-task->code(2.5, what the code does)");
  }

  @Test
  void aToolOrLanguageAsTheMeansIsCodeWork() {
    assertThat(signals(collected("Pull out every order id using jq, one per line.\n\n"
        + "{\"orders\": [{\"id\": \"A1\"}, {\"id\": \"B7\"}]}")))
        .contains("code-task->code(2.5, by a tool or language: jq)");
    assertThat(signals(collected("Rewrite this in polars:\n\ndf = df[df['qty'] > 0]\nout = df.groupby('sku').qty.sum()")))
        .contains("code-task->code(2.5, by a tool or language: polars)");
  }

  @Test
  void textThatIsNotCodeANamedSourceOrNoCommandStayCheap() {
    // what an email says is not what code does
    assertThat(collected("Summarise what this email says we have to do by Friday.\n\n"
        + "Hi all, please send your slides and book the room.").signals()).noneMatch(SignalName.CODE_TASK::is);
    // the tool names the source, not the means
    assertThat(collected("Extract the pod name from the kubectl output below.\n\n"
        + "NAME READY STATUS\napi-7d9f 1/1 Running").signals()).noneMatch(SignalName.CODE_TASK::is);
    // a language in pasted prose, no command: a CV, not a task
    assertThat(collected("Backend developer, six years of experience in Java and Kotlin.").signals())
        .noneMatch(SignalName.CODE_TASK::is);
    // a natural language as the target
    assertThat(collected("Translate to German:\n\nThe parcel arrives on Monday.").signals())
        .noneMatch(SignalName.CODE_TASK::is);
  }

  @Test
  void theCheapVerbLosesInTheWholeClassifier() {
    Classification c = RuleBasedClassifier.withDefaults().classify(ChatRequest.builder()
        .user("Convert this to polars please\n\ndf = pd.read_csv('visits.csv')\nout = df[df['country'] == 'NL']"
            + ".groupby('page').size()")
        .build());
    assertThat(c.category()).isEqualTo(TaskCategory.CODE);
  }

  @Test
  void aPieceOfCodeAskedForAsTheAnswerIsCodeWork() {
    assertThat(RuleBasedClassifier.withDefaults().classify(ChatRequest.builder()
        .user("I want to pull the postcode out of each line automatically. Give me a regex that extracts UK "
            + "postcodes from addresses like these:\n\n14 Vine St, Manchester M1 5GD\nFlat 2, Oxford OX4 4HS").build())
        .category()).isEqualTo(TaskCategory.CODE);
    // the regex is in the text: reading it off is a lookup
    assertThat(RuleBasedClassifier.withDefaults().classify(ChatRequest.builder()
        .user("Extract the regex from this config line, nothing else:\n\nvalidate.postcode = ^[A-Z]{1,2}[0-9].*$").build())
        .signals()).noneMatch(SignalName.CODE_TASK::is);
  }
}
