package dev.switchboard.examples.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Candidate;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.config.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init over servers posing as Ollama, vLLM with a LoRA module and llama.cpp's server (the recorded listings). */
class InitTest {
  @StartStop
  final MockWebServer ollama = new MockWebServer();
  @StartStop
  final MockWebServer vllm = new MockWebServer();
  @StartStop
  final MockWebServer llamacpp = new MockWebServer();
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  static String fixture(String name) throws IOException {
    Path root = Path.of(System.getProperty("switchboard.fixtures", "../fixtures"));
    return Files.readString(root.resolve(name));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private List<Init.Target> targets() throws IOException {
    ollama.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build()); // /v1/models
    ollama.enqueue(json(fixture("ollama/api_tags.response.json")));
    vllm.enqueue(json(fixture("vllm/v1_models_with_lora.normalized.json")));
    llamacpp.enqueue(json(fixture("llamacpp_recorded/v1_models.response.json")));
    return List.of(new Init.Target("ollama", ollama.url("/").toString()),
        new Init.Target("vllm", vllm.url("/v1").toString()),
        new Init.Target("llamacpp", llamacpp.url("/v1").toString()));
  }

  private int run(List<Init.Target> targets, Map<String, String> env, String... args) {
    return Init.run(args, targets, env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void findsTheLocalServersTheirModelsAndAdaptersAndTheKeysAndWritesReferencesNeverKeys() throws IOException {
    int status = run(targets(), Map.of("OPENAI_API_KEY", "sk-live-secret-123", "GROQ_API_KEY", "gsk-secret-456",
        "UNRELATED", "x"));

    assertThat(status).isZero();
    String config = Files.readString(dir.resolve("router.yaml"));
    assertThat(config)
        .contains("tiers: [local, hosted, frontier]")
        .contains("provider: ollama", "model: gemma4")
        .contains("provider: vllm", "model: meta-llama/Llama-2-7b-hf", "adapters: [sql-lora]")
        .contains("provider: llamacpp", "model: tiny-random-llama")
        .contains("api-key: ${OPENAI_API_KEY}", "api-key: ${GROQ_API_KEY}")
        .contains("downgrade-to-tier: local")
        .doesNotContain("sk-live-secret-123", "gsk-secret-456");
    assertThat(config).contains("base-url: \"" + ollama.url("/v1").toString().replaceAll("/$", "") + "\"");
    // What init wrote loads as it is and routes: extraction to the local tier, cheapest first.
    RoutingChatClient router = RoutingChatClient.builder().config(RouterConfig.loader()
        .environment(Map.of("OPENAI_API_KEY", "sk-live-secret-123", "GROQ_API_KEY", "gsk-secret-456"))
        .load(dir.resolve("router.yaml"))).build();
    RoutingDecision d = router.explain(ChatRequest.builder().user("Extract the invoice number from: INV-2291, due 3 May")
        .build());
    assertThat(d.tier()).isEqualTo("local");
    assertThat(d.candidates()).extracting(Candidate::tier).startsWith("local", "local", "local").contains("hosted",
        "frontier");
    assertThat(router.backends()).filteredOn(b -> b.name().equals("vllm")).singleElement()
        .satisfies(b -> assertThat(b.adapters()).containsExactly("sql-lora"));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("found vllm at", "(adapters: sql-lora)", "found OPENAI_API_KEY set: openai gpt-4.1",
        "tiers, cheapest first: local, hosted, frontier", "wrote ").doesNotContain("sk-live-secret-123");
  }

  @Test
  void neverReplacesAFileWithoutForce() throws IOException {
    Files.writeString(dir.resolve("router.yaml"), "mine");

    assertThat(run(List.of(), Map.of("OPENAI_API_KEY", "k"))).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("router.yaml"))).isEqualTo("mine");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists; add --force");

    assertThat(run(List.of(), Map.of("OPENAI_API_KEY", "k"), "--force")).isZero();
    assertThat(Files.readString(dir.resolve("router.yaml"))).contains("provider: openai");
  }

  @Test
  void withNothingFoundItSaysWhatToDoAndWritesNothing() {
    String gone = "http://127.0.0.1:9/v1"; // the discard port: nothing listens
    int status = run(List.of(new Init.Target("vllm", gone)), Map.of());

    assertThat(status).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("router.yaml"))).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("no vllm at " + gone);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("found no local model server and no provider key");
  }

  @Test
  void badArgumentsAreNamed() {
    assertThat(run(List.of(), Map.of(), "--outptu", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--outptu'");
  }
}
