package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.FailoverPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request with a prompt, to HTTP backends with API keys, one of which refuses the key and
 * echoes both the key and the prompt back in its error (as a provider may). Nothing the router
 * tells about it, at any log level, on any meter, observation or report, holds either.
 */
class NoSecretsInTelemetryTest {
  static final String PROMPT = "Summarize the Bluefin merger memo 7731 for the board, in confidence";
  static final String KEY = "sk-live-4f9c2b7e8a1d6053c9e2f7a4b8d1c6e3";
  static final String OTHER_KEY = "sk-proj-7Qm2Zt9Wx4Lr8Kp1Vn6Ys3Hd";

  @StartStop
  final MockWebServer refusing = new MockWebServer();
  @StartStop
  final MockWebServer answering = new MockWebServer();

  final List<String> logLines = new CopyOnWriteArrayList<>();
  final Logger julRoot = Logger.getLogger("dev.switchboard"); // held: JUL keeps loggers weakly
  Level levelBefore;
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      StringBuilder line = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage());
      for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
        line.append(" | ").append(t);
      }
      logLines.add(line.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureEveryLevel() {
    levelBefore = julRoot.getLevel();
    julRoot.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    julRoot.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    julRoot.removeHandler(capture);
    julRoot.setLevel(levelBefore);
  }

  @Test
  void noMeterTagLogLineObservationOrReportHoldsThePromptOrTheKey() throws Exception {
    String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". Your request was: " + PROMPT
        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
    refusing.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json").body(echo)
        .build());
    answering.enqueue(Replay.json("ollama/v1_chat_completion.response.json"));
    answering.enqueue(Replay.sseFixture("openai/chat_completion_streaming.derived.sse.txt"));

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<String> keyValues = new CopyOnWriteArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStop(Observation.Context c) {
        c.getAllKeyValues().forEach(kv -> keyValues.add(kv.getKey() + "=" + kv.getValue()));
        keyValues.add(String.valueOf(c.getContextualName()));
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("cloud")
        .meterRegistry(meters).observationRegistry(observations).history(Duration.ofHours(1))
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("openai").tier("cloud").model("gpt-4.1-mini").price(Price.perMillionTokens(0.4, 1.6))
            .client(Providers.openAi().baseUrl(refusing.url("/v1").toString()).apiKey(() -> KEY).build()).build())
        .backend(Backend.builder("azure").tier("cloud").model("gpt-4.1-mini").price(Price.perMillionTokens(0.4, 1.6))
            .client(Providers.openAi().baseUrl(answering.url("/v1").toString()).apiKey(() -> OTHER_KEY).build())
            .build())
        .build();

    ChatRequest request = ChatRequest.builder().service("legal").user(PROMPT).build();
    assertThat(router.chat(request).route().backend()).isEqualTo("azure"); // openai refused its key: failed over
    router.stream(request.toBuilder().stream(true).build(), chunk -> {}).completion().get(10, TimeUnit.SECONDS);
    assertThat(refusing.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY); // it was used

    // the capture works: each level of what happened was told
    assertThat(logLines).anyMatch(l -> l.startsWith("FINE") && l.contains("planned: service 'legal'"));
    assertThat(logLines).anyMatch(l -> l.startsWith("INFO") && l.contains("failover: service 'legal'"));
    assertThat(logLines).anyMatch(l -> l.startsWith("WARNING") && l.contains("backend openai: CLOSED -> MISCONFIGURED"));

    List<String> tags = new java.util.ArrayList<>();
    for (Meter m : meters.getMeters()) {
      tags.add(m.getId().getName());
      for (Tag t : m.getId().getTags()) {
        tags.add(t.getKey() + "=" + t.getValue());
      }
    }
    assertThat(tags).contains("backend=openai", "service=legal").isNotEmpty();
    assertThat(keyValues).contains("router.service=legal");
    String report = router.report().html();
    for (String secret : secrets()) {
      assertThat(logLines).noneMatch(l -> l.contains(secret));
      assertThat(tags).noneMatch(t -> t.contains(secret));
      assertThat(keyValues).noneMatch(kv -> kv.contains(secret));
      assertThat(report).doesNotContain(secret);
    }
  }

  /** The prompt, each key, and telling pieces of them (a provider may echo a part). */
  static List<String> secrets() {
    return List.of(PROMPT, KEY, OTHER_KEY, "Bluefin", "4f9c2b7e8a1d", "7Qm2Zt9Wx4Lr");
  }

}
