package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.switchboard.router.Backend;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.failover.RateLimit;
import dev.switchboard.router.RoutingChatClient;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged but for one interceptor, routed in-process. */
class RoutingInterceptorTest {
  /** Where the SDK thinks it is talking: only non-chat calls may arrive here. */
  @StartStop
  final MockWebServer openai = new MockWebServer();
  /** The backend the router actually uses. */
  @StartStop
  final MockWebServer local = new MockWebServer();
  @StartStop
  final MockWebServer fallback = new MockWebServer();

  private RoutingChatClient router() {
    return router(FailoverPolicy.builder());
  }

  private RoutingChatClient router(FailoverPolicy.Builder failover) {
    return RoutingChatClient.builder()
        .tiers("local")
        .backend(Backend.builder("local").tier("local").model("llama3")
            .client(Providers.ollama().baseUrl(local.url("/v1").toString()).build()).build())
        .backend(Backend.builder("fallback").tier("local").model("qwen")
            .price(dev.switchboard.router.Price.perMillionTokens(0.1, 0.1))
            .client(Providers.vllm().baseUrl(fallback.url("/v1").toString()).build()).build())
        // One scripted reply per server: a retry would wait on an empty MockWebServer queue.
        .failover(failover.retry(r -> r.maxRetries(0)).build())
        .build();
  }

  private OpenAIClient sdk() {
    return sdk(router());
  }

  private OpenAIClient sdk(RoutingChatClient router) {
    return OpenAIOkHttpClient.builder()
        .apiKey("sk-not-used")
        .baseUrl(openai.url("/v1").toString())
        .maxRetries(0)
        .addInterceptor(RoutingInterceptor.of(router))
        .build();
  }

