package dev.switchboard.router.okhttp;

import static dev.switchboard.router.okhttp.Replay.await;
import static dev.switchboard.router.okhttp.Replay.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.InvalidRequestException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import dev.switchboard.router.StreamListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Replies are held to maxResponseBytes while they are read; a bad reply is the backend's fault, never the request's. */
class ReplyBoundTest {
  private static final String ANSWER = Fixtures.read("openai/chat_completion_default.response.json");

  @StartStop
  final MockWebServer server = new MockWebServer();

  private OpenAiCompatibleBackend.Builder backend(long maxResponseBytes) {
    return OpenAiCompatibleBackend.builder("big").baseUrl(server.url("/v1").toString()).noApiKey()
        .maxResponseBytes(maxResponseBytes);
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().model("m").user("hi").build();
  }

  private static String contentChunk(String text) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
  }

  private static final String END = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

  private static void assertNamesTheBound(BackendException e, long bound) {
    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("bound of " + bound).hasMessageContaining("raise maxResponseBytes(..)");
  }

  /** Long.MAX_VALUE is "no bound": asking for one byte more than it must not overflow. */
  @Test
  void theLargestBoundReadsPlainAnswersAndStreams() throws Exception {
    server.enqueue(Replay.jsonBody(200, ANSWER));
    assertThat(backend(Long.MAX_VALUE).build().chat(hello()).choices()).isNotEmpty();
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(contentChunk("Hel") + contentChunk("lo") + END).build());
    assertThat(backend(Long.MAX_VALUE).build().stream(hello(), StreamListener.onText(t -> {})).completion()
        .get(10, java.util.concurrent.TimeUnit.SECONDS).content()).isEqualTo("Hello");
  }

  @Test
  void theDefaultBoundIsEightMebibytesAndAReplyUpToTheBoundIsRead() throws Exception {
    assertThat(HttpBackendBuilder.DEFAULT_MAX_RESPONSE_BYTES).isEqualTo(8L * 1024 * 1024);
    long exact = ANSWER.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    server.enqueue(Replay.jsonBody(200, ANSWER));
    server.enqueue(Replay.jsonBody(200, ANSWER));

    assertThat(backend(exact).build().chat(hello()).choices()).isNotEmpty();
    assertThat(await(OpenAiCompatibleBackend.builder("big").baseUrl(server.url("/v1").toString()).noApiKey().build()
        .chatAsync(hello())).choices()).isNotEmpty();
    assertThatThrownBy(() -> backend(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResponseBytes must be positive: 0");
  }

  @Test
  void aDeclaredLengthOverTheBoundIsRefusedBeforeTheBodyIsRead() {
    server.enqueue(Replay.jsonBody(200, ANSWER));
    long bound = ANSWER.length() - 1;

    BackendException e = catchThrowableOfType(BackendException.class, () -> backend(bound).build().chat(hello()));

    assertNamesTheBound(e, bound);
    assertThat(e).hasMessageContaining("Content-Length " + ANSWER.length());
  }

  /** 20,000 bytes without Content-Length, then nothing until {@code release}: it has no end to read to. */
  private static MockResponse endless(String type, String prefix, CountDownLatch release) {
    return new MockResponse.Builder().addHeader("Content-Type", type)
        .body(Replay.stallingAfter(prefix + "x".repeat(20_000), release)).build();
  }

  @Test
  void anEndlessBodyIsRefusedOnceItPassesTheBoundNotAtTheCallTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.enqueue(endless("application/json", "{\"id\":\"", release));
    server.enqueue(endless("application/json", "{\"id\":\"", release));
    OpenAiCompatibleBackend b = backend(10_000).callTimeout(Duration.ofSeconds(60)).build();

    long start = System.nanoTime();
    BackendException plain = catchThrowableOfType(BackendException.class, () -> b.chat(hello()));
    Throwable async = awaitFailure(b.chatAsync(hello())); // waits at most 10 s
    release.countDown();

    assertNamesTheBound(plain, 10_000);
    assertThat(plain).hasMessageContaining("the answer is larger than");
    assertThat(async).isInstanceOfSatisfying(BackendException.class, e -> assertNamesTheBound(e, 10_000));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void oneStreamEventOverTheBoundFailsTheStream() throws Exception {
    server.enqueue(Replay.sse(contentChunk("Hel") + "data: {\"pad\":\"" + "x".repeat(5_000) + "\"}\n\n" + END));
    Replay.Recorder listener = new Replay.Recorder();

    Throwable t = awaitFailure(backend(2_000).build().stream(hello(), listener).completion());

    assertThat(t).isInstanceOfSatisfying(BackendException.class, e -> {
      assertNamesTheBound(e, 2_000);
      assertThat(e).hasMessageContaining("one event of the stream");
    });
    assertThat(listener.text()).isEqualTo("Hel");
  }

  @Test
  void anEndlessLineFailsTheStreamOnceItPassesTheBound() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.enqueue(endless("text/event-stream", contentChunk("Hel") + "data: ", release));

    Throwable t = awaitFailure(backend(2_000).callTimeout(Duration.ofSeconds(60)).build()
        .stream(hello(), new Replay.Recorder()).completion()); // waits at most 10 s
    release.countDown();

    assertThat(t).isInstanceOfSatisfying(BackendException.class, e -> {
      assertNamesTheBound(e, 2_000);
      assertThat(e).hasMessageContaining("one event of the stream");
    });
  }

  @Test
  void theStreamedAnswerIsBoundedAsItIsAssembledNotTheStreamsTotalBytes() throws Exception {
    // 300 events of about 120 bytes each: 36 KB on the wire, 300 characters of answer.
    StringBuilder small = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      small.append(contentChunk("a"));
    }
    server.enqueue(Replay.sse(small + END));
    // 30 events of 100 characters each: the answer passes a bound of 2,000 characters on the 21st.
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      big.append(contentChunk("b".repeat(100)));
    }
    server.enqueue(Replay.sse(big + END));
    Replay.Recorder listener = new Replay.Recorder();

    ChatResponse whole = await(backend(2_000).build().stream(hello(), new Replay.Recorder()).completion());
    Throwable t = awaitFailure(backend(2_000).build().stream(hello(), listener).completion());

    assertThat(whole.content()).hasSize(300);
    assertThat(t).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
      assertThat(e).hasMessageContaining("the streamed answer is larger than this backend's bound of 2000 characters");
    });
    assertThat(listener.text()).hasSize(2_000); // what fit was delivered; the chunk past the bound was not
  }

  @Test
  void aWholeAnswerToAStreamIsBoundedToo() throws Exception {
    server.enqueue(Replay.jsonBody(200, ANSWER));

    Throwable t = awaitFailure(backend(100).build().stream(hello(), new Replay.Recorder()).completion());

    assertThat(t).isInstanceOfSatisfying(BackendException.class, e -> assertNamesTheBound(e, 100));
  }

  @Test
  void anthropicRepliesAreBoundedTheSameWay() {
    String body = Fixtures.read("anthropic/messages_basic.response.json");
    server.enqueue(Replay.jsonBody(200, body));

    BackendException e = catchThrowableOfType(BackendException.class, () -> AnthropicBackend.builder("claude")
        .baseUrl(server.url("/v1").toString()).noApiKey().maxResponseBytes(50).build()
        .chat(ChatRequest.builder().model("claude").user("hi").build()));

    assertNamesTheBound(e, 50);
  }

  @Test
  void aMalformedReplyIsABackendErrorWithNoInvalidRequestExceptionInItsCauses() throws Exception {
    String whole = ANSWER;
    server.enqueue(Replay.jsonBody(200, whole.substring(0, whole.length() / 2)));   // truncated
    server.enqueue(Replay.jsonBody(200, "{\"object\":\"list\",\"data\":[]}"));     // JSON, not a completion
    server.enqueue(Replay.jsonBody(200, "{\"choices\":[{\"message\":{\"content\":\"x\"}}]}")); // a message with no role
    server.enqueue(Replay.sse(contentChunk("Hel") + "data: {\"id\":\n\n" + END));  // a chunk that is not JSON
    server.enqueue(Replay.sse("event: message_start\ndata: [1,2]\n\n"));           // an Anthropic event that is no object
    OpenAiCompatibleBackend b = backend(HttpBackendBuilder.DEFAULT_MAX_RESPONSE_BYTES).build();
    AnthropicBackend claude = AnthropicBackend.builder("claude").baseUrl(server.url("/v1").toString()).noApiKey().build();

    Throwable truncated = catchThrowableOfType(BackendException.class, () -> b.chat(hello()));
    Throwable notACompletion = catchThrowableOfType(BackendException.class, () -> b.chat(hello()));
    Throwable noRole = catchThrowableOfType(BackendException.class, () -> b.chat(hello()));
    Throwable badChunk = awaitFailure(b.stream(hello(), new Replay.Recorder()).completion());
    Throwable badEvent = awaitFailure(claude.stream(ChatRequest.builder().model("c").user("hi").build(),
        new Replay.Recorder()).completion());

    for (Throwable t : new Throwable[] {truncated, notACompletion, noRole, badChunk, badEvent}) {
      assertThat(t).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE));
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertThat(c).isNotInstanceOf(InvalidRequestException.class);
      }
    }
    assertThat(truncated).hasRootCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
        .hasMessageContaining("not a complete JSON object");
    assertThat(noRole).hasMessageContaining("\"role\"");
  }
}
