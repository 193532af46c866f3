package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.chat.ChatRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainerTest {
  @TempDir
  Path dir;

  /** "Blorf" is nobody's word: the rules cannot know it, a model trained on these lines learns it. */
  private static final String TINY = """
      {"category": "classification", "prompt": "Blorf this ticket: my invoice is wrong"}
      {"category": "classification", "prompt": "blorf the following message: the app crashes on start"}
      {"category": "classification", "prompt": "Please blorf: refund still not received"}
      {"category": "classification", "prompt": "Blorf these reviews, one word each"}
      {"category": "classification", "prompt": "can you blorf this one for me: great service"}
      {"category": "classification", "prompt": "Blorf it: the parcel never came"}
      {"category": "general", "messages": [{"role": "user", "content": "Zanth about the history of Lisbon"}]}
      {"category": "general", "prompt": "zanth me something about the moon landing"}
      {"category": "general", "prompt": "Zanth on the meaning of friendship"}
      {"category": "general", "prompt": "zanth about volcanoes and their tales"}
      {"category": "general", "prompt": "Zanth freely about the sea"}
      {"category": "general", "prompt": "zanth a little about old trains"}
      """;

  private static final String PROMPT = "blorf: the delivery man left my box in the rain";

  private static Classification classify(RuleBasedClassifier c, String prompt) {
    return c.classify(ChatRequest.builder().user(prompt).build());
  }

  @Test
  void trainingOnATinyFileGivesAModelThatLoadsAndChangesDecisions() throws IOException {
    Path file = dir.resolve("mine.jsonl");
    Files.writeString(file, TINY);
    Path model = dir.resolve("model.bin");

    ModelTrainer.main(new String[] {"--input", file.toString(), "--output", model.toString(), "--base", "none",
        "--bits", "14"});

    RuleBasedClassifier rules = RuleBasedClassifier.builder().withoutModel().build();
    assertThat(classify(rules, PROMPT).category()).isEqualTo(TaskCategory.GENERAL);
    RuleBasedClassifier mine = RuleBasedClassifier.builder().model(model).build();
    Classification c = classify(mine, PROMPT);
    assertThat(c.category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(c.signals()).filteredOn(s -> s.name().equals("model")).extracting(Signal::detail)
        .anyMatch(d -> d.contains("blorf"));
    // and the other way: what it learned as capable stays capable
    assertThat(classify(mine, "zanth: the delivery man left my box in the rain").category())
        .isEqualTo(TaskCategory.GENERAL);
  }

  @Test
  void trainingIsDeterministic() throws IOException {
    List<ModelTrainer.Example> examples = ModelTrainer.parse(TINY, "tiny", 1.0);
    ModelTrainer.Options o = new ModelTrainer.Options(12, 4, 0.2, 1e-6, 7, 0.2, 0.03,
        ModelTrainer.Options.defaults().cheap());
    java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    ModelTrainer.train(examples, o).model().write(a);
    ModelTrainer.train(examples, o).model().write(b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @Test
  void theThresholdKeepsHeldOutCapablePromptsOffTheCheapTier() {
    // trained on cheap lines only, the model calls the held-out capable ones cheap too
    List<ModelTrainer.Example> examples = ModelTrainer.parse(TINY, "tiny", 1.0);
    ModelTrainer.Options strict = new ModelTrainer.Options(12, 4, 0.2, 1e-6, 7, 0.2, 0.0,
        ModelTrainer.Options.defaults().cheap());
    NgramModel allCheap = ModelTrainer.fit(examples.subList(0, 6), strict, 0.5);
    ModelTrainer.Result safe = ModelTrainer.chooseThreshold(allCheap, 6, examples.subList(6, 12), strict);
    assertThat(safe.capableSentCheap()).isZero();
    assertThat(safe.report()).contains("6 held out").contains("rules + model 0 (0.0%)");

    ModelTrainer.Options lax = new ModelTrainer.Options(12, 4, 0.2, 1e-6, 7, 0.2, 1.0,
        ModelTrainer.Options.defaults().cheap());
    ModelTrainer.Result risky = ModelTrainer.chooseThreshold(allCheap, 6, examples.subList(6, 12), lax);
    assertThat(risky.model().threshold()).isEqualTo(0.5).isLessThan(safe.model().threshold());
    assertThat(risky.capableSentCheap()).isEqualTo(6);
  }

  @Test
  void theVetoRowsCountWhatTheVetoOverAnyCheapAnswerWouldDo() {
    // the veto is off by default; the rows say what each value would do all the same
    List<ModelTrainer.Example> examples = ModelTrainer.parse(TINY, "tiny", 1.0);
    ModelTrainer.Options o = new ModelTrainer.Options(12, 4, 0.2, 1e-6, 7, 0.2, 0.03,
        ModelTrainer.Options.defaults().cheap());
    NgramModel zanth = ModelTrainer.fit(examples, o, 0.5);
    List<ModelTrainer.Example> held = ModelTrainer.parse("""
        {"category": "general", "prompt": "Translate, zanth about zanth freely a little: good morning"}
        {"category": "transformation", "prompt": "Translate, zanth a little about zanth, freely: good night"}
        {"category": "general", "prompt": "Zanth about the rivers of Spain"}
        """, "held", 1.0);
    LearnedComponent learned = LearnedComponent.of(zanth, java.util.Set.copyOf(o.cheap()), Double.NaN);
    assertThat(learned.pCheap(held.get(0).request())).isBetween(0.01, 0.02);
    assertThat(learned.pCheap(held.get(1).request())).isBetween(0.01, 0.02);
    String report = ModelTrainer.chooseThreshold(zanth, 12, held, o).report();
    // the rules send both translations cheap: at 0.02 and above the capable one would be kept off and
    // the cheap one lost; below, neither. The rules' general answer is not the veto's to take.
    assertThat(report)
        .contains("veto below 0.030: 1 capable-tier prompts kept off the cheap tier, 1 cheap-eligible lost")
        .contains("veto below 0.020: 1 capable-tier prompts kept off the cheap tier, 1 cheap-eligible lost")
        .contains("veto below 0.010: 0 capable-tier prompts kept off the cheap tier, 0 cheap-eligible lost");
  }

  @Test
  void badLinesAreRefusedWithTheirLineNumber() {
    assertThatThrownBy(() -> ModelTrainer.parse("{\"prompt\": \"hi\"}", "x.jsonl", 1))
        .hasMessageContaining("x.jsonl line 1").hasMessageContaining("category");
    assertThatThrownBy(() -> ModelTrainer.parse("\n{\"category\": \"code\"}", "x.jsonl", 1))
        .hasMessageContaining("line 2").hasMessageContaining("\"prompt\"");
    assertThatThrownBy(() -> ModelTrainer.parse("{\"category\": \"code\", \"prompt\": \"x\", \"weight\": 0}", "x", 1))
        .hasMessageContaining("weight");
    assertThatThrownBy(() -> ModelTrainer.parse("not json", "x.jsonl", 1)).hasMessageContaining("line 1");
    assertThatThrownBy(() -> ModelTrainer.train(List.of(), ModelTrainer.Options.defaults()))
        .hasMessageContaining("no examples");
  }

  @Test
  void theCommandLineSaysWhatItNeeds() {
    assertThatThrownBy(() -> ModelTrainer.main(new String[] {"--input", "x.jsonl"})).hasMessageContaining("usage");
    assertThatThrownBy(() -> ModelTrainer.main(new String[] {"--frobnicate", "1"}))
        .hasMessageContaining("unknown option --frobnicate");
    assertThatThrownBy(() -> ModelTrainer.main(new String[] {"--output"})).hasMessageContaining("needs a value");
  }
}
