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
    StringBuilder lines = new StringBuilder();
    for (String p : new String[] {"Tell me about Lisbon", "why is the sky blue", "write a poem about rain",
        "implement quicksort in Java", "prove that there are infinitely many primes", "hello there"}) {
      lines.append("{\"category\": \"classification\", \"prompt\": \"").append(p).append("\"}\n");
    }
    Path file = dir.resolve("cheap.jsonl");
    Files.writeString(file, lines);
    Path model = dir.resolve("cheap.bin");
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
  void theRulesCapableEvidenceIsAVetoTheModelNeverOverrules() throws IOException {
    RuleBasedClassifier c = RuleBasedClassifier.builder().model(everythingIsCheap()).build();
    // no evidence at all: the model decides
    assertThat(classify(c, user("Tell me about Lisbon")).category()).isIn(RoutingChatClient.DEFAULT_CHEAP);
    // capable evidence of the rules: the model is not even consulted
    Classification why = classify(c, user("Why is the sky blue?"));
    assertThat(why.category()).isEqualTo(TaskCategory.REASONING);
    assertThat(why.signals()).extracting(Signal::name).doesNotContain("model");
    Classification proof = classify(c, user("Prove that there are infinitely many primes."));
    assertThat(proof.category()).isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    // general evidence counts too: a request with tools
    ChatRequest withTools = ChatRequest.fromJson("""
        {"messages": [{"role": "user", "content": "Tell me about Lisbon"}],
         "tools": [{"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}]}""");
    assertThat(classify(c, withTools).category()).isEqualTo(TaskCategory.GENERAL);
    // a cheap category the application moved to the capable tier is never the model's answer
    RuleBasedClassifier narrow = RuleBasedClassifier.builder().model(everythingIsCheap())
        .cheapCategories(java.util.Set.of(TaskCategory.SUMMARIZATION)).build();
    assertThat(classify(narrow, user("Tell me about Lisbon")).category()).isEqualTo(TaskCategory.GENERAL);
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
