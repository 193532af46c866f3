package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.examples.init.Init;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** When init finds a local model server, the demo's local tier is that server, answering for real over HTTP. */
class DemoOverARealServerTest {
  @StartStop
  final MockWebServer vllm = new MockWebServer();

  private static String fixture(String name) throws IOException {
    return Files.readString(Path.of(System.getProperty("switchboard.fixtures", "../fixtures")).resolve(name));
  }

  @Test
  void theLocalTierIsTheServerInitFound() throws IOException {
    String models = fixture("vllm/v1_models_with_lora.normalized.json");
    String answer = fixture("openai/chat_completion_default.response.json");
    vllm.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getTarget().endsWith("/models") ? models : answer;
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
      }
    });
    Init.Found found = Init.discover(List.of(new Init.Target("vllm", vllm.url("/v1").toString())), Map.of(),
        Duration.ofSeconds(2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, found.local().get(0)).run();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("local = vllm meta-llama/Llama-2-7b-hf (REAL, at " + vllm.url("/v1"));
    assertThat(out).contains("What it cost");
    // the models listing, then one chat call per request the demo routed to it
    assertThat(vllm.getRequestCount()).isGreaterThan(5);
  }
}
