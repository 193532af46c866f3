package dev.switchboard.router.classify;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learned component of the default classifier, through the public API. */
class LearnedComponentTest {
  @TempDir
  Path dir;

  private static Classification classify(Classifier c, ChatRequest r) {
    return c.classify(r);
  }

  private static ChatRequest user(String text) {
    return ChatRequest.builder().user(text).build();
  }

  /** A model trained to believe that everything is cheap: the worst case for the veto. */
  private Path everythingIsCheap() throws IOException {
    return trained("cheap", Map.of("classification", List.of("Tell me about Lisbon", "why is the sky blue",
        "write a poem about rain", "implement quicksort in Java", "prove that there are infinitely many primes",
        "hello there")));
  }

  /** A model trained by the trainer on {@code prompts} of each category, alone. */
  private Path trained(String name, Map<String, List<String>> prompts) throws IOException {
    StringBuilder lines = new StringBuilder();
    prompts.forEach((category, texts) -> texts.forEach(p -> lines.append("{\"category\": \"").append(category)
        .append("\", \"prompt\": \"").append(p).append("\"}\n")));
    Path file = dir.resolve(name + ".jsonl");
    Files.writeString(file, lines);
    Path model = dir.resolve(name + ".bin");
    ModelTrainer.main(new String[] {"--input", file.toString(), "--output", model.toString(), "--base", "none",
        "--bits", "12"});
    return model;
  }

