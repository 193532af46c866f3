package dev.switchboard.router.okhttp;

import static dev.switchboard.router.okhttp.Replay.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real OpenAI-compatible server nobody here wrote: {@code @copilotkit/aimock} from npm,
 * started on loopback on a free port. {@code .ci/run} installs it; locally the test is skipped
 * when it is missing, but with {@code CI=true} a missing server fails the build.
 */
class AimockIntegrationTest {
  private static final String DEFAULT_CLI = System.getProperty("user.home")
      + "/.cache/switchboard-aimock/node_modules/@copilotkit/aimock/dist/cli.js";
  private static final String FIXTURES = """
      {"fixtures":[
        {"match":{"userMessage":"hello"},"response":{"content":"Hello from aimock! How can I help?"}},
        {"match":{"toolName":"get_weather"},"response":{"toolCalls":[{"name":"get_weather","arguments":{"city":"Paris"}}]}}
      ]}
      """;

  @TempDir
  static Path dir;
  static Process aimock;
  static String baseUrl;

  @BeforeAll
  static void startAimock() throws Exception {
    String cli = System.getenv().getOrDefault("SWITCHBOARD_AIMOCK_CLI", DEFAULT_CLI);
    String node = findOnPath("node");
    boolean present = node != null && new File(cli).isFile();
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("aimock is not installed (" + cli + ", node " + node + "); .ci/run must install it");
    }
    assumeTrue(present, "aimock not installed; run: npm install --prefix ~/.cache/switchboard-aimock @copilotkit/aimock@1.43.0");
    Files.writeString(dir.resolve("fixtures.json"), FIXTURES);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    aimock = new ProcessBuilder(node, cli, "-p", String.valueOf(port), "-h", "127.0.0.1", "-f", dir.toString())
        .redirectErrorStream(true).start();
    // Wait for its "listening" line; a server that exits or never says it is up fails within the bound.
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(aimock.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.contains("listening on")) {
            ready.complete(true);
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
      ready.complete(false);
    }, "aimock-output");
    reader.setDaemon(true);
    reader.start();
    assertThat(ready.get(30, TimeUnit.SECONDS)).as("aimock started").isTrue();
    baseUrl = "http://127.0.0.1:" + port + "/v1";
  }

  @AfterAll
  static void stopAimock() throws InterruptedException {
    if (aimock != null) {
      aimock.destroy();
      if (!aimock.waitFor(10, TimeUnit.SECONDS)) {
        aimock.destroyForcibly();
      }
    }
  }

  private static String findOnPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(d, exe);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  private RoutingChatClient router() {
    return RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .backend(Backend.builder("aimock-openai").tier("cheap").model("gpt-4o-mini")
            .price(Price.perMillionTokens(0.15, 0.60))
            .client(OpenAiCompatibleBackend.builder("aimock-openai").baseUrl(baseUrl).apiKey(() -> "sk-aimock").build())
            .build())
        .backend(Backend.builder("aimock-claude").tier("capable").model("claude-sonnet-4-5")
            .price(Price.perMillionTokens(3.00, 15.00))
            .client(AnthropicBackend.builder("aimock-claude").baseUrl(baseUrl).apiKey(() -> "sk-ant-aimock").build())
            .build())
        .build();
  }

  @Test
  void aPlainCompletionThroughTheRouter() {
    ChatResponse r = router().chat(ChatRequest.builder().user("hello there").tierHint("cheap").build());

    assertThat(r.content()).isEqualTo("Hello from aimock! How can I help?");
    assertThat(r.route().backend()).isEqualTo("aimock-openai");
    assertThat(r.usage()).isPresent();
    assertThat(r.route().cost().signum()).isPositive();
  }

  @Test
  void aStreamedCompletionThroughTheRouterIsCostedFromItsUsage() throws Exception {
    Replay.Recorder listener = new Replay.Recorder();

    ChatResponse r = await(router().stream(ChatRequest.builder().user("hello there").tierHint("cheap").build(), listener)
        .completion());

    assertThat(listener.text()).isEqualTo("Hello from aimock! How can I help?");
    assertThat(listener.chunks.size()).isGreaterThan(2);
    assertThat(r.content()).isEqualTo(listener.text());
    assertThat(r.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());
    assertThat(r.route().costEstimated()).isFalse();
  }

  @Test
  void aToolCallCompletionPlainAndStreamed() throws Exception {
    JsonNode tools = new ObjectMapper().readTree("""
        [{"type":"function","function":{"name":"get_weather","description":"Weather by city",
          "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""");
    ChatRequest request = ChatRequest.builder().user("What is the weather in Paris?").tools(tools).tierHint("cheap").build();

    ChatResponse plain = router().chat(request);
    ChatResponse streamed = await(router().stream(request, new Replay.Recorder()).completion());

    for (ChatResponse r : List.of(plain, streamed)) {
      assertThat(r.finishReason()).contains("tool_calls");
      JsonNode call = r.message().orElseThrow().field("tool_calls").orElseThrow().get(0);
      assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
      assertThat(new ObjectMapper().readTree(call.at("/function/arguments").asText()).path("city").asText()).isEqualTo("Paris");
    }
  }

  @Test
  void theAnthropicBackendSpeaksToAimocksMessagesEndpoint() throws Exception {
    ChatRequest request = ChatRequest.builder().system("Be kind.").user("hello there").tierHint("capable").build();

    ChatResponse plain = router().chat(request);
    Replay.Recorder listener = new Replay.Recorder();
    ChatResponse streamed = await(router().stream(request, listener).completion());

    assertThat(plain.route().backend()).isEqualTo("aimock-claude");
    assertThat(plain.content()).isEqualTo("Hello from aimock! How can I help?");
    assertThat(streamed.content()).isEqualTo(plain.content()).isEqualTo(listener.text());
    assertThat(streamed.finishReason()).contains("stop");
  }
}
