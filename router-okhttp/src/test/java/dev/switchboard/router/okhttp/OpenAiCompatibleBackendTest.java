package dev.switchboard.router.okhttp;

import static dev.switchboard.router.okhttp.Replay.await;
import static dev.switchboard.router.okhttp.Replay.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.StreamHandle;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiCompatibleBackendTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop
  final MockWebServer server = new MockWebServer();

  private OpenAiCompatibleBackend.Builder backend() {
    return OpenAiCompatibleBackend.builder("test").baseUrl(server.url("/v1").toString()).apiKey(() -> "sk-test-123");
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().model("m").user("Say hello").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "openai/chat_completion_default.response.json",
      "openai/chat_completion_image_input.response.json",
      "openai/chat_completion_logprobs.response.json",
      "openai/chat_completion_tool_calls.response.json",
      "openai/schema_CreateChatCompletionResponse.example.json",
      "ollama/v1_chat_completion.response.json",
      "llamacpp_recorded/chat_nonstream.response.json",
      "llamacpp_recorded/chat_tools_required.response.json"})
  void everyRecordedAnswerComesBackWhole(String fixture) throws Exception {
    server.enqueue(Replay.json(fixture));

    ChatResponse r = backend().build().chat(hello());

    assertThat(JSON.readTree(r.toJson())).isEqualTo(JSON.readTree(Fixtures.read(fixture)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "openai/chat_completion_default.request.curl.sh",
      "openai/chat_completion_image_input.request.curl.sh",
      "openai/chat_completion_tool_calls.request.curl.sh",
      "openai/chat_completion_logprobs.request.curl.sh"})
  void sendsTheRequestBodyAsItIsWithAuthAndHeaders(String curl) throws Exception {
    String body = Fixtures.curlBody(Fixtures.read(curl));
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));

    backend().header("OpenAI-Organization", "org-1").build().chat(ChatRequest.fromJson(body));

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-123");
    assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-1");
    assertThat(JSON.readTree(sent.getBody().utf8())).isEqualTo(JSON.readTree(body));
  }

  @Test
  void aPlainCallDropsStreamFlagsTheCallerLeftIn() throws Exception {
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    ChatRequest streaming = ChatRequest.fromJson(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}");

    backend().build().chat(streaming);

    JsonNode sent = JSON.readTree(server.takeRequest().getBody().utf8());
    assertThat(sent.has("stream")).isFalse();
    assertThat(sent.has("stream_options")).isFalse();
  }

  @Test
  void chatAsyncAnswersOffTheCallersThread() throws Exception {
    server.enqueue(Replay.json("ollama/v1_chat_completion.response.json"));

    ChatResponse r = await(backend().build().chatAsync(hello()));

    assertThat(r.model()).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "openai/chat_completion_streaming.derived.sse.txt",
      "openai/schema_CreateChatCompletionStreamResponse.example.derived.sse.txt",
      "llamacpp_recorded/chat_stream_include_usage.sse.txt",
      "llamacpp_recorded/chat_stream_no_usage.sse.txt",
      "aimock_recorded/chat_stream_tool_calls.sse.txt"})
  void everyRecordedStreamIsDeliveredAndAssembled(String fixture) throws Exception {
    server.enqueue(Replay.sseFixture(fixture));
    Replay.Recorder listener = new Replay.Recorder();

    StreamHandle h = backend().build().stream(hello(), listener);
    ChatResponse whole = await(h.completion());

    var data = Fixtures.sseData(Fixtures.read(fixture));
    assertThat(listener.chunks).hasSize(data.size());
    StringBuilder expected = new StringBuilder();
    for (String d : data) {
      JsonNode c = JSON.readTree(d).path("choices").path(0).path("delta").path("content");
      expected.append(c.isTextual() ? c.textValue() : "");
    }
    assertThat(whole.content()).isEqualTo(expected.toString()).isEqualTo(listener.text());
    assertThat(listener.ends).containsExactly(whole);
  }

  @Test
  void streamsAskForUsageAndAssembleIt() throws Exception {
    server.enqueue(Replay.sseFixture("llamacpp_recorded/chat_stream_include_usage.sse.txt"));

    ChatResponse whole = await(backend().build().stream(hello(), new Replay.Recorder()).completion());

    JsonNode sent = JSON.readTree(server.takeRequest().getBody().utf8());
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(server.takeRequest(0, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    assertThat(whole.usage()).hasValueSatisfying(u -> {
      assertThat(u.promptTokens()).isEqualTo(19);
      assertThat(u.completionTokens()).isEqualTo(4);
      assertThat(u.cachedPromptTokens()).isEqualTo(18);
    });
    assertThat(whole.finishReason()).contains("length");
  }

  @Test
  void streamUsageCanBeTurnedOffAndTheCallersOwnStreamOptionsWin() throws Exception {
    server.enqueue(Replay.sseFixture("llamacpp_recorded/chat_stream_no_usage.sse.txt"));
    server.enqueue(Replay.sseFixture("llamacpp_recorded/chat_stream_no_usage.sse.txt"));
    ChatRequest own = hello().toBuilder().field("stream_options", JSON.readTree("{\"include_usage\":false}")).build();

    await(backend().streamUsage(false).build().stream(hello(), new Replay.Recorder()).completion());
    await(backend().build().stream(own, new Replay.Recorder()).completion());

    assertThat(JSON.readTree(server.takeRequest().getBody().utf8()).has("stream_options")).isFalse();
    assertThat(JSON.readTree(server.takeRequest().getBody().utf8()).at("/stream_options/include_usage").asBoolean())
        .isFalse();
  }

  @Test
  void ollamaStreamWithAWholeToolCallInOneChunk() throws Exception {
    String body = Fixtures.read("ollama/v1_chat_completion.stream_tool_call_chunk.sse.txt")
        + "data: {\"id\":\"chatcmpl-304\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
    server.enqueue(Replay.sse(body));

    ChatResponse whole = await(backend().build().stream(hello(), new Replay.Recorder()).completion());

    JsonNode call = whole.message().orElseThrow().field("tool_calls").orElseThrow().get(0);
    assertThat(call.path("id").asText()).isEqualTo("call_lbcjwr0u");
    assertThat(call.at("/function/name").asText()).isEqualTo("run_command");
    assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"command\":\"ls -a\"}");
    assertThat(whole.finishReason()).contains("tool_calls");
  }

  @Test
  void aStreamedToolCallInPiecesIsMerged() throws Exception {
    server.enqueue(Replay.sseFixture("aimock_recorded/chat_stream_tool_calls.sse.txt"));

    ChatResponse whole = await(backend().build().stream(hello(), new Replay.Recorder()).completion());

    JsonNode call = whole.message().orElseThrow().field("tool_calls").orElseThrow().get(0);
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"location\":\"Paris\"}");
    assertThat(whole.usage().orElseThrow().totalTokens()).isEqualTo(10);
  }

  @Test
  void ollamaExcerptStreamsTextAsItArrives() throws Exception {
    server.enqueue(Replay.sse(Fixtures.read("ollama/v1_chat_completion.stream_excerpt.sse.txt") + "data: [DONE]\n\n"));
    Replay.Recorder listener = new Replay.Recorder();

    ChatResponse whole = await(backend().build().stream(hello(), listener).completion());

    assertThat(listener.text()).isEqualTo("Higress");
    assertThat(whole.content()).isEqualTo("Higress");
  }

  @Test
  void aServerThatIgnoresStreamTrueIsReplayedAsChunks() throws Exception {
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    Replay.Recorder listener = new Replay.Recorder();

    ChatResponse whole = await(backend().build().stream(hello(), listener).completion());

    assertThat(listener.text()).isEqualTo(whole.content()).isNotEmpty();
    assertThat(whole.usage()).isPresent();
  }

  @Test
  void azureUsesDeploymentUrlApiVersionAndApiKeyHeader() throws Exception {
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    OpenAiCompatibleBackend azure = backend().baseUrl(server.url("/").toString()).azure("gpt4o-prod", "2024-10-21").build();

    azure.chat(hello());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions");
    assertThat(sent.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo("sk-test-123");
    assertThat(sent.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void theKeyIsReadFromTheNamedVariableOnEveryCall() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(Map.of("MY_KEY", "sk-first"));
    OpenAiCompatibleBackend b = backend().environment(env::get).apiKeyFromEnv("MY_KEY").build();
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));

    b.chat(hello());
    env.put("MY_KEY", "sk-rotated");
    b.chat(hello());

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-first");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-rotated");
  }

  @Test
  void aMissingKeyNamesTheVariableAndSendsNothing() {
    OpenAiCompatibleBackend b = backend().environment(name -> null).apiKeyFromEnv("OPENAI_API_KEY").build();

    assertThatThrownBy(() -> b.chat(hello()))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAUTHORIZED))
        .hasMessageContaining("OPENAI_API_KEY");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theKeyNeverAppearsInToStringOrErrors() throws Exception {
    String key = "sk-secret-value-42";
    server.enqueue(Replay.jsonBody(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + key
        + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    OpenAiCompatibleBackend b = backend().apiKey(() -> key).build();

    assertThat(b.toString()).doesNotContain(key).contains("test");
    assertThatThrownBy(() -> b.chat(hello()))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.UNAUTHORIZED);
          assertThat(e.status()).hasValue(401);
          assertThat(e.providerMessage()).hasValueSatisfying(m -> assertThat(m).doesNotContain(key).contains("[redacted]"));
        })
        .message().doesNotContain(key);
  }

  @Test
  void authHeadersCannotBeSetAsPlainHeaders() {
    assertThatThrownBy(() -> backend().header("Authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
    assertThatThrownBy(() -> backend().baseUrl("not a url")).hasMessageContaining("not a url");
    assertThatThrownBy(() -> backend().firstTokenTimeout(java.time.Duration.ZERO)).hasMessageContaining("firstTokenTimeout");
  }

  @Test
  void theBuilderFollowsTheConfigurationErrorConvention() {
    // docs/api.md, "Configuration errors": bad value IAE, null object NPE naming it.
    assertThatThrownBy(() -> backend().callTimeout(java.time.Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout must be positive: PT-1S");
    assertThatThrownBy(() -> backend().callTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("callTimeout");
    assertThatThrownBy(() -> backend().maxResponseBytes(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResponseBytes must be positive: -1");
    assertThatThrownBy(() -> backend().httpClient(null))
        .isInstanceOf(NullPointerException.class).hasMessage("httpClient");
    assertThatThrownBy(() -> backend().name(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backend name must not be blank");
  }

  @Test
  void aLocalServerGetsNoAuthHeader() throws Exception {
    server.enqueue(Replay.json("ollama/v1_chat_completion.response.json"));

    Providers.ollama().baseUrl(server.url("/v1").toString()).build().chat(hello());

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void anApplicationClientIsDerivedFromSoItsInterceptorsSeeEveryCall() throws Exception {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    okhttp3.OkHttpClient mine = new okhttp3.OkHttpClient.Builder()
        .addInterceptor(chain -> {
          seen.add(chain.request().url().encodedPath());
          return chain.proceed(chain.request());
        }).build();
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    server.enqueue(Replay.sseFixture("llamacpp_recorded/chat_stream_no_usage.sse.txt"));
    OpenAiCompatibleBackend b = backend().httpClient(mine).build();

    b.chat(hello());
    await(b.stream(hello(), new Replay.Recorder()).completion());

    assertThat(seen).containsExactly("/v1/chat/completions", "/v1/chat/completions");
  }
}
