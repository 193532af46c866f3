package dev.switchboard.router.okhttp;

import static dev.switchboard.router.okhttp.Replay.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.StreamHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a server can fail us ends in a typed BackendException, within the configured time. */
class FailureReplyTest {
  private static final String ROLE_CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":"
      + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n";
  private static final String TEXT_CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":"
      + "[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";

  @StartStop
  final MockWebServer server = new MockWebServer();
  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStalledBodies() {
    release.countDown();
  }

  private OpenAiCompatibleBackend.Builder backend() {
    return OpenAiCompatibleBackend.builder("flaky").baseUrl(server.url("/v1").toString()).noApiKey();
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().model("m").user("hi").build();
  }

  private BackendException chatFails(OpenAiCompatibleBackend b) {
    return catchThrowableOfType(BackendException.class, () -> b.chat(hello()));
  }

  private BackendException streamFails(OpenAiCompatibleBackend b, Replay.Recorder listener) throws Exception {
    Throwable t = awaitFailure(b.stream(hello(), listener).completion());
    assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.ends).containsExactly(t);
    assertThat(t).isInstanceOf(BackendException.class);
    return (BackendException) t;
  }

  @Test
  void anHtmlErrorPageIsAServerErrorWithItsTitle() {
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>").build());

    BackendException e = chatFails(backend().build());

    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(e.status()).hasValue(502);
    assertThat(e.providerMessage()).contains("HTML page: 502 Bad Gateway");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void anHtmlPageWithStatus200IsMalformed() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/html; charset=utf-8")
        .body("<!DOCTYPE html><html><body>Captive portal: please log in</body></html>").build());

    BackendException e = chatFails(backend().build());

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("text/html");
  }

  @Test
  void truncatedJsonIsMalformedNotAParserException() {
    String whole = Fixtures.read("openai/chat_completion_default.response.json");
    server.enqueue(Replay.jsonBody(200, whole.substring(0, whole.length() / 2)));

    BackendException e = chatFails(backend().build());

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("not a complete JSON object");
  }

  @Test
  void aWrongContentTypeIsMalformed() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/plain").body("OK").build());

    assertThat(chatFails(backend().build()).kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void jsonThatIsNotACompletionIsMalformed() {
    server.enqueue(Replay.jsonBody(200, "{\"object\":\"list\",\"data\":[]}"));

    BackendException e = chatFails(backend().build());

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("not a chat completion");
  }

  @Test
  void rateLimitsCarryRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\"}}").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500").body("slow down").build());

    BackendException first = chatFails(backend().build());
    BackendException second = chatFails(backend().build());

    assertThat(first.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(first.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(first.providerMessage()).contains("Rate limit reached for requests");
    assertThat(first).hasMessageContaining("retry after 7000 ms");
    assertThat(second.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @ValueSource(strings = {"llamacpp_recorded/error_missing_messages.response.txt", "llamacpp_recorded/n2.response.txt",
      "llamacpp_recorded/chat_json_schema.response.json"})
  void recordedBadRequestsKeepTheServersMessage(String fixture) throws Exception {
    String body = Fixtures.read(fixture).lines().findFirst().orElseThrow();
    server.enqueue(Replay.jsonBody(400, body));

    BackendException e = chatFails(backend().build());

    assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(e.kind().requestFault()).isTrue();
    assertThat(e.status()).hasValue(400);
    String expected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).at("/error/message").asText();
    assertThat(e.providerMessage()).contains(expected);
  }

  @Test
  void notFoundAndPlainTextServerErrors() {
    server.enqueue(new MockResponse.Builder().code(404).body("{\"detail\":\"Not Found\"}").build());
    server.enqueue(new MockResponse.Builder().code(500).body("upstream exploded").build());
    server.enqueue(Replay.jsonBody(404, "{\"error\":\"model 'llama9' not found\"}"));

    BackendException notFound = chatFails(backend().build());
    BackendException crashed = chatFails(backend().build());
    BackendException ollama = chatFails(backend().build());

    assertThat(notFound.kind()).isEqualTo(FailureKind.NOT_FOUND);
    assertThat(notFound.kind().misconfiguration()).isTrue();
    assertThat(notFound.providerMessage()).contains("Not Found");
    assertThat(crashed.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(crashed.providerMessage()).contains("upstream exploded");
    assertThat(ollama.providerMessage()).contains("model 'llama9' not found");
  }

  @Test
  void aRefusedConnectionIsATransportFailure() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/v1").toString();
    gone.close();

    BackendException e = chatFails(OpenAiCompatibleBackend.builder("gone").baseUrl(url).build());

    assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT);
    assertThat(e).hasMessageContaining("cannot connect");
  }

  @Test
  void aPlainCallThatTakesTooLongTimesOut() {
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS)
        .body(Fixtures.read("openai/chat_completion_default.response.json")).build());

    BackendException e = chatFails(backend().callTimeout(Duration.ofMillis(300)).build());

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(e).hasMessageContaining("call timeout");
  }

  @Test
  void anHtmlPageInsteadOfAStreamIsMalformed() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/html").body("<html>login</html>").build());

    assertThat(streamFails(backend().build(), new Replay.Recorder()).kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void aStreamCutMidWayIsATransportFailureAfterTheChunksThatArrived() throws Exception {
    // The server closes the socket half way through the body, inside the long last event.
    String longEvent = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + "x".repeat(4000) + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(ROLE_CHUNK + TEXT_CHUNK + longEvent)
        .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
    Replay.Recorder listener = new Replay.Recorder();

    BackendException e = streamFails(backend().build(), listener);

    assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT);
    assertThat(listener.text()).isEqualTo("Hel");
  }

  @Test
  void aStreamThatEndsWithoutItsEndMarkerIsAFailure() throws Exception {
    server.enqueue(Replay.sse(ROLE_CHUNK + TEXT_CHUNK));

    BackendException e = streamFails(backend().build(), new Replay.Recorder());

    assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT);
    assertThat(e).hasMessageContaining("without its end marker");
  }

  @Test
  void aChunkThatIsNotJsonIsMalformed() throws Exception {
    server.enqueue(Replay.sse(ROLE_CHUNK + "data: {\"id\":\"c\",\"choices\":[{\"delta\":\n\ndata: [DONE]\n\n"));

    BackendException e = streamFails(backend().build(), new Replay.Recorder());

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }

  @Test
  void anErrorEventInsideA200StreamIsAServerError() throws Exception {
    server.enqueue(Replay.sse(ROLE_CHUNK
        + "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\",\"code\":500}}\n\n"));

    BackendException e = streamFails(backend().build(), new Replay.Recorder());

    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(e.providerMessage()).contains("CUDA out of memory");
  }

  @Test
  void aRateLimitedStreamFailsWithRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").body("{}").build());

    BackendException e = streamFails(backend().build(), new Replay.Recorder());

    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void noFirstTokenWithinTheFirstTokenTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Replay.stallingAfter(ROLE_CHUNK, release)).build());
    OpenAiCompatibleBackend b = backend().firstTokenTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(20)).build();

    BackendException e = streamFails(b, new Replay.Recorder());

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(e).hasMessageContaining("first-token timeout of 300 ms");
  }

  @Test
  void noHeadersWithinTheFirstTokenTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("data: [DONE]\n\n").build());
    OpenAiCompatibleBackend b = backend().firstTokenTimeout(Duration.ofMillis(300)).build();

    assertThat(streamFails(b, new Replay.Recorder()).kind()).isEqualTo(FailureKind.TIMEOUT);
  }

  @Test
  void aStreamThatStallsAfterTheFirstTokenHitsTheIdleTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Replay.stallingAfter(ROLE_CHUNK + TEXT_CHUNK, release)).build());
    OpenAiCompatibleBackend b = backend().idleTimeout(Duration.ofMillis(300)).build();
    Replay.Recorder listener = new Replay.Recorder();

    BackendException e = streamFails(b, listener);

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(listener.text()).isEqualTo("Hel");
  }

  @Test
  void cancellingAStalledStreamEndsItAsCancelled() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Replay.stallingAfter(ROLE_CHUNK + TEXT_CHUNK, release)).build());
    CountDownLatch gotText = new CountDownLatch(1);
    Replay.Recorder listener = new Replay.Recorder() {
      @Override
      public void onChunk(ChatChunk chunk) {
        super.onChunk(chunk);
        if (chunk.hasOutput()) {
          gotText.countDown();
        }
      }
    };

    StreamHandle h = backend().build().stream(hello(), listener);
    assertThat(gotText.await(5, TimeUnit.SECONDS)).isTrue();
    h.cancel();

    Throwable t = awaitFailure(h.completion());
    assertThat(t).isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CANCELLED));
  }

  @Test
  void aListenerThatThrowsStopsTheStreamAndHearsItsOwnError() throws Exception {
    server.enqueue(Replay.sseFixture("openai/chat_completion_streaming.derived.sse.txt"));
    IllegalStateException boom = new IllegalStateException("listener bug");
    Replay.Recorder listener = new Replay.Recorder() {
      @Override
      public void onChunk(ChatChunk chunk) {
        super.onChunk(chunk);
        throw boom;
      }
    };

    Throwable t = awaitFailure(backend().build().stream(hello(), listener).completion());

    assertThat(t).isSameAs(boom);
    assertThat(listener.chunks).hasSize(1);
    assertThat(listener.ends).containsExactly(boom);
  }

  @Test
  void aSteadyButEndlessStreamIsCutAtTheCallTimeout() throws Exception {
    StringBuilder many = new StringBuilder(ROLE_CHUNK);
    for (int i = 0; i < 200; i++) {
      many.append(TEXT_CHUNK);
    }
    server.enqueue(Replay.sse(many + "data: [DONE]\n\n").newBuilder()
        .throttleBody(256, 50, TimeUnit.MILLISECONDS).build()); // about 5 KB/s: 20+ seconds in all
    OpenAiCompatibleBackend b = backend().callTimeout(Duration.ofMillis(500)).idleTimeout(Duration.ofSeconds(5)).build();
    Replay.Recorder listener = new Replay.Recorder();

    BackendException e = streamFails(b, listener);

    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(e).hasMessageContaining("call timeout");
    assertThat(listener.text()).startsWith("Hel");
  }

  @Test
  void retryAfterAsAnHttpDate() {
    java.time.ZonedDateTime inAnHour = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(1);
    server.enqueue(new MockResponse.Builder().code(503)
        .addHeader("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(inAnHour)).body("").build());

    BackendException e = chatFails(backend().build());

    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(e.retryAfter()).hasValueSatisfying(d ->
        assertThat(d).isBetween(Duration.ofMinutes(58), Duration.ofMinutes(60)));
  }

  @Test
  void chatAsyncFailsItsFutureWithTheSameTypedErrors() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}").build());
    server.enqueue(Replay.jsonBody(200, "{\"id\":"));

    Throwable serverError = awaitFailure(backend().build().chatAsync(hello()));
    Throwable truncated = awaitFailure(backend().build().chatAsync(hello()));

    assertThat(serverError).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
      assertThat(e.providerMessage()).contains("boom");
    });
    assertThat(truncated).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE));
  }
}
