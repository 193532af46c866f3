package dev.switchboard.router.okhttp;

import static dev.switchboard.router.okhttp.Replay.await;
import static dev.switchboard.router.okhttp.Replay.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.ChatMessage;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.Usage;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class AnthropicBackendTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop
  final MockWebServer server = new MockWebServer();

  private AnthropicBackend backend() {
    return AnthropicBackend.builder("claude").baseUrl(server.url("/v1").toString()).apiKey(() -> "sk-ant-test").build();
  }

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void aBasicAnswerIsTranslatedWithItsHeadersAndUsage() throws Exception {
    server.enqueue(Replay.json("anthropic/messages_basic.response.json"));

    ChatResponse r = backend().chat(ChatRequest.builder().model("claude-sonnet-4-5").user("Hello, Claude").build());

    assertThat(r.content()).isEqualTo("Hello!");
    assertThat(r.finishReason()).contains("stop");
    assertThat(r.id()).contains("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(r.model()).contains("claude-sonnet-4-5");
    assertThat(r.usage().orElseThrow().promptTokens()).isEqualTo(12);
    assertThat(r.usage().orElseThrow().completionTokens()).isEqualTo(6);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(sent.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.getHeaders().get("Authorization")).isNull();
    assertThat(tree(sent.getBody().utf8())).isEqualTo(tree(
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello, Claude\"}]}]}"));
  }

  @Test
  void systemMultiTurnImagesAndToolsAreTranslatedToMessages() throws Exception {
    server.enqueue(Replay.json("anthropic/messages_basic.response.json"));
    ChatRequest request = ChatRequest.fromJson("""
        {"model":"claude-sonnet-4-5","max_tokens":300,"temperature":1.5,"stop":"END","parallel_tool_calls":false,
         "messages":[
          {"role":"system","content":"Be brief."},
          {"role":"developer","content":"Use metric units."},
          {"role":"user","content":[{"type":"text","text":"Weather here?"},
             {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
             {"type":"image_url","image_url":{"url":"https://example.com/sky.jpg"}}]},
          {"role":"assistant","content":null,"tool_calls":[
             {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
             {"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"18C, sunny"},
          {"role":"tool","tool_call_id":"call_2","content":"14:05"},
          {"role":"user","content":"Thanks, and tomorrow?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather by city",
           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
         "tool_choice":{"type":"function","function":{"name":"get_weather"}}}
        """);

    backend().chat(request);

    JsonNode sent = tree(server.takeRequest().getBody().utf8());
    assertThat(sent).isEqualTo(tree("""
        {"model":"claude-sonnet-4-5","max_tokens":300,
         "messages":[
          {"role":"user","content":[{"type":"text","text":"Weather here?"},
             {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
             {"type":"image","source":{"type":"url","url":"https://example.com/sky.jpg"}}]},
          {"role":"assistant","content":[
             {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
             {"type":"tool_use","id":"call_2","name":"get_time","input":{}}]},
          {"role":"user","content":[
             {"type":"tool_result","tool_use_id":"call_1","content":"18C, sunny"},
             {"type":"tool_result","tool_use_id":"call_2","content":"14:05"},
             {"type":"text","text":"Thanks, and tomorrow?"}]}],
         "system":"Be brief.\\n\\nUse metric units.",
         "temperature":1.0,
         "stop_sequences":["END"],
         "tools":[{"name":"get_weather","description":"Weather by city",
           "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
         "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}}
        """));
  }

  @Test
  void toolUseAnswersBecomeToolCallsAndCacheTokensBecomeCachedTokens() {
    server.enqueue(Replay.jsonBody(200, """
        {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"text","text":"Let me check."},
                    {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":100,"cache_read_input_tokens":2000,"cache_creation_input_tokens":50,"output_tokens":40}}
        """));

    ChatResponse r = backend().chat(ChatRequest.builder().user("weather?").build());

    assertThat(r.finishReason()).contains("tool_calls");
    assertThat(r.content()).isEqualTo("Let me check.");
    JsonNode call = r.message().orElseThrow().field("tool_calls").orElseThrow().get(0);
    assertThat(call.path("id").asText()).isEqualTo("toolu_01");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    Usage u = r.usage().orElseThrow();
    assertThat(u.promptTokens()).isEqualTo(2150);
    assertThat(u.cachedPromptTokens()).isEqualTo(2000);
    assertThat(u.completionTokens()).isEqualTo(40);
    assertThat(u.field("cache_creation_input_tokens").asInt()).isEqualTo(50);
  }

  @Test
  void stopReasonsMapToFinishReasons() {
    assertThat(dev.switchboard.router.okhttp.internal.AnthropicTranslator.finishReason("end_turn")).isEqualTo("stop");
    assertThat(dev.switchboard.router.okhttp.internal.AnthropicTranslator.finishReason("stop_sequence")).isEqualTo("stop");
    assertThat(dev.switchboard.router.okhttp.internal.AnthropicTranslator.finishReason("max_tokens")).isEqualTo("length");
    assertThat(dev.switchboard.router.okhttp.internal.AnthropicTranslator.finishReason("tool_use")).isEqualTo("tool_calls");
    assertThat(dev.switchboard.router.okhttp.internal.AnthropicTranslator.finishReason("refusal")).isEqualTo("content_filter");
  }

  @Test
  void theRecordedStreamBecomesChunksWithUsage() throws Exception {
    server.enqueue(Replay.sseFixture("anthropic/messages_basic_stream.sse.txt"));
    Replay.Recorder listener = new Replay.Recorder();

    ChatResponse whole = await(backend().stream(ChatRequest.builder().user("Hello").build(), listener).completion());

    assertThat(listener.text()).isEqualTo("Hello!");
    assertThat(whole.content()).isEqualTo("Hello!");
    assertThat(whole.finishReason()).contains("stop");
    assertThat(whole.id()).contains("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
    assertThat(whole.model()).contains("claude-sonnet-4-5-20250929");
    assertThat(whole.usage().orElseThrow().promptTokens()).isEqualTo(25);
    assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(15);
    assertThat(whole.message().orElseThrow().role()).isEqualTo(ChatMessage.ASSISTANT);
    assertThat(tree(server.takeRequest().getBody().utf8()).get("stream").asBoolean()).isTrue();
  }

  @Test
  void aStreamedToolUseIsAssembledIntoAToolCall() throws Exception {
    server.enqueue(Replay.sse("""
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_3","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5","stop_reason":null,"usage":{"input_tokens":30,"cache_read_input_tokens":10,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_9","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": "}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\\"Oslo\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":22}}

        event: message_stop
        data: {"type":"message_stop"}

        """));

    ChatResponse whole = await(backend().stream(ChatRequest.builder().user("weather?").build(),
        new Replay.Recorder()).completion());

    JsonNode call = whole.message().orElseThrow().field("tool_calls").orElseThrow().get(0);
    assertThat(call.path("id").asText()).isEqualTo("toolu_9");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\": \"Oslo\"}");
    assertThat(whole.finishReason()).contains("tool_calls");
    assertThat(whole.usage().orElseThrow().cachedPromptTokens()).isEqualTo(10);
    assertThat(whole.usage().orElseThrow().promptTokens()).isEqualTo(40);
    assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(22);
  }

  @Test
  void anOverloadedEventMidStreamIsARetryableServerError() throws Exception {
    server.enqueue(Replay.sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":1}}}\n\n"
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));

    Throwable t = awaitFailure(backend().stream(ChatRequest.builder().user("hi").build(), new Replay.Recorder()).completion());

    assertThat(t).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
      assertThat(e.retryable()).isTrue();
      assertThat(e.providerMessage()).contains("Overloaded");
    });
  }

  @Test
  void theRecordedErrorShapeGivesTheProviderMessage() {
    server.enqueue(Replay.jsonBody(400, Fixtures.read("anthropic/error_4xx.response.json")));

    BackendException e = catchThrowableOfType(BackendException.class,
        () -> backend().chat(ChatRequest.builder().user("hi").build()));

    assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(e.providerMessage()).contains("<string>");
  }

  @Test
  void aMissingContentArrayIsMalformed() {
    server.enqueue(Replay.jsonBody(200, "{\"id\":\"x\",\"type\":\"message\"}"));

    BackendException e = catchThrowableOfType(BackendException.class,
        () -> backend().chat(ChatRequest.builder().user("hi").build()));

    assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
  }
}