  @Test
  void theShippedModelMovesAnUnsureAnswerToACheapCategoryAndSaysWhy() {
    ChatRequest r = user("Rate the toxicity of this comment: 'you are an idiot'");
    Classification rulesOnly = classify(RuleBasedClassifier.builder().withoutModel().build(), r);
    assertThat(rulesOnly.category()).isEqualTo(TaskCategory.GENERAL);

    Classification c = classify(RuleBasedClassifier.withDefaults(), r);
    assertThat(c.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(c.signals()).filteredOn(s -> s.name().equals("model")).hasSizeGreaterThanOrEqualTo(2)
        .allMatch(s -> s.category().equals(TaskCategory.CLASSIFICATION));
    assertThat(c.signals()).extracting(Signal::detail).anyMatch(d -> d.startsWith("p(cheap) "))
        .anyMatch(d -> d.contains("toxicity") || d.contains("rate"));
    assertThat(c.confidence()).isBetween(0.5, 1.0);
  }

  @Test
  void whenTheModelIsNotSureTheAnswerStaysGeneralAndTheSignalsSaySo() {
    Classification c = classify(RuleBasedClassifier.withDefaults(), user("Tell me about Lisbon"));
    assertThat(c.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(c.signals()).filteredOn(s -> s.name().equals("model")).isNotEmpty()
        .allMatch(s -> s.category().equals(TaskCategory.GENERAL));
  }

  @Test
  void aNearlySureModelOverrulesACapableLeanThatRestsOnWordsAlone() throws IOException {
    // this tiny model gives "why" 0.90 or a hair under: the overrule is set a little lower for it
    RuleBasedClassifier c = RuleBasedClassifier.builder().model(everythingIsCheap()).modelOverrule(0.85).build();
    // "why" is a word cue for reasoning: the rules lean capable on it alone, and the model is sure
    ChatRequest why = user("Why is the sky blue?");
    Classification rulesOnly = classify(RuleBasedClassifier.builder().withoutModel().build(), why);
    assertThat(rulesOnly.category()).isEqualTo(TaskCategory.REASONING);
    Classification overruled = classify(c, why);
    assertThat(overruled.category()).isIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(overruled.signals()).filteredOn(s -> s.name().equals("model")).first()
        .satisfies(s -> assertThat(s.detail()).endsWith(">= 0.85: overrules the rules' word cues"));
    // the shipped model: "bug" and "question" are words of code and of reasoning, and the model knows the ask
    ChatRequest label = user("Is this GitHub issue a bug, a feature request or a question? One word.\n\n"
        + "Title: App crashes when I rotate the phone on the settings screen");
    assertThat(classify(RuleBasedClassifier.builder().withoutModel().build(), label).category())
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    Classification shipped = classify(RuleBasedClassifier.withDefaults(), label);
    assertThat(shipped.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(shipped.signals()).extracting(Signal::detail).anyMatch(d -> d.endsWith(": overrules the rules' word cues"));
    // switched off in code and in a configuration, and never below the model's own threshold
    assertThat(classify(RuleBasedClassifier.builder().model(everythingIsCheap()).modelOverrule(1).build(), why)
        .category()).isEqualTo(TaskCategory.REASONING);
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model", everythingIsCheap().toString(),
        "model-overrule", "1")), why).category()).isEqualTo(TaskCategory.REASONING);
    assertThat(classify(RuleBasedClassifier.builder().model(everythingIsCheap()).modelOverrule(0.5).modelThreshold(1)
        .build(), why).category()).isEqualTo(TaskCategory.REASONING);
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelOverrule(0)).hasMessageContaining("modelOverrule");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelOverrule(1.1)).hasMessageContaining("modelOverrule");
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("model-overrule", "x")))
        .hasMessageContaining("model-overrule");
  }

  @Test
  void aModelThatIsNotNearlySureLeavesTheWordCuesAndSaysItWasAsked() throws IOException {
    // the shipped model does not take a question about a theory for cheap work
    Classification c = classify(RuleBasedClassifier.withDefaults(), user("Why did the Roman Republic fall?"));
    assertThat(c.category()).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(c.signals()).filteredOn(s -> s.name().equals("model")).singleElement()
        .satisfies(s -> assertThat(s.detail()).endsWith(": the rules' word cues stand"));
  }

  @Test
  void whatTheRulesFoundBeyondSingleWordsIsAVetoTheModelNeverOverrules() throws IOException {
    RuleBasedClassifier c = RuleBasedClassifier.builder().model(everythingIsCheap()).build();
    // a computation the rules found in the request's shape: the model is not even consulted
    Classification sum = classify(c, user("What is the total of these invoices?\n\nINV-1 120.50\nINV-2 80.25\n"
        + "INV-3 99.99"));
    assertThat(sum.category()).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(sum.signals()).extracting(Signal::name).contains("math-problem").doesNotContain("model");
    // a judgement asked for as a recommendation ("any risks we missed") outweighs a cheap verb
    Classification risks = classify(c, user("Summarise the thread below and highlight any risks we missed.\n\n"
        + "Mia: go-live on the 3rd\nRaj: that is audit week"));
    assertThat(risks.category()).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(risks.signals()).extracting(Signal::name).doesNotContain("model");
    // general evidence counts too: a request with tools
    ChatRequest withTools = ChatRequest.fromJson("""
        {"messages": [{"role": "user", "content": "Tell me about Lisbon"}],
         "tools": [{"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}]}""");
    assertThat(classify(c, withTools).category()).isEqualTo(TaskCategory.GENERAL);
    // a phrase or verb the application added is its own rule, never overruled
    RuleBasedClassifier own = RuleBasedClassifier.builder().model(everythingIsCheap())
        .addPhrase(TaskCategory.REASONING, "sky", Vocabulary.STRONG).addLeadingVerb("tell", TaskCategory.REASONING)
        .build();
    assertThat(classify(own, user("Is the sky blue?")).category()).isEqualTo(TaskCategory.REASONING);
    assertThat(classify(own, user("Tell me about Lisbon")).category()).isEqualTo(TaskCategory.REASONING);
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model", everythingIsCheap().toString(),
        "phrases.reasoning.add", "sky")), user("Is the sky blue?")).category()).isEqualTo(TaskCategory.REASONING);
    // a cheap category the application moved to the capable tier is never the model's answer
    RuleBasedClassifier narrow = RuleBasedClassifier.builder().model(everythingIsCheap())
        .cheapCategories(java.util.Set.of(TaskCategory.SUMMARIZATION)).build();
    assertThat(classify(narrow, user("Tell me about Lisbon")).category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(classify(narrow, user("Why is the sky blue?")).category()).isEqualTo(TaskCategory.REASONING);
  }

  /** A model trained to believe that questions about offers are capable work. */
  private Path questionsAreCapable() throws IOException {
    return trained("capable", new java.util.TreeMap<>(Map.of(
        "reasoning", List.of("Which of the two offers comes without a setup fee?", "which offer is better",
            "which of these offers", "which one comes without a fee", "Which of the two is it?"),
        "transformation", List.of("translate this to german", "fix the spelling", "convert to csv", "tl;dr",
            "sentiment please"))));
  }

  private static final ChatRequest QUESTION = user("Which of the two offers comes without a setup fee?\n\n"
      + "Offer from Lumo: the phone for 18 pounds a month over two years, no setup fee.\n"
      + "Offer from Vela: the phone for 12 pounds a month over two years and a setup fee of 150 pounds.");

  @Test
  void theModelVetoesACheapAnswerThatRestsOnAQuestionAboutTheTextAlone() throws IOException {
    Classification rulesOnly = classify(RuleBasedClassifier.builder().withoutModel().build(), QUESTION);
    assertThat(rulesOnly.category()).isIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(rulesOnly.signals()).extracting(Signal::name).contains("question-about-text")
        .doesNotContain("leading-verb");

    Path capable = questionsAreCapable();
    Classification vetoed = classify(RuleBasedClassifier.builder().model(capable).build(), QUESTION);
    assertThat(vetoed.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(vetoed.signals()).filteredOn(s -> s.name().equals("model")).isNotEmpty()
        .allMatch(s -> s.category().equals(TaskCategory.GENERAL))
        .anyMatch(s -> s.detail().contains("< 0.05: a question about the text the model takes for capable work"));
    // the same question with a leading verb in front: the verb is evidence enough, the model is not asked
    Classification commanded = classify(RuleBasedClassifier.builder().model(capable).build(),
        user("Extract the monthly price of each offer.\n\nOffer from Lumo: 18 pounds a month, no setup fee.\n"
            + "Offer from Vela: 12 pounds a month and a setup fee of 150 pounds."));
    assertThat(commanded.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(commanded.signals()).extracting(Signal::name).doesNotContain("model");
    // switched off, in code and in a configuration (with the veto over any cheap answer, which this
    // model, sure the question is capable work, would use too)
    assertThat(classify(RuleBasedClassifier.builder().model(capable).modelVeto(0).modelVetoAny(0).build(), QUESTION)
        .category()).isEqualTo(rulesOnly.category());
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model", capable.toString(), "model-veto", "0",
        "model-veto-any", "0")), QUESTION).category()).isEqualTo(rulesOnly.category());
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelVeto(1)).hasMessageContaining("modelVeto");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelVeto(-0.1)).hasMessageContaining("modelVeto");
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("model-veto", "x"))).hasMessageContaining("model-veto");
  }

  private static final ChatRequest GYMS = user("Classify these three gym memberships as best, ok or worst value for "
      + "someone who trains four times a week.\n\nA: 25 a month, no joining fee\nB: 6 per visit\n"
      + "C: 240 a year plus 30 joining fee");

  @Test
  void askedForTheShippedModelVetoesAnyCheapAnswerItIsAllButCertainIsCapableWork() {
    // a verb the rules trust, over a comparison of costs: the rules say classification, and so does the
    // default classifier, where this veto is off
    assertThat(classify(RuleBasedClassifier.builder().withoutModel().build(), GYMS).category())
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(classify(RuleBasedClassifier.withDefaults(), GYMS).category()).isEqualTo(TaskCategory.CLASSIFICATION);
    RuleBasedClassifier vetoing = RuleBasedClassifier.builder().modelVetoAny(0.01).build();
    Classification vetoed = classify(vetoing, GYMS);
    assertThat(vetoed.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(vetoed.signals()).filteredOn(s -> s.name().equals("model")).first()
        .satisfies(s -> assertThat(s.detail()).matches("p\\(cheap\\) 0\\.00\\d < 0\\.010: the model is all but certain "
            + "this is capable work"));
    assertThat(classify(vetoing, user("Summarise whether I should accept this job offer or "
        + "negotiate.\n\nSalary 52k, 25 days holiday, hybrid two days a week, 6 month probation.")).category())
        .isEqualTo(TaskCategory.GENERAL);
    // the usual cheap answer: the model agrees enough and adds nothing
    Classification usual = classify(vetoing,
        user("Translate to German: \"Your order has shipped and will arrive on Friday.\""));
    assertThat(usual.category()).isEqualTo(TaskCategory.TRANSFORMATION);
    assertThat(usual.signals()).extracting(Signal::name).doesNotContain("model");
    // from a configuration, and off again
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model-veto-any", "0.01")), GYMS).category())
        .isEqualTo(TaskCategory.GENERAL);
    assertThat(classify(RuleBasedClassifier.builder().modelVetoAny(0.01).modelVetoAny(0).build(), GYMS).category())
        .isEqualTo(TaskCategory.CLASSIFICATION);
    // a verb the application added is its own rule, never vetoed
    assertThat(classify(RuleBasedClassifier.builder().modelVetoAny(0.01)
        .addLeadingVerb("classify", TaskCategory.CLASSIFICATION).build(), GYMS).category())
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelVetoAny(1)).hasMessageContaining("modelVetoAny");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelVetoAny(-0.1)).hasMessageContaining("modelVetoAny");
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("model-veto-any", "1")))
        .hasMessageContaining("model-veto-any");
  }

  @Test
  void aModelThatTakesTheQuestionForCheapWorkLeavesTheAnswerAndSaysItWasAsked() throws IOException {
    Classification kept = classify(RuleBasedClassifier.builder().model(everythingIsCheap()).build(), QUESTION);
    assertThat(kept.category()).isIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(kept.signals()).filteredOn(s -> s.name().equals("model")).singleElement()
        .satisfies(s -> assertThat(s.detail()).endsWith(">= 0.05: no veto"));
  }

  @Test
  void theShippedModelVetoesAComparisonAskedAsAQuestion() {
    Classification c = classify(RuleBasedClassifier.withDefaults(), user("My landlord offers two renewals. "
        + "Which one leaves me better off after three years?\n\nOption 1: rent stays at 1,150 a month for three years.\n"
        + "Option 2: 1,080 a month in year one, rising 6% each year after that."));
    assertThat(c.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(c.signals()).extracting(Signal::name).contains("question-about-text", "model");
  }

  /** A residents' notice of some 800 characters: pasted material with no ask in it. */
  private static final String NOTICE = """
      Dear residents of Harbour View, blocks A to C,

      As announced at the residents' meeting in September, the lifts in all three blocks will be
      replaced this winter. Work in block A starts on Monday 12 January and takes about three weeks;
      block B follows on 2 February and block C on 23 February. During the works the stairs stay open
      and a porter will help with shopping and prams between 8:00 and 18:00 on weekdays. Residents who
      cannot use the stairs can ask for a temporary flat in block D, free of charge, by calling the
      estate office on 0161 555 0192 before 20 December. Parking bays 1 to 6 will hold the contractor's
      containers for the whole period.

      Kind regards, Mara Lindqvist, estate manager""";

  private static double pCheap(String modelText) throws IOException {
    try (var in = LearnedComponent.class.getResourceAsStream(LearnedComponent.RESOURCE)) {
      double[] p = NgramModel.read(in).probabilities(modelText);
      return 1 - p[p.length - 1];
    }
  }

  @Test
  void aShortAskAfterALongTextIsReadAloneTooAndTheCheaperReadingCounts() throws IOException {
    RuleBasedClassifier rulesOnly = RuleBasedClassifier.builder().withoutModel().build();
    for (String ask : List.of("my mum is in block B, can you pull out the dates and the phone number for her",
        "tl;dr for the family group chat pls", "put this in simple words for my grandad, same info")) {
      ChatRequest r = user(NOTICE + "\n\n" + ask);
      assertThat(classify(rulesOnly, r).category()).isEqualTo(TaskCategory.GENERAL);
      // read with the notice's start, the ask does not lean cheap enough; read alone, it does
      assertThat(pCheap(LearnedComponent.modelText(r))).isLessThan(0.66);
      assertThat(pCheap(ask)).isGreaterThanOrEqualTo(0.66);
      Classification c = classify(RuleBasedClassifier.withDefaults(), r);
      assertThat(c.category()).as(ask).isIn(RoutingChatClient.DEFAULT_CHEAP);
      assertThat(c.signals()).filteredOn(s -> s.name().equals("model")).first()
          .satisfies(s -> assertThat(s.detail()).contains("on the closing paragraph >= 0.66"));
    }
  }

  @Test
  void aClosingAskThatNeedsTheCapableTierStaysThere() {
    for (String ask : List.of("is it worth asking for the flat in block D or should we stay with my sister? we have a baby",
        "how many weeks in total will the lifts be out across all three blocks?",
        "write a short reply to Mara asking for a ground floor flat because of my knee")) {
      Classification c = classify(RuleBasedClassifier.withDefaults(), user(NOTICE + "\n\n" + ask));
      assertThat(c.category()).as(ask).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    }
  }

  @Test
  void theClosingParagraphIsAShortOneAfterABlankLineAndALongText() {
    String ask = "just the dates please";
    assertThat(LearnedComponent.closingParagraph(NOTICE + "\n\n" + ask)).isEqualTo(NOTICE.length() + 2);
    // a blank line of spaces counts, white space around the paragraph does not
    assertThat(LearnedComponent.closingParagraph(NOTICE + "\n  \t\n   " + ask + "\n\n "))
        .isEqualTo(NOTICE.length() + 8);
    // too little before it: the whole turn is read as it is
    assertThat(LearnedComponent.closingParagraph("Short note from Mara.\n\n" + ask)).isEqualTo(-1);
    // a line break alone does not end a paragraph: the notice's signature and the ask are one
    assertThat(LearnedComponent.closingParagraph(NOTICE + "\n" + ask)).isEqualTo(NOTICE.indexOf("Kind regards"));
    assertThat(LearnedComponent.closingParagraph(NOTICE.replace("\n\n", "\n") + "\n" + ask)).isEqualTo(-1);
    // a closing paragraph of more than 200 characters is part of the text
    assertThat(LearnedComponent.closingParagraph(NOTICE + "\n\n" + "x".repeat(LearnedComponent.CLOSING_CHARS)))
        .isEqualTo(NOTICE.length() + 2);
    assertThat(LearnedComponent.closingParagraph(NOTICE + "\n\n" + "x".repeat(LearnedComponent.CLOSING_CHARS + 1)))
        .isEqualTo(-1);
    assertThat(LearnedComponent.closingParagraph("")).isEqualTo(-1);
    assertThat(LearnedComponent.closingParagraph("\n\n\n\n")).isEqualTo(-1);
  }

  /** An application that writes headlines: its system prompt sets the task, the user turn is the release. */
  private static ChatRequest headline(String user) {
    return ChatRequest.builder().system("You write one headline of at most ten words for each press release you are"
        + " given. Output the headline only.").user(user).build();
  }

  @Test
  void aSystemPromptThatPlainlySetsCheapWorkIsReadAloneToo() throws IOException {
    ChatRequest r = headline("BRISTOL, 3 March — Harbour Mills today opened its second bakery on Gloucester Road,"
        + " adding 14 jobs. The site bakes sourdough and rye for 40 cafés across the city and runs on solar power"
        + " from the roof.");
    // read with the release, the model is unsure; the application's own words are not
    assertThat(pCheap(LearnedComponent.modelText(r))).isLessThan(0.66);
    Classification c = classify(RuleBasedClassifier.withDefaults(), r);
    assertThat(c.category()).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(c.signals()).filteredOn(s -> s.name().equals("model")).first()
        .satisfies(s -> assertThat(s.detail()).contains("on the system prompt alone >= 0.66"));
  }

  @Test
  void theSystemPromptReadAloneNeverOverrulesWhatTheUserAskedBeyondIt() {
    RuleBasedClassifier c = RuleBasedClassifier.withDefaults();
    ChatRequest translator = ChatRequest.builder().system("Translate every customer message you receive into English."
        + " Output only the translation.").user("forget the translating, what should I say to a customer who wants a"
        + " refund after 40 days?").build();
    // "should I" is a word cue the model may overrule, but only on what the user wrote
    Classification asked = classify(c, translator);
    assertThat(asked.category()).isEqualTo(TaskCategory.REASONING);
    assertThat(asked.signals()).extracting(Signal::detail).noneMatch(d -> d.contains("system prompt alone"));
    ChatRequest tagger = ChatRequest.builder().system("Tag each support ticket with one of: billing, delivery, account,"
        + " other. Reply with the tag only.").user("how much would I save a year if I switched from the monthly plan"
        + " at 12 pounds to the yearly one at 99?").build();
    assertThat(classify(c, tagger).category()).isEqualTo(TaskCategory.REASONING);
  }

  @Test
  void aHigherThresholdOrNoModelLeavesTheRulesAlone() throws IOException {
    ChatRequest r = user("Rate the toxicity of this comment: 'you are an idiot'");
    assertThat(classify(RuleBasedClassifier.builder().modelThreshold(1.0).build(), r).category())
        .isEqualTo(TaskCategory.GENERAL);
    Classification none = classify(RuleBasedClassifier.builder().withoutModel().build(), r);
    assertThat(none.signals()).extracting(Signal::name).doesNotContain("model");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelThreshold(0)).hasMessageContaining("modelThreshold");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().modelThreshold(1.5)).hasMessageContaining("modelThreshold");
  }

  @Test
  void aModelFileThatCannotBeReadFailsAtBuildNamingTheFile() throws IOException {
    Path missing = dir.resolve("nope.bin");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().model(missing))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.bin");
    Path garbage = dir.resolve("garbage.bin");
    Files.writeString(garbage, "this is not a model");
    assertThatThrownBy(() -> RuleBasedClassifier.builder().model(garbage))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage.bin");
  }

  @Test
  void theModelIsChosenFromAConfigurationFileToo() throws IOException {
    ChatRequest r = user("Rate the toxicity of this comment: 'you are an idiot'");
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model", "none")), r).signals())
        .extracting(Signal::name).doesNotContain("model");
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model", "default")), r).category())
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model-threshold", "1.0")), r).category())
        .isEqualTo(TaskCategory.GENERAL);
    Path cheap = everythingIsCheap();
    assertThat(classify(RuleBasedClassifier.fromConfig(Map.of("model", cheap.toString())), user("Tell me about Lisbon"))
        .category()).isIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("model-threshold", "2")))
        .hasMessageContaining("model-threshold");
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("model", dir.resolve("x.bin").toString())))
        .hasMessageContaining("x.bin");
  }

  @Test
  void explainShowsTheModelsReason() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(Backend.builder("ollama").client(dev.switchboard.router.testing.FakeChatClient.replying("ollama", "ok"))
            .tier("local").build())
        .backend(Backend.builder("openai").client(dev.switchboard.router.testing.FakeChatClient.replying("openai", "ok"))
            .tier("cloud").build())
        .build();
    RoutingDecision d = router.explain(user("Rate the toxicity of this comment: 'you are an idiot'"));
    assertThat(d.tier()).isEqualTo("local");
    assertThat(d.why()).contains("category classification").contains("model '");
  }
}
