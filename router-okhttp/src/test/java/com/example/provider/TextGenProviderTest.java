package com.example.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.okhttp.OpenAiCompatibleBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A provider added from outside router-okhttp ({@link TextGenBackend}, on {@code HttpBackend}'s
 * public hooks only) answers, streams and fails like the built-in ones, alone and behind a
 * {@link RoutingChatClient} that fails over to it from an OpenAI-compatible backend.
 */
class TextGenProviderTest {
  private static final String KEY = "tg-secret-123";
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop
  final MockWebServer primary = new MockWebServer();
  @StartStop
  final MockWebServer textgen = new MockWebServer();

  private TextGenBackend textGen() {
    return TextGenBackend.builder("textgen").baseUrl(textgen.url("/v1").toString()).apiKey(() -> KEY).build();
  }

  /** The primary (free, so tried first) and TextGen (priced) in one tier; no retries, one reply each. */
  private RoutingChatClient router() {
    return RoutingChatClient.builder()
        .tiers("local")
        .backend(Backend.builder("primary").tier("local").model("llama3")
            .client(OpenAiCompatibleBackend.builder("primary").baseUrl(primary.url("/v1").toString()).build())
            .build())
        .backend(Backend.builder("textgen").tier("local").model("tg-small")
            .price(Price.perMillionTokens(0.10, 0.40))
            .client(textGen())
            .build())
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .build();
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().system("Be brief.").user("Say hello").maxTokens(50).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse events(String... events) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(String.join("", events))
        .build();
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  private RecordedRequest sentToTextGen() throws InterruptedException {
    RecordedRequest r = textgen.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached TextGen").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return JSON.readTree(r.getBody().utf8());
  }

  @Test
  void aBlockingChatFailsOverToTheNewProviderInItsOwnProtocol() throws Exception {
    primary.enqueue(json(503, "{\"error\":{\"message\":\"loading model\"}}"));
    textgen.enqueue(json(200, "{\"text\":\"Hello there\",\"tokens_in\":12,\"tokens_out\":2,\"stop\":\"end\"}"));

    ChatResponse r;
    try (RoutingChatClient router = router()) {
      r = router.chat(hello());
    }

    assertThat(r.content()).isEqualTo("Hello there");
    assertThat(r.finishReason()).contains("stop");
    assertThat(r.usage()).contains(Usage.of(12, 2));
    assertThat(r.route().backend()).isEqualTo("textgen");
    assertThat(r.route().model()).isEqualTo("tg-small");
    assertThat(r.route().attempts()).extracting(Attempt::backend, Attempt::failure).containsExactly(
        Tuple.tuple("primary", FailureKind.SERVER_ERROR), Tuple.tuple("textgen", null));
    assertThat(r.route().cost()).as("TextGen's usage priced: 12 in, 2 out").isEqualByComparingTo("0.000002");
    RecordedRequest sent = sentToTextGen();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/generate");
    assertThat(sent.getHeaders().get("X-TextGen-Key")).isEqualTo(KEY);
    assertThat(sent.getHeaders().get("Authorization")).as("the provider's own auth header only").isNull();
    assertThat(body(sent)).isEqualTo(JSON.readTree(
        "{\"model\":\"tg-small\",\"prompt\":\"system: Be brief.\\nuser: Say hello\",\"max_tokens\":50,\"stream\":false}"));
  }

  @Test
  void aStreamFailsOverToTheNewProviderAndIsDecodedEventByEvent() throws Exception {
    primary.enqueue(json(503, "{\"error\":{\"message\":\"loading model\"}}"));
    textgen.enqueue(events(event("token", "{\"text\":\"Hel\"}"), event("token", "{\"text\":\"lo\"}"),
        event("done", "{\"tokens_in\":7,\"tokens_out\":2,\"stop\":\"max_tokens\"}")));
    List<String> heard = new ArrayList<>();
    StreamListener listener = new StreamListener() {
      @Override
      public void onBackend(String backend, String tier) {
        heard.add("backend " + backend);
      }

      @Override
      public void onChunk(ChatChunk chunk) {
        heard.add("chunk '" + chunk.contentDelta() + "'");
      }
    };

    ChatResponse r;
    try (RoutingChatClient router = router()) {
      StreamHandle handle = router.stream(hello(), listener);
      r = handle.completion().get(10, TimeUnit.SECONDS);
    }

    assertThat(heard).containsExactly("backend textgen", "chunk 'Hel'", "chunk 'lo'", "chunk ''");
    assertThat(r.content()).isEqualTo("Hello");
    assertThat(r.finishReason()).contains("length");
    assertThat(r.usage()).contains(Usage.of(7, 2));
    assertThat(r.route().backend()).isEqualTo("textgen");
    assertThat(r.route().costEstimated()).as("the done event's counts are the usage").isFalse();
    RecordedRequest sent = sentToTextGen();
    assertThat(body(sent).path("stream").asBoolean()).isTrue();
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void a429IsRateLimitedWithItsRetryAfterAndTheRouterLetsTheBackendCoolDown() throws Exception {
    textgen.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30")
        .addHeader("Content-Type", "application/json").body("{\"problem\":\"slow down\"}").build());

    BackendException direct = catchThrowableOfType(BackendException.class, () -> textGen().chat(hello()));

    assertThat(direct.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(direct.backend()).isEqualTo("textgen");
    assertThat(direct.status()).hasValue(429);
    assertThat(direct.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(direct.providerMessage()).contains("slow down");

    textgen.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30")
        .addHeader("Content-Type", "application/json").body("{\"problem\":\"slow down\"}").build());
    RoutingChatClient router = RoutingChatClient.builder().tiers("cloud")
        .backend(Backend.builder("textgen").tier("cloud").model("tg-small").client(textGen()).build())
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .build();
    try (router) {
      Instant before = Instant.now();
      NoBackendAvailableException routed = catchThrowableOfType(NoBackendAvailableException.class,
          () -> router.chat(hello()));

      assertThat(routed.attempts()).extracting(Attempt::backend, Attempt::failure)
          .containsExactly(Tuple.tuple("textgen", FailureKind.RATE_LIMITED));
      assertThat(routed.getCause()).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
      assertThat(router.health().state("textgen")).isEqualTo(BackendState.COOLING_DOWN);
      assertThat(router.health().backend("textgen").orElseThrow().coolingDownUntil())
          .hasValueSatisfying(until -> assertThat(until).isAfter(before.plusSeconds(20)));

      assertThatThrownBy(() -> router.chat(hello())).isInstanceOf(NoBackendAvailableException.class);
      assertThat(textgen.getRequestCount()).as("not called again while cooling down").isEqualTo(2);
    }
  }

  @Test
  void a401IsTheAuthErrorNamingWhereTheKeyComesFromNeverTheKey() {
    textgen.enqueue(json(401, "{\"problem\":\"key " + KEY + " is revoked\"}"));

    BackendException e = catchThrowableOfType(BackendException.class, () -> textGen().chat(hello()));

    assertThat(e.kind()).isEqualTo(FailureKind.UNAUTHORIZED);
    assertThat(e).hasMessageContaining("check the API key (the configured key supplier)");
    assertThat(e.providerMessage()).contains("key [redacted] is revoked");
    assertThat(e.getMessage()).doesNotContain(KEY);
  }

  @Test
  void noKeyIsTheAuthErrorBeforeAnyRequestIsSent() {
    TextGenBackend keyless = TextGenBackend.builder("textgen").baseUrl(textgen.url("/v1").toString())
        .apiKey(() -> " ").build();

    BackendException e = catchThrowableOfType(BackendException.class, () -> keyless.chat(hello()));

    assertThat(e.kind()).isEqualTo(FailureKind.UNAUTHORIZED);
    assertThat(e).hasMessageContaining("no API key");
    assertThat(textgen.getRequestCount()).isZero();
  }

  @Test
  void anErrorBodyOfAnotherShapeIsReadByTheDefault() {
    textgen.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head></html>").build());

    BackendException e = catchThrowableOfType(BackendException.class, () -> textGen().chat(hello()));

    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(e.providerMessage()).contains("HTML page: 502 Bad Gateway");
  }

  @Test
  void anAnswerThatIsNotTextGensIsMalformedAndNamesTheBackend() {
    textgen.enqueue(json(200, "{\"choices\":[]}"));

    BackendException e = catchThrowableOfType(BackendException.class, () -> textGen().chat(hello()));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e.backend()).isEqualTo("textgen");
    assertThat(e).hasMessageContaining("a TextGen answer has a \"text\" string");
  }

  @Test
  void aProblemEventFailsTheStreamWithTheProvidersKindAndAnUnknownEventIsMalformed() throws Exception {
    textgen.enqueue(events(event("token", "{\"text\":\"Hel\"}"), event("problem", "{\"problem\":\"GPU fell over\"}")));
    textgen.enqueue(events(event("tick", "{}")));

    Throwable problem = failureOf(textGen().stream(hello(), chunk -> {}));
    Throwable unknown = failureOf(textGen().stream(hello(), chunk -> {}));

    assertThat(problem).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
      assertThat(e).hasMessageContaining("GPU fell over");
    });
    assertThat(unknown).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
      assertThat(e).hasMessageContaining("TextGen sends no 'tick' event");
    });
  }

  @Test
  void aStreamCutBeforeItsDoneEventIsATransportFailure() throws Exception {
    textgen.enqueue(events(event("token", "{\"text\":\"Hel\"}")));

    Throwable cut = failureOf(textGen().stream(hello(), chunk -> {}));

    assertThat(cut).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT);
      assertThat(e).hasMessageContaining("without its end marker");
    });
  }

  private static Throwable failureOf(StreamHandle handle) {
    return catchThrowableOfType(java.util.concurrent.ExecutionException.class,
        () -> handle.completion().get(10, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void itsNameShowsWithoutTheKey() {
    assertThat(textGen().toString())
        .isEqualTo("TextGenBackend{textgen, " + textgen.url("/v1/") + ", key=the configured key supplier}");
  }
}