  private static MockResponse rateLimited(String header, String value) {
    return new MockResponse.Builder().code(429).addHeader(header, value).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}").build();
  }

  private static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello");
  }

  @Test
  void aPlainCompletionIsAnsweredByTheRouter() throws Exception {
    local.enqueue(Replay.json("ollama/v1_chat_completion.response.json"));

    ChatCompletion answer = sdk().chat().completions().create(params().build());

    String expected = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Fixtures.read("ollama/v1_chat_completion.response.json")).at("/choices/0/message/content").asText();
    assertThat(answer.choices().get(0).message().content()).contains(expected);
    assertThat(openai.getRequestCount()).isZero();
    RecordedRequest sent = local.takeRequest();
    assertThat(sent.getBody().utf8()).contains("\"model\":\"llama3\"").contains("Say hello");
  }

  @Test
  void aStreamedCompletionIsStreamedBackAsSse() {
    local.enqueue(Replay.sseFixture("openai/chat_completion_streaming.derived.sse.txt"));
    StringBuilder text = new StringBuilder();

    try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(
        params().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }

    String expected = String.join("", Fixtures.sseData(Fixtures.read("openai/chat_completion_streaming.derived.sse.txt"))
        .stream().map(d -> d.contains("\"content\":\"") ? d.replaceAll(".*\"content\":\"([^\"]*)\".*", "$1") : "").toList());
    assertThat(text.toString()).isEqualTo(expected).isNotEmpty();
    assertThat(openai.getRequestCount()).isZero();
  }

  @Test
  void aBackendThatFailsBeforeTheFirstTokenFailsOverInsideTheStream() {
    local.enqueue(new MockResponse.Builder().code(503).body("{\"error\":\"loading model\"}").build());
    fallback.enqueue(Replay.sseFixture("llamacpp_recorded/chat_stream_include_usage.sse.txt"));
    StringBuilder text = new StringBuilder();

    try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params().build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }

    assertThat(text.toString()).isNotEmpty();
    assertThat(local.getRequestCount()).isEqualTo(1);
    assertThat(fallback.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aPlainAnswerHasTheProvidersContentTypeAndNamesTheBackend() {
    local.enqueue(Replay.json("ollama/v1_chat_completion.response.json"));

    try (HttpResponseFor<ChatCompletion> raw = sdk().chat().completions().withRawResponse().create(params().build())) {
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.headers().values("Content-Type")).containsExactly("application/json");
      assertThat(raw.headers().values("x-switchboard-backend")).containsExactly("local");
      assertThat(raw.headers().values("x-switchboard-tier")).containsExactly("local");
      assertThat(raw.parse().choices()).hasSize(1);
    }
  }

  @Test
  void aStreamedAnswerHasTheEventStreamContentTypeAndTheSameHeadersAsAPlainOne() {
    // local fails before its first token: the headers name the backend that actually answers
    local.enqueue(new MockResponse.Builder().code(503).body("{\"error\":\"loading model\"}").build());
    fallback.enqueue(Replay.sseFixture("openai/chat_completion_streaming.derived.sse.txt"));
    StringBuilder text = new StringBuilder();

    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
        sdk().chat().completions().withRawResponse().createStreaming(params().build())) {
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.headers().values("Content-Type")).containsExactly("text/event-stream");
      assertThat(raw.headers().values("x-switchboard-backend")).containsExactly("fallback");
      assertThat(raw.headers().values("x-switchboard-tier")).containsExactly("local");
      try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
        stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
      }
    }

    assertThat(text.toString()).isNotEmpty();
  }

  /** Both backends answer 429, the last one with {@code header: value}: what the SDK then raises. */
  private RateLimitException bothRateLimitedLastWith(String header, String value) {
    local.enqueue(rateLimited("Retry-After", "20"));
    fallback.enqueue(rateLimited(header, value));
    return catchThrowableOfType(RateLimitException.class, () -> sdk().chat().completions().create(params().build()));
  }

  @Test
  void aRateLimitReachesTheSdkAsItsRateLimitExceptionWithTheBackendsRetryAfter() {
    RateLimitException e = bothRateLimitedLastWith("Retry-After", "7");

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.headers().values("Retry-After")).as("the last backend tried").containsExactly("7");
    assertThat(e.headers().values("retry-after-ms")).isEmpty();
    assertThat(e.headers().values("Content-Type")).containsExactly("application/json");
    assertThat(e.code()).contains("rate_limit_exceeded");
    assertThat(e.getMessage()).contains("local: RATE_LIMITED", "fallback: RATE_LIMITED");
  }

  @Test
  void retryAfterMsIsPassedOnBesideWholeSecondsRoundedUp() {
    RateLimitException e = bothRateLimitedLastWith("retry-after-ms", "1500");

    assertThat(e.headers().values("Retry-After")).containsExactly("2");
    assertThat(e.headers().values("retry-after-ms")).containsExactly("1500");
  }

  @Test
  void aRateLimitedStreamIsA429BeforeAnyEventWithRetryAfter() {
    local.enqueue(rateLimited("Retry-After", "20"));
    fallback.enqueue(rateLimited("Retry-After", "3"));

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params().build())) {
        stream.stream().count();
      }
    });

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.headers().values("Retry-After")).containsExactly("3");
  }

  @Test
  void anUnavailableBackendsRetryAfterReachesTheSdkWithIts503() {
    local.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "30").body("overloaded").build());
    fallback.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "12").body("overloaded").build());

    InternalServerException e = catchThrowableOfType(InternalServerException.class,
        () -> sdk().chat().completions().create(params().build()));

    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.headers().values("Retry-After")).containsExactly("12");
    assertThat(e.type()).contains("server_error");
  }

  @Test
  void backendsThatFailedForDifferentReasonsAreA503ThatNamesEach() {
    local.enqueue(rateLimited("Retry-After", "20"));
    fallback.enqueue(new MockResponse.Builder().code(500).body("upstream exploded").build());

    InternalServerException e = catchThrowableOfType(InternalServerException.class,
        () -> sdk().chat().completions().create(params().build()));

    assertThat(e.statusCode()).as("not 429: the caller is not over any limit of its own").isEqualTo(503);
    assertThat(e.getMessage()).contains("local: RATE_LIMITED", "fallback: SERVER_ERROR", "upstream exploded");
    assertThat(e.headers().values("Retry-After")).as("the last backend tried asked for no wait").isEmpty();
  }

  @Test
  void aServiceOverItsRouterSideRateLimitGetsTheSdksRateLimitException() {
    OpenAIClient limited = sdk(router(FailoverPolicy.builder()
        .rateLimit("default", RateLimit.requests(1, java.time.Duration.ofHours(1)))));
    local.enqueue(Replay.json("ollama/v1_chat_completion.response.json"));
    limited.chat().completions().create(params().build());

    RateLimitException e = catchThrowableOfType(RateLimitException.class,
        () -> limited.chat().completions().create(params().build()));

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage()).contains("over its rate limit");
    assertThat(local.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aStreamThatBreaksAfterTheFirstTokenRaisesTheSdksSseException() {
    String longEvent = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + "x".repeat(4000) + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    local.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n" + longEvent)
        .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
    StringBuilder text = new StringBuilder();

    SseException e = catchThrowableOfType(SseException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params().build())) {
        stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
      }
    });

    assertThat(text.toString()).isEqualTo("Hel");
    assertThat(e.getMessage()).contains("not failing over mid-answer");
  }

  @Test
  void otherCallsGoThroughUntouched() throws Exception {
    openai.enqueue(Replay.json("openai/models_list.response.strict.json"));

    var models = sdk().models().list();

    assertThat(models.data()).isNotEmpty();
    RecordedRequest sent = openai.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent.getMethod()).isEqualTo("GET");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/models");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-not-used");
    assertThat(local.getRequestCount()).isZero();
    assertThat(RoutingInterceptor.routes(new Request.Builder().url(openai.url("/v1/chat/completions")).build()))
        .as("GET lists stored completions: not routed").isFalse();
    assertThat(RoutingInterceptor.routes(new Request.Builder().url(openai.url("/openai/deployments/d/chat/completions"))
        .post(okhttp3.RequestBody.create(new byte[0])).build())).as("Azure path").isTrue();
  }

  @Test
  void aBadRequestComesBackAsTheSdksOwn400() {
    local.enqueue(Replay.jsonBody(400, Fixtures.read("llamacpp_recorded/n2.response.txt").lines().findFirst().orElseThrow()));

    assertThatThrownBy(() -> sdk().chat().completions().create(params().n(2).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessageContaining("Value must be between 1 <= value <= 1");
    assertThat(fallback.getRequestCount()).isZero(); // a request fault is not failed over
  }

  @Test
  void whenNoBackendCanAnswerTheSdkSeesAServerError() {
    local.enqueue(new MockResponse.Builder().code(500).body("down").build());
    fallback.enqueue(new MockResponse.Builder().code(500).body("down too").build());

    assertThatThrownBy(() -> sdk().chat().completions().create(params().build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
  }

  @Test
  void routedAnswersNameTheBackendInAHeader() throws Exception {
    local.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(RoutingInterceptor.of(router())).build();
    Request post = new Request.Builder().url(openai.url("/v1/chat/completions"))
        .post(okhttp3.RequestBody.create("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            okhttp3.MediaType.get("application/json"))).build();

    try (Response r = client.newCall(post).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-switchboard-backend")).isEqualTo("local");
      assertThat(r.header("x-switchboard-tier")).isEqualTo("local");
    }
    Request bad = post.newBuilder().post(okhttp3.RequestBody.create("{not json",
        okhttp3.MediaType.get("application/json"))).build();
    try (Response r = client.newCall(bad).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("invalid_request_error");
    }
  }

  @Test
  void aStreamThatBreaksAfterTheFirstTokenEndsWithAnErrorEvent() throws Exception {
    String longEvent = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + "x".repeat(4000) + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    local.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n" + longEvent)
        .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(RoutingInterceptor.of(router())).build();
    Request post = new Request.Builder().url(openai.url("/v1/chat/completions"))
        .post(okhttp3.RequestBody.create(
            "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            okhttp3.MediaType.get("application/json"))).build();

    try (Response r = client.newCall(post).execute()) {
      String body = r.body().string();
      assertThat(r.code()).isEqualTo(200);
      assertThat(body).contains("\"content\":\"Hel\"").contains("event: error")
          .contains("not failing over mid-answer").doesNotContain("[DONE]");
    }
    assertThat(fallback.getRequestCount()).isZero(); // output had reached the caller: no splicing
  }

  @Test
  void aBodyTheApiWouldRefuseIsA400NamingTheFieldAndNoBackendIsCalled() throws Exception {
    dev.switchboard.router.testing.FakeChatClient fake = dev.switchboard.router.testing.FakeChatClient.replying("fake", "ok");
    RoutingChatClient router = RoutingChatClient.builder().tiers("local")
        .backend(Backend.builder("fake").tier("local").client(fake).build()).build();
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(RoutingInterceptor.of(router)).build();
    String[] bodies = {
        "{\"model\":\"x\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"x\",\"temperature\":1e9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\"}]}",
    };
    String[] named = {
        "temperature must be a number from 0 to 2, but was \\\"hot\\\" (a string)",
        "temperature must be a number from 0 to 2, but was 1000000000 (a number)",
        "messages[0]: a user message needs content",
    };
    for (int i = 0; i < bodies.length; i++) {
      Request post = new Request.Builder().url(openai.url("/v1/chat/completions"))
          .post(okhttp3.RequestBody.create(bodies[i], okhttp3.MediaType.get("application/json"))).build();
      try (Response r = client.newCall(post).execute()) {
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.body().string()).contains("invalid_request_error").contains(named[i]);
      }
    }
    assertThat(fake.callCount()).isZero();
    assertThat(openai.getRequestCount()).isZero();
  }
}
