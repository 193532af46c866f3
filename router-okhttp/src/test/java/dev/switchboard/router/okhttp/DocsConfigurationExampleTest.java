package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Candidate;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.config.RouterConfig;
import dev.switchboard.router.config.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md's complete example, read from the page itself: {@code fromConfig} loads it
 * (its keys from the made-up OPENAI_API_KEY and ANTHROPIC_API_KEY this module's tests run with)
 * and it explains a request without calling anything. Then a file of the same form routes a real
 * HTTP call, key and all.
 */
class DocsConfigurationExampleTest {
  private static final Pattern EXAMPLE = Pattern.compile(
      "<!-- the complete example: [^>]*-->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);

  @StartStop
  final MockWebServer server = new MockWebServer();

  static String example() throws Exception {
    Path docs = Path.of(System.getProperty("switchboard.fixtures")).resolveSibling("docs");
    Matcher m = EXAMPLE.matcher(Files.readString(docs.resolve("configuration.md")));
    assertThat(m.find()).as("the complete example in docs/configuration.md").isTrue();
    return m.group(1);
  }

  @Test
  void theCompleteExampleLoadsWithFromConfigAndExplains(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("router.yaml");
    Files.writeString(file, example());
    try (RoutingChatClient router = RoutingChatClient.fromConfig(file)) {
      assertThat(router.tiers()).containsExactly("local", "cloud");
      assertThat(router.backends()).extracting(b -> b.name() + "@" + b.tier())
          .containsExactly("ollama@local", "gpt@cloud", "claude@cloud");
      assertThat(router.tierFor(TaskCategory.SUMMARIZATION)).isEqualTo("cloud");
      assertThat(router.tierFor(TaskCategory.of("legal-review"))).isEqualTo("cloud");

      RoutingDecision d = router.explain(ChatRequest.builder()
          .user("Extract the claim number from this email: Dear Sir, regarding claim number CX-2231, ...").build());
      System.out.println(d.why());
      assertThat(d.category()).isEqualTo(TaskCategory.EXTRACTION);
      assertThat(d.tier()).isEqualTo("local");
      assertThat(d.candidates()).extracting(Candidate::backend).containsExactly("ollama", "gpt", "claude");

      RoutingDecision contracts = router.explain(ChatRequest.builder().service("contracts")
          .user("Extract the dates: 3 May, 4 June").build());
      assertThat(contracts.tier()).isEqualTo("cloud");
      assertThat(contracts.why()).contains("rule service=contracts -> tier cloud");
      assertThat(router.explain(ChatRequest.builder().user("Check the indemnity clause of this contract").build())
          .category()).isEqualTo(TaskCategory.of("legal-review"));
    }
    // the journal, relative to the file, was opened there
    assertThat(dir.resolve("budget.journal")).exists();
  }

  @Test
  void aFileRoutesARealCallWithItsKeyItsModelAndItsHeaders() throws Exception {
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    RouterConfig config = RouterConfig.loader()
        .environment(Map.of("LOCAL_URL", server.url("/v1").toString(), "LOCAL_KEY", "sk-local-test"))
        .parse("""
            tiers: [local]
            backends:
              vllm:
                base-url: ${LOCAL_URL}
                api-key: ${LOCAL_KEY}
                model: qwen2.5-7b-instruct
                tier: local
                headers: {X-Team: search}
                timeouts: {connect: 2s, call: 30s}
                stream-usage: false
            """);
    Section vllm = config.root().map("backends", Section.class).get("vllm");
    assertThat(vllm.string("api-key")).contains("sk-local-test");

    ChatResponse r = RoutingChatClient.builder().config(config).build()
        .chat(ChatRequest.builder().user("Extract the dates: 3 May").build());
    assertThat(r.route().backend()).isEqualTo("vllm");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-local-test");
    assertThat(sent.getHeaders().get("X-Team")).isEqualTo("search");
    assertThat(sent.getBody().utf8()).contains("\"model\":\"qwen2.5-7b-instruct\"");
  }
}
