package dev.switchboard.router.classify;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.testing.FakeChatClient;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The snippets of docs/classifier.md, kept compiling and passing. */
class DocsClassifierExampleTest {

  private static RoutingChatClient.Builder routerWith(Classifier classifier) {
    return RoutingChatClient.builder()
        .tiers("local", "cloud")
        .classifier(classifier)
        .backend(Backend.builder("ollama").client(FakeChatClient.replying("ollama", "ok")).tier("local").build())
        .backend(Backend.builder("openai").client(FakeChatClient.replying("openai", "ok")).tier("cloud").build());
  }

  @Test
  void explainSaysWhy() {
    RoutingChatClient router = routerWith(RuleBasedClassifier.withDefaults()).build();

    RoutingDecision d = router.explain(ChatRequest.builder()
        .user("Summarise this incident report in three bullet points.\n\n" + "The API gateway returned 502s. ".repeat(60))
        .build());
    System.out.println(d.why());
    System.out.println(d.signals());
    assertThat(d.category()).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(d.tier()).isEqualTo("local");
    assertThat(d.signals()).extracting(Signal::name).contains("leading-verb", "instruction-over-document");

    RoutingDecision hard = router.explain(ChatRequest.builder()
        .user("A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?")
        .build());
    System.out.println(hard.why());
    System.out.println(hard.signals());
    assertThat(hard.tier()).isEqualTo("cloud");
  }

  @Test
  void tuneWithTheBuilder() {
    RuleBasedClassifier classifier = RuleBasedClassifier.builder()
        .addPhrase(TaskCategory.EXTRACTION, "claim number", 2.0)   // your domain's words
        .addLeadingVerb("tabulate", TaskCategory.TRANSFORMATION)
        .removePhrase(TaskCategory.CODE, "git")                      // "git" is a person's name here
        .minConfidence(0.5)                                          // stricter: more goes to general
        .build();

    assertThat(classifier.classify(ChatRequest.builder().user("What is the claim number in this letter? "
        + "Dear Sir, regarding claim number CX-2231 ...").build()).category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(classifier.classify(ChatRequest.builder().user("Tabulate these results: Anna 12 points, Ben 9 points, Cara 15 points").build())
        .category()).isEqualTo(TaskCategory.TRANSFORMATION);
    assertThat(RuleBasedClassifier.builder().withoutModel().build().classify(ChatRequest.builder()
        .user("Tabulate these results: Anna 12 points, Ben 9 points, Cara 15 points").build()).category()).isNotEqualTo(TaskCategory.TRANSFORMATION);
  }

  @Test
  void tuneFromAPropertiesFile() throws IOException {
    String file = """
        switchboard.classifier.min-confidence = 0.5
        switchboard.classifier.phrases.extraction.add = claim number, policy number
        switchboard.classifier.phrases.code.remove = git
        switchboard.classifier.verbs.transformation.add = tabulate
        switchboard.routes.summarization = cloud
        """;
    Properties props = new Properties();
    props.load(new StringReader(file));

    Map<String, String> classifierSettings = new TreeMap<>();
    Map<String, String> routes = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith("switchboard.classifier.")) {
        classifierSettings.put(key.substring("switchboard.classifier.".length()), props.getProperty(key));
      } else if (key.startsWith("switchboard.routes.")) {
        routes.put(key.substring("switchboard.routes.".length()), props.getProperty(key));
      }
    }
    RoutingChatClient.Builder builder = routerWith(RuleBasedClassifier.fromConfig(classifierSettings));
    routes.forEach((category, tier) -> builder.route(TaskCategory.of(category), tier));
    RoutingChatClient router = builder.build();

    assertThat(router.tierFor(TaskCategory.SUMMARIZATION)).isEqualTo("cloud");
    assertThat(router.explain(ChatRequest.builder().user("Tabulate these results: Anna 12 points, Ben 9 points, Cara 15 points").build()).tier())
        .isEqualTo("local");

    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("min-confidance", "0.5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-confidance");
  }

  @Test
  void theApplicationKnowsBest() {
    RoutingChatClient router = routerWith(RuleBasedClassifier.withDefaults()).build();
    RoutingDecision d = router.explain(ChatRequest.builder()
        .user("Why is the sky blue? Answer in one word: the scattering law's name.")
        .categoryHint(TaskCategory.EXTRACTION)       // this endpoint only ever extracts
        .build());
    System.out.println(d.why());
    assertThat(d.tier()).isEqualTo("local");
    assertThat(d.why()).contains("from the application's hint");

    RoutingDecision pinned = router.explain(ChatRequest.builder().user("Extract the date: 3 May").tierHint("cloud").build());
    assertThat(pinned.tier()).isEqualTo("cloud");
    assertThat(pinned.why()).contains("hint");
  }

  @Test
  void claimsMadeInTheDoc() {
    Classifier c = RuleBasedClassifier.withDefaults();
    for (String p : new String[] {"Tell me about Lisbon", "Prove that there are infinitely many primes.",
        "Summarise the trade-offs and recommend one architecture for our event pipeline.",
        "Summarise this project plan: phase 1 discovery, phase 2 build, phase 3 rollout.",
        "List every flaw in this proof and fix them", "Extract the steps of this argument and check each one.",
        "Pull out every assumption in this plan and tell me which one breaks first."}) {
      Classification r = c.classify(ChatRequest.builder().user(p).build());
      System.out.println(r.category() + " <- " + p + " " + r.signals());
    }
    assertThat(c.classify(ChatRequest.builder().user("Tell me about Lisbon").build()).category())
        .isEqualTo(TaskCategory.GENERAL);
    assertThat(c.classify(ChatRequest.builder()
        .user("Summarise the trade-offs and recommend one architecture for our event pipeline.").build()).category())
        .isNotIn(RoutingChatClient.DEFAULT_CHEAP);
    assertThat(c.classify(ChatRequest.builder()
        .user("Summarise this project plan: phase 1 discovery, phase 2 build, phase 3 rollout.").build()).category())
        .isEqualTo(TaskCategory.SUMMARIZATION);
  }

  @Test
  void wrappingTheDefault() {
    Classifier rules = RuleBasedClassifier.withDefaults();
    Classifier mine = request -> request.hasTools() && request.lastUserMessage().isEmpty()
        ? new Classification(TaskCategory.GENERAL, 0.9, java.util.List.of(new Signal("tool-loop", TaskCategory.GENERAL, 1, "")), false)
        : rules.classify(request);
    assertThat(mine.classify(ChatRequest.builder().user("Translate to German: good morning").build()).category())
        .isEqualTo(TaskCategory.TRANSFORMATION);
  }
}
