package dev.switchboard.router.classify;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
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
    String notice = "'Your flight KL1002 to London departs 07:25 from gate D7. Boarding closes 20 minutes before.'";
    assertThat(categoryOf("I need the flight number, departure time and gate from this: " + notice))
        .isEqualTo(TaskCategory.EXTRACTION);
    Classification c = classify(ChatRequest.builder().user("Flight number, departure time and gate from this, "
        + "please: " + notice).build());
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
    // but to the rules a question of the user's own is not input ...
    ChatRequest question = ChatRequest.builder()
        .system("Classify the sentiment of the tweet as positive, negative or neutral.")
        .user("Why do people use sarcasm online?").build();
    assertThat(RuleBasedClassifier.builder().withoutModel().build().classify(question).category())
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    // ... while the model, which reads the system prompt's task first, is sure this application classifies
    // whatever it is sent, and "why" is a single word it may overrule
    assertThat(classify(question).category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(RuleBasedClassifier.builder().modelOverrule(1).build().classify(question).category())
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
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

  private static final String ARTICLE = "The regional council approved a new cycle lane network on Tuesday. The "
      + "first 12 km will open next spring, funded by a national grant, and shops along the route were promised "
      + "loading bays. Opponents said the consultation was rushed and that parking will be lost in the old town.";

  private boolean cheap(TaskCategory c) {
    return RoutingChatClient.DEFAULT_CHEAP.contains(c);
  }

  @Test
  void aShortQuestionOrCommandAboutPastedTextIsCheapWhereverItStands() {
    // a title, a subject line, the gist: a few words about a given text
    assertThat(categoryOf("Come up with a headline for this piece:\n\n" + ARTICLE)).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Suggest a subject line for this email: Hi both, the invoice run moves to Friday this "
        + "month because of the bank holiday. Thanks, Jo")).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("What's this email about?\n\nHi both, the invoice run moves to Friday this month because "
        + "of the bank holiday. Thanks, Jo")).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Sum the following story up in a line.\n\n" + ARTICLE)).isEqualTo(TaskCategory.SUMMARIZATION);
    // the instruction after the text: a closing paragraph ending with a colon, a question after the passage or the quote
    assertThat(categoryOf("Ana: lunch friday?\nBo: can't, dentist\nAna: monday then\nBo: ok, 1pm\n\nBriefly, "
        + "the conversation:")).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf(ARTICLE + "\n\nWhat is the article saying, in two sentences?"))
        .isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("A guest wrote: 'Room was spotless, breakfast cold, staff lovely.' Did they enjoy the stay?"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    // a question in a clause after an introduction, or after a "Question:" label
    assertThat(categoryOf("Based on the message below, which team does it concern?\nHi, our invoices show the "
        + "wrong VAT number since March.")).isIn(TaskCategory.EXTRACTION, TaskCategory.CLASSIFICATION);
    assertThat(categoryOf("Answer from the context.\nContext: The museum opened in 1998 and was extended by the "
        + "architect Lina Bo in 2011, adding a glass roof over the courtyard and a new library wing.\n"
        + "Question: Who extended the museum?")).isEqualTo(TaskCategory.EXTRACTION);
    // "Would they ...?" about the text is a yes/no label; "Would you ...?" asks the model
    assertThat(categoryOf("Reviewer wrote: 'Great lens, but it fogs up in the cold.' Would they buy it again?"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
  }

  @Test
  void askingForValuesOutOfPastedMaterialIsExtractionHoweverItIsPhrased() {
    assertThat(categoryOf("Here's my payslip. I need the gross pay, the tax and the pension contribution.\n\nGross "
        + "3,200.00 / Tax 540.10 / Pension 160.00 / Net 2,499.90")).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("which flight is it -> 'Your flight LH 2041 to Munich leaves at 07:15 from gate G12.'"))
        .isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("Read this booking and tell me the check-in date and the room type: 'Booking 5521, "
        + "check-in 4 May, deluxe double, 2 nights.'")).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("Invoice below — I only want the due date and the amount.\n\nInvoice 88 / due 30 June / "
        + "amount 410.00 EUR")).isEqualTo(TaskCategory.EXTRACTION);
    // the same shape asking for an opinion is not a lookup
    assertThat(categoryOf("Read this and tell me what you think: 'We will launch in March with no marketing "
        + "budget.'")).matches(c -> !cheap(c));
  }

  @Test
  void aQuestionAboutPastedTextThatAsksForJudgementStaysCapable() {
    assertThat(categoryOf("Here is my bio for the conference. What would you change?\n\nI build data platforms and "
        + "like long walks. I have spoken at two meetups and write a newsletter about SQL performance.")).matches(c -> !cheap(c));
    assertThat(categoryOf("My manager wrote: 'Let's talk about your role tomorrow.' What did she mean?"))
        .matches(c -> !cheap(c));
    assertThat(categoryOf("Here is my cover letter. What score would it get from a recruiter?\n\nDear team, I "
        + "have five years of experience in logistics and I am keen to join.")).matches(c -> !cheap(c));
    assertThat(categoryOf("The contract says: 'Tenant pays all repairs, including the roof.' Is that legal in "
        + "France?")).matches(c -> !cheap(c));
    assertThat(categoryOf(ARTICLE + "\n\nWas the council right to approve it, given the opposition?"))
        .matches(c -> !cheap(c));
    // a labelled record after the command is input, not the instruction ("How do I ...?" in it asks nothing)
    Classification rated = classify(ChatRequest.builder().user("Rate the answer below for helpfulness from 1 to 5.\n\n"
        + "Question: How do I export my data?\nAnswer: Use Settings, then Export.").build());
    assertThat(rated.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(rated.signals()).noneMatch(s -> s.detail().equals("how do"));
  }

  @Test
  void aCheapVerbFollowedByAHarderAskIsTheHarderTask() {
    Classification c = classify(ChatRequest.builder().user("Extract the open issues from these notes and propose an "
        + "owner and a deadline for each.\n\n- flaky login test\n- slow export\n- missing invoices").build());
    assertThat(c.category()).matches(k -> !cheap(k));
    assertThat(c.signals()).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("compound-request");
      assertThat(s.detail()).isEqualTo("propose");
    });
    assertThat(categoryOf("Translate this reply into French and tell me whether it promises more than our refund "
        + "policy allows: 'We will refund every order, no questions asked.'")).matches(k -> !cheap(k));
    assertThat(categoryOf("Label each expense as travel or meals, then work out what I can claim back at 40%: taxi "
        + "32, dinner 58, train 120")).matches(k -> !cheap(k));
    assertThat(categoryOf("Summarise the notes below and then draft a reply to the client.\n\nClient wants the "
        + "launch moved; we can't move it.")).matches(k -> !cheap(k));
    assertThat(categoryOf("Translate this into English. Is it appropriate to send to a new client?\n'Zahlen Sie "
        + "sofort.'")).matches(k -> !cheap(k));
    assertThat(categoryOf("Extract the totals from this statement, then check whether they add up: subtotal 90, "
        + "tax 18, total 110")).matches(k -> !cheap(k));
    assertThat(categoryOf("Pull the claims out of this ad and check each one against the small print: 'Fastest "
        + "broadband in town, no contract.'")).matches(k -> !cheap(k));
    assertThat(categoryOf("Extract the fields and write the Kotlin data class for them: id (int), name (string)"))
        .matches(k -> !cheap(k));
    assertThat(categoryOf("Classify these three app ideas by their likelihood of success: a dog-walking marketplace, "
        + "a budgeting bot, a recipe swap")).matches(k -> !cheap(k));
  }

  @Test
  void aSecondCheapStepOrALabelAfterTheCheapVerbStaysCheap() {
    assertThat(categoryOf("Extract the names and emails from this signature and format them as CSV: Ana Ruiz, "
        + "ana@lumen.io")).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("Summarise this review and tell me whether it's positive or negative: 'Fast delivery, "
        + "but the handle broke on day two.'")).isIn(TaskCategory.SUMMARIZATION, TaskCategory.CLASSIFICATION);
    // nouns that are also verbs, in a list of fields or labels, are not an ask
    assertThat(categoryOf("Extract the project name, owner and design from this card: Apollo / Kim / v2 mock-ups"))
        .isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("Classify each commit message by type (feat, fix, refactor, docs): 'add login page', "
        + "'fix typo in README'")).isEqualTo(TaskCategory.CLASSIFICATION);
    // "..., just summarise it": the ask after "just" is the whole ask, and "evaluate" is negated
    assertThat(categoryOf("Read this memo. Don't evaluate it, just summarise it.\n\n" + ARTICLE))
        .isEqualTo(TaskCategory.SUMMARIZATION);
  }

  @Test
  void aSummaryOfNothingGivenIsWrittenFromKnowledge() {
    Classification c = classify(ChatRequest.builder().user("Summarize the main arguments for and against nuclear "
        + "power.").build());
    assertThat(c.category()).matches(k -> !cheap(k));
    assertThat(c.signals()).anyMatch(s -> s.name().equals("no-input"));
    // something to summarise: pasted, pointed at, or elsewhere in the conversation
    assertThat(categoryOf("Summarize my notes from the workshop")).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Summarize: the vendor moved the launch to May and cut the price by 10%."))
        .isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(classify(ChatRequest.builder().system("You summarise support tickets.")
        .user("Summarize the customer's problem in one line").build()).signals())
        .noneMatch(s -> s.name().equals("no-input"));
    // a persona that sets no task gives nothing to summarise either
    assertThat(classify(ChatRequest.builder().system("You are a careful historian. Keep answers short.")
        .user("summarise the main causes of the First World War").build()).signals())
        .anyMatch(s -> s.name().equals("no-input"));
    // "our", "my", "that" point at a text only when one is named after them; "IT" is not "it"
    assertThat(categoryOf("Summarise the key lessons of the Challenger disaster for our engineering managers"))
        .matches(k -> !cheap(k));
    assertThat(categoryOf("Summarise the lessons of the Horizon scandal for bodies that buy IT systems"))
        .matches(k -> !cheap(k));
    assertThat(categoryOf("Summarise our meeting in five bullets")).isEqualTo(TaskCategory.SUMMARIZATION);
  }

  @Test
  void aFigureTheSystemPromptAsksOfTheRowsIsArithmetic() {
    Classification totals = classify(ChatRequest.builder()
        .system("Expenses bot. Convert every expense line to GBP at the rates in the message and list the total per person.")
        .user("Rates: 1 EUR = 0.85 GBP\nMarta: taxi 42 EUR, hotel 180 EUR\nJon: dinner 64 EUR, train 38 EUR").build());
    assertThat(totals.category()).isEqualTo(TaskCategory.REASONING);
    assertThat(totals.signals()).anyMatch(s -> s.toString().contains("a figure the system task asks of the input: total"));
    // a field named in a list of keys is read, not computed
    Classification fields = classify(ChatRequest.builder()
        .system("Extract the order details as JSON with keys customer, order_id, subtotal, shipping, total.")
        .user("Order #88213 for Priya Nair\n2 x napkins 9.00\nShipping 4.95\nTotal 13.95").build());
    assertThat(fields.category()).isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void aCodeVerbAfterACheapLabelIsTheHarderAsk() {
    assertThat(categoryOf("Tag this snippet SAFE or UNSAFE and, if UNSAFE, patch it:\n\n"
        + "cursor.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\")")).isEqualTo(TaskCategory.CODE);
  }

  @Test
  void mathsProblemsGoCapableWhateverVerbIsInFront() {
    Classification solve = classify(ChatRequest.builder().user("Extract the answer and solve: a tank fills in 6 hours "
        + "and drains in 9 hours; with both open, when is it full?").build());
    assertThat(solve.category()).isEqualTo(TaskCategory.REASONING);
    assertThat(solve.signals()).anyMatch(s -> s.name().equals("math-problem"));
    assertThat(categoryOf("What is the solution to the system x plus y equals seven and x minus y equals one?"))
        .isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("Classify your answer as one of the letters. A bus carries 42 people and 3 buses are "
        + "full. How many people in all? (a) 45 (b) 126 (c) 84 (d) 132")).isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("Give me the total weight: 4 crates of 12 kg and 3 bags of 5 kg."))
        .matches(c -> !cheap(c));
    assertThat(categoryOf("Identify the word that does not belong: copper, iron, plastic, zinc"))
        .isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("Classify the triangle with sides 5, 12 and 13 as acute, right or obtuse."))
        .isEqualTo(TaskCategory.REASONING);
  }

  @Test
  void lettersAndNumbersThatAreNotAProblemStayCheap() {
    // answer letters over labels, no numbers: a label
    assertThat(categoryOf("Pick the topic of this headline: (a) sport (b) politics (c) business. 'Rovers win cup "
        + "final'")).matches(this::cheap);
    // a legal list with numbers is not a set of answer choices
    assertThat(categoryOf("Extract the deadlines from this clause: 'The supplier shall (a) deliver within 30 days, "
        + "(b) invoice within 10 days and (c) fix defects within 5 days.'")).isEqualTo(TaskCategory.EXTRACTION);
    // the numbers of pasted input are not the problem's
    assertThat(categoryOf("Extract the invoice number and the total from this: 'INV-2291, 3 items, total due 1,240.00 "
        + "EUR, payable by 3 May'")).isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void countingInPastedTextIsALookupButArithmeticIsNot() {
    Classification counted = classify(ChatRequest.builder().user("How many times is 'delay' mentioned in this update?"
        + "\n\nThe delay on line 2 continues; a second delay is expected tomorrow.").build());
    assertThat(counted.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(counted.signals()).anyMatch(s -> s.name().equals("counting"));
    assertThat(categoryOf("How many letters are in the word 'necessary'?")).isEqualTo(TaskCategory.EXTRACTION);
    // quantities of its own, or "in total": a word problem
    assertThat(categoryOf("How many apples are left in total?\n\nI had 12 apples, ate 3 and gave away 4."))
        .isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("How many sheep does the farmer have now? A farmer had 17 sheep, bought 5 and sold 8."))
        .isEqualTo(TaskCategory.REASONING);
  }

  @Test
  void aRatingOnAGivenScaleOfGivenItemsIsALabel() {
    assertThat(categoryOf("Rate the politeness of this reply from 1 to 5: 'Read the manual.'"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(categoryOf("How would you rate this review on a scale of 1-10? 'Decent phone, weak battery.'"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    // a scale over a hypothetical is a judgement
    assertThat(categoryOf("On a scale of 1 to 10, how wise is it to quit my job to travel?")).matches(c -> !cheap(c));
  }

  @Test
  void sortingIntoGivenBinsIsALabelButSortingByAKeyIsNot() {
    assertThat(categoryOf("Sort these expenses into Travel, Food or Office: taxi, stapler, lunch"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(categoryOf("Group the following fruits into citrus and berries: lemon, raspberry, lime"))
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(classify(ChatRequest.builder().user("Sort it by age descending").build()).signals())
        .noneMatch(s -> s.name().equals("leading-verb"));
  }

  @Test
  void negatedWordsAreNotEvidence() {
    assertThat(categoryOf("Don't evaluate the proposal, just give me the gist.\n\nThe analysis proposes a new "
        + "design and a migration plan in three phases.")).isEqualTo(TaskCategory.SUMMARIZATION);
    Classification opinion = classify(ChatRequest.builder().user("I don't want your opinion, just tell me what the "
        + "email says in one sentence: 'Hi, the meeting moves to 3pm. Best, Li'").build());
    assertThat(opinion.category()).matches(this::cheap);
    assertThat(opinion.signals()).noneMatch(s -> s.detail().equals("your opinion"));
    assertThat(categoryOf("Without explaining why, label each statement as fact or opinion: 1. Ice is cold. 2. "
        + "Winter is the best season.")).isEqualTo(TaskCategory.CLASSIFICATION);
    // a statement is not a negated command, and "don't just" asks for more
    assertThat(classify(ChatRequest.builder().user("I don't understand why the build fails.").build()).signals())
        .anyMatch(s -> s.detail().equals("why"));
    assertThat(categoryOf("Don't just summarise it - tell me whether the plan holds up.\n\nWe will double sales "
        + "by hiring two people.")).matches(c -> !cheap(c));
  }

  @Test
  void prosAndConsReportedByATextAreASummaryButAskedForAreATradeOff() {
    assertThat(categoryOf("Summarise the pros and cons mentioned in these reviews:\n- light but fragile\n- cheap, "
        + "slow")).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Reviews:\n1. Quiet, but the battery dies fast.\n2. Great suction, the app is clunky.\n\n"
        + "Give me a short summary of the main pros and cons.")).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("Summarise the pros and cons of renting versus buying for a family of four."))
        .matches(c -> !cheap(c));
    assertThat(categoryOf("List the risks raised in this report: supplier delay, currency swings."))
        .isEqualTo(TaskCategory.EXTRACTION);
    assertThat(categoryOf("Summarise the thread below and highlight any risks we missed.\n\nMia: go-live on the "
        + "3rd\nRaj: that is audit week")).matches(c -> !cheap(c));
    // a field that is named after a judgement noun is a field
    assertThat(categoryOf("What's the liability cap in this clause? 'Liability is capped at the fees paid in the "
        + "previous 12 months.'")).isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void chineseJapaneseAndKoreanAreMatchedInsideRunsWithoutSpaces() {
    assertThat(categoryOf("请把这句话翻译成英文：明天的会议取消了。")).isEqualTo(TaskCategory.TRANSFORMATION);
    assertThat(categoryOf("次の記事を三行で要約してください。\n\n市は来年から新しいバス路線を開通させると発表した。"))
        .isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(categoryOf("这条评论是正面还是负面？“质量很好，物流很快。”")).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(categoryOf("다음 문장을 영어로 번역해 주세요: 회의가 연기되었습니다.")).isEqualTo(TaskCategory.TRANSFORMATION);
    // capable asks in the same scripts stay capable; Latin words glued to Japanese are still words
    assertThat(categoryOf("为什么这个方案更便宜？请详细解释。")).isEqualTo(TaskCategory.REASONING);
    assertThat(categoryOf("Javaでクイックソートを実装してください。")).isEqualTo(TaskCategory.CODE);
    assertThat(classify(ChatRequest.builder().user("请总结").build()).signals())
        .noneMatch(s -> s.name().equals("too-short"));
    // a CJK phrase added by the application is matched the same way
    RuleBasedClassifier tuned = RuleBasedClassifier.builder().addPhrase(TaskCategory.EXTRACTION, "発注番号", 2.0).build();
    assertThat(tuned.classify(ChatRequest.builder().user("このメールの発注番号は？「発注番号A-113で承りました」").build())
        .category()).isEqualTo(TaskCategory.EXTRACTION);
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
