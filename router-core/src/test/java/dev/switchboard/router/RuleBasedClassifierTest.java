package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleBasedClassifierTest {
  private final RuleBasedClassifier classifier = RuleBasedClassifier.withDefaults();

  private TaskCategory categoryOf(String prompt) {
    return classifier.classify(ChatRequest.builder().user(prompt).build()).category();
  }

  private Classification classify(ChatRequest r) {
    return classifier.classify(r);
  }

  @Test
  void hardShortPromptsWithoutCheapSignalsGoToTheCapableTier() {
    assertThat(categoryOf("Prove that there are infinitely many primes.")).isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. "
        + "How much does the ball cost?")).isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("Hello!")).isEqualTo(TaskCategory.GENERAL);
    assertThat(categoryOf("")).isEqualTo(TaskCategory.GENERAL);
  }

  @Test
  void leadingVerbDecidesAndIsReported() {
    Classification c = classify(ChatRequest.builder().user("Please summarize the call notes: we agreed to ship.").build());
    assertThat(c.category()).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(c.signals()).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("leading-verb");
      assertThat(s.detail()).isEqualTo("summarize");
    });
  }

  @Test
  void phrasesMatchWholeWordsNeverSubstrings() {
    // "planet" is not "plan", "sparse" is not "parse", "codes" is not "code"
    Classification planet = classify(ChatRequest.builder().user("Tell me about the planet Mars").build());
    assertThat(planet.signals()).noneMatch(s -> s.detail().equals("plan"));
    Classification sparse = classify(ChatRequest.builder().user("Is sparse attention useful?").build());
    assertThat(sparse.signals()).noneMatch(s -> s.detail().equals("parse"));
    assertThat(categoryOf("Grab the error codes from this log line: E42 timeout, E17 refused"))
        .isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void theLongestPhraseWinsSoPostalCodeIsNotCode() {
    assertThat(categoryOf("Parse this address into street, city, postal code: 10 Main St, Springfield 12345"))
        .isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void easyTasksWithHeavyWordsStayCheap() {
    assertThat(categoryOf("Summarize the plan below in 5 bullets.\n\nPhase 1 design, phase 2 build, phase 3 rollout."))
        .isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Extract the milestone dates from this design report: M1 14 March, M2 2 May."))
        .isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void codeBlocksAndStackTracesPointToCode() {
    Classification trace = classify(ChatRequest.builder().user("Exception in thread \"main\" java.lang.IllegalStateException\n"
        + "\tat com.acme.App.run(App.java:3)\nwhat now?").build());
    assertThat(trace.category()).isEqualTo(TaskCategory.CODE);
    assertThat(trace.signals()).anyMatch(s -> s.name().equals("stack-trace"));
    assertThat(categoryOf("What does this do?\n```python\nprint(sum(range(10)))\n```")).isEqualTo(TaskCategory.CODE);
    // a fenced JSON payload is data, not code
    assertThat(categoryOf("Extract the ids from this:\n```json\n{\"ids\": [1, 2]}\n```")).isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void mathAndWhyQuestionsPointToReasoning() {
    assertThat(classify(ChatRequest.builder().user("If 3x + 7 = 2x - 5, find x").build()).signals())
        .anyMatch(s -> s.name().equals("math"));
    assertThat(categoryOf("Why would margins improve while revenue falls?")).isEqualTo(TaskCategory.REASONING);
  }

  @Test
  void severalQuestionsAtOnceAreNotCheap() {
    assertThat(RoutingChatClient.DEFAULT_CHEAP).doesNotContain(categoryOf(
        "Is Oslo cold in October? What should I pack? Are museums open on Mondays? Do I need cash?"));
  }

  @Test
  void requestShapeCountsResponseFormatToolsMaxTokensTemperatureAndSystemPrompt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Classification schema = classify(ChatRequest.builder().user("Name and email please: Dan, dan@x.example")
        .responseFormat(json.readTree("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"c\",\"schema\":{}}}"))
        .build());
    assertThat(schema.signals()).anyMatch(s -> s.name().equals("json-schema"));
    Classification tools = classify(ChatRequest.builder().user("Book a table for two tonight")
        .tools(json.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"book\"}}]")).build());
    assertThat(tools.category()).isEqualTo(TaskCategory.GENERAL);
    Classification label = classify(ChatRequest.builder()
        .system("You are a classifier. Answer with only the label.")
        .user("'Refund still not here after 3 weeks'").maxTokens(3).build());
    assertThat(label.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    Classification hot = classify(ChatRequest.builder().user("Write lyrics about the sea").temperature(1.2).build());
    assertThat(hot.signals()).anyMatch(s -> s.name().equals("temperature"));
  }

  @Test
  void onlyTheLastUserTurnIsTheInstruction() {
    ChatRequest r = ChatRequest.builder()
        .user("Translate this to German: good morning")
        .assistant("Guten Morgen")
        .user("Now prove that the square root of 2 is irrational.")
        .build();
    assertThat(classify(r).category()).isEqualTo(TaskCategory.REASONING);
  }

  @Test
  void whenTheUserTurnIsOnlyInputTheSystemPromptSetsTheTaskAtADiscount() {
    Classification c = classify(ChatRequest.builder()
        .system("Translate everything the user writes into French. Output only the translation.")
        .user("The meeting has been moved to Thursday at 3pm.").build());
    assertThat(c.category()).isEqualTo(TaskCategory.TRANSFORMATION);
    assertThat(c.signals()).filteredOn(s -> s.name().equals("system-instruction"))
        .extracting(Signal::weight).allMatch(w -> w <= 3.0 * 0.6 + 1e-9);

    // the user's own instruction wins over the system prompt's
    assertThat(classify(ChatRequest.builder()
        .system("Translate everything the user writes into French.")
        .user("Why does the French language have gendered nouns?").build()).category())
        .isEqualTo(TaskCategory.REASONING);
    // a generic system prompt sets no task: the request stays general
    assertThat(classify(ChatRequest.builder().system("You are a helpful assistant.")
        .user("The delivery was late again.").build()).category()).isEqualTo(TaskCategory.GENERAL);
  }

  @Test
  void aFollowUpTurnCarriesOnThePreviousTask() {
    Classification c = classify(ChatRequest.builder()
        .user("Extract the invoice number and total from this: INVOICE 2024-0117, total due 1,250.00 USD.")
        .assistant("{\"invoice_number\": \"2024-0117\", \"total\": 1250.00}")
        .user("Same for this one please: Rechnung Nr. RE-88412, Gesamtbetrag 980,50 EUR").build());
    assertThat(c.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(c.signals()).extracting(Signal::name).contains("follow-up");

    assertThat(classify(ChatRequest.builder()
        .user("Translate to Spanish: 'Your appointment is confirmed for Monday at 10am.'")
        .assistant("Su cita está confirmada para el lunes a las 10 de la mañana.")
        .user("Informal, please.").build()).category()).isEqualTo(TaskCategory.TRANSFORMATION);
  }

  @Test
  void aFollowUpIsNotCheapWhenItAsksSomethingNewOrTheEarlierTurnHadHarderWork() {
    // a new question, not a continuation
    assertThat(classify(ChatRequest.builder()
        .user("Translate 'good morning' into Japanese.")
        .assistant("おはようございます")
        .user("Thanks! Is it rude to use the short form with my colleagues?").build()).category())
        .isEqualTo(TaskCategory.GENERAL);
    // the earlier turn was a summary of code: a short follow-up about it is not carried over as cheap
    assertThat(classify(ChatRequest.builder()
        .user("Summarise what this function does: def f(xs): return [x for x in xs if x % 2 == 0]")
        .assistant("It returns the even numbers from the list.")
        .user("Now make it return the squares of the odd ones instead, and add type hints.").build()).category())
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    // the last turn's own capable evidence still counts
    assertThat(classify(ChatRequest.builder()
        .user("Summarize this thread: Ana wants Postgres, Ben wants MongoDB.")
        .assistant("Ana prefers Postgres; Ben prefers MongoDB.")
        .user("Now compare the two for our analytics workload").build()).category())
        .isEqualTo(TaskCategory.REASONING);
  }

  @Test
  void weakCheapEvidenceIsEnoughOverPastedInputButNotWhenAnythingAsksForHarderWork() {
    Classification c = classify(ChatRequest.builder().user("I need the flight number, departure time and gate from "
        + "this: 'Your flight KL1002 to London departs 07:25 from gate D7. Boarding closes 20 minutes before.'").build());
    assertThat(c.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(c.signals()).extracting(Signal::name).contains("instruction-over-input");
    // for the rules, the same weak evidence without pasted input is not enough (the learned component may
    // still move it: the rules found no capable evidence)
    assertThat(RuleBasedClassifier.builder().withoutModel().build().classify(ChatRequest.builder()
        .user("I need the flight number").build()).category()).isEqualTo(TaskCategory.GENERAL);
    // judgement over pasted input is never a lookup
    assertThat(categoryOf("Is this argument valid? 'All managers attend the meeting. Sam attends the meeting. "
        + "Therefore Sam is a manager.'")).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
  }

  @Test
  void aQuestionOrCommandAfterThePastedTextIsTheInstruction() {
    String clause = "Clause 3.2 of our supplier agreement:\n\n\"This Agreement shall remain in force for one year and "
        + "shall thereafter continue for further periods of one year unless terminated with three months' notice.\"";
    assertThat(categoryOf(clause + "\n\nIs this an automatic renewal clause? yes or no."))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(categoryOf(clause + "\n\nWhy would a supplier want this clause, and should we push back?"))
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
  }

  @Test
  void theSystemPromptsTaskGovernsAUserTurnThatIsOnlyInput() {
    // "fair" in the tweet is input, not a request for judgement
    Classification c = classify(ChatRequest.builder()
        .system("Classify the sentiment of the tweet as positive, negative or neutral. Reply with the label only.")
        .user("Honestly anyone who still thinks the refs were fair in that match needs their eyes checked").build());
    assertThat(c.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    // but a question of the user's own is not input
    assertThat(classify(ChatRequest.builder()
        .system("Classify the sentiment of the tweet as positive, negative or neutral.")
        .user("Why do people use sarcasm online?").build()).category()).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
  }

  @Test
  void rewritingCodeIsCodeAndARecommendationOverrulesACheapTask() {
    assertThat(categoryOf("Convert this Python 2 to Python 3: print 'total:', sum(map(lambda x: x*2, xrange(10)))"))
        .isEqualTo(TaskCategory.CODE);
    assertThat(categoryOf("Classify these three vendor offers as good, acceptable or unacceptable and tell me which "
        + "one we should pick.")).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
  }

  @Test
  void askingVerbsHelpButNeverDecideAlone() {
    assertThat(categoryOf("Find the tracking number in this message: Your parcel is on its way with DHL, tracking "
        + "00340434161094042557.")).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("Give me the gist of this: the board postponed the office move and froze hiring."))
        .isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Find a way to cut our cloud bill")).isEqualTo(TaskCategory.GENERAL);
  }

  @Test
  void decideWhetherIsALabelNotADecision() {
    assertThat(categoryOf("Decide whether this email is spam: 'You won a cruise, click here'"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(categoryOf("Decide which of our three vendors to keep, given their prices and outage history."))
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
  }

  @Test
  void aShortCommandOverALongDocumentIsReadFromTheCommandNotTheDocument() {
    String report = "The migration needs a design review; root cause analysis of the outage is pending. ".repeat(60);
    Classification c = classify(ChatRequest.builder().user("Give me the key points of this report.\n\n" + report).build());
    assertThat(c.category()).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(c.signals()).anyMatch(s -> s.name().equals("instruction-over-document"));
    assertThat(c.signals()).noneMatch(s -> s.detail().equals("root cause"));
  }

  @Test
  void aHugePromptIsHandledAndNotCopiedPerKeyword() {
    String huge = "Summarize this.\n\n" + "lorem ipsum dolor sit amet ".repeat(20_000);
    assertThat(classify(ChatRequest.builder().user(huge).build()).category()).isEqualTo(TaskCategory.SUMMARIZATION);
  }

  @Test
  void requestsWithoutAUserTurnAreGeneral() {
    Classification c = classify(ChatRequest.builder().system("You are terse.").build());
    assertThat(c.category()).isEqualTo(TaskCategory.GENERAL);
  }

  @Test
  void phrasesAndVerbsCanBeAddedAndRemovedWithoutCode() {
    RuleBasedClassifier tuned = RuleBasedClassifier.fromConfig(Map.of(
        "phrases.extraction.add", "kyc fields, onboarding data",
        "verbs.classification.add", "bucket",
        "phrases.summarization.remove", "recap",
        "min-score", "2.0"));
    assertThat(tuned.classify(ChatRequest.builder().user("KYC fields for this customer: Ana, DE, 1990").build())
        .category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(tuned.classify(ChatRequest.builder().user("Bucket this ticket: refund not received").build())
        .category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(tuned.classify(ChatRequest.builder().user("A recap for the team").build()).signals())
        .noneMatch(s -> s.detail().equals("recap"));
  }

  @Test
  void badSettingsFailWithTheOffendingKey() {
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("min-scroe", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-scroe");
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("min-score", "lots")))
        .hasMessageContaining("min-score");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().removePhrase(TaskCategory.CODE, "no such phrase"))
        .hasMessageContaining("no such phrase");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().minConfidence(2)).hasMessageContaining("minConfidence");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().addLeadingVerb("two words", TaskCategory.CODE))
        .hasMessageContaining("one word");
  }

  @Test
  void aStricterThresholdSendsMoreToGeneral() {
    // the rules' thresholds; the learned component has its own (modelThreshold), so switch it off here
    RuleBasedClassifier strict = RuleBasedClassifier.builder().minScore(8.0).withoutModel().build();
    assertThat(strict.classify(ChatRequest.builder().user("Translate to German: hello").build()).category())
        .isEqualTo(TaskCategory.GENERAL);
    RuleBasedClassifier stricter = RuleBasedClassifier.builder().minScore(8.0).modelThreshold(1.0).build();
    assertThat(stricter.classify(ChatRequest.builder().user("Translate to German: hello").build()).category())
        .isEqualTo(TaskCategory.GENERAL);
    assertThat(categoryOf("Translate to German: hello")).isEqualTo(TaskCategory.TRANSFORMATION);
  }

  @Test
  void theApplicationsHintWinsAndIsReportedAsAHint() {
    RoutingChatClient router = RoutingChatClient.builder()
        .backend(Backend.builder("small").client(dev.switchboard.router.testing.FakeChatClient.replying("small", "ok"))
            .model("s").tier("cheap").build())
        .backend(Backend.builder("big").client(dev.switchboard.router.testing.FakeChatClient.replying("big", "ok"))
            .model("b").tier("capable").build())
        .build();
    RoutingDecision d = router.explain(ChatRequest.builder().user("Prove Fermat's last theorem")
        .categoryHint(TaskCategory.EXTRACTION).build());
    assertThat(d.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(d.tier()).isEqualTo("cheap");
    assertThat(d.why()).contains("hint");
  }
}
