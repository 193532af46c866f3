package dev.switchboard.router.okhttp;

import static dev.switchboard.router.okhttp.Replay.await;
import static dev.switchboard.router.okhttp.Replay.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.budget.InMemoryBudgetLedger;
import java.math.BigDecimal;
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

  // ---- prompt-cache pricing ----

  private RoutingChatClient routerAt(Price price) {
    return RoutingChatClient.builder()
        .tiers("cloud")
        .ledger(new InMemoryBudgetLedger())
        .backend(Backend.builder("claude").tier("cloud").model("claude-opus-4-6").price(price).client(backend()).build())
        .build();
  }

  @Test
  void theAnthropicPresetPricesCacheWritesAndReadsAtAnthropicsMultipliers() {
    Price p = Providers.anthropicPrice(3.00, 15.00);

    // Sonnet 4.5's row of https://platform.claude.com/docs/en/build-with-claude/prompt-caching#pricing
    assertThat(p.inputPerMillion()).isEqualByComparingTo("3");
    assertThat(p.cacheWritePerMillion()).isEqualByComparingTo("3.75");
    assertThat(p.cacheWrite1hPerMillion()).isEqualByComparingTo("6");
    assertThat(p.cachedInputPerMillion()).isEqualByComparingTo("0.30");
    assertThat(p.outputPerMillion()).isEqualByComparingTo("15");
    // Haiku 3's row: $0.25 in, writes $0.3125 (the table rounds to $0.30), 1h $0.50, reads $0.025 (table: $0.03)
    Price haiku3 = Providers.anthropicPrice(0.25, 1.25);
    assertThat(haiku3.cacheWritePerMillion()).isEqualByComparingTo("0.3125");
    assertThat(haiku3.cacheWrite1hPerMillion()).isEqualByComparingTo("0.5");
    assertThat(haiku3.cachedInputPerMillion()).isEqualByComparingTo("0.025");
  }

  @Test
  void aRecordedReplyWithCacheWritesAndReadsIsChargedToTheNanoDollar() {
    server.enqueue(Replay.json("anthropic/messages_create_cache_usage.response.json"));
    RoutingChatClient router = routerAt(Providers.anthropicPrice(5.00, 25.00)); // Opus 4.6, the fixture's model

    ChatResponse r = router.chat(ChatRequest.builder().user("Hello, world").build());

    Usage u = r.usage().orElseThrow();
    assertThat(u.promptTokens()).isEqualTo(2095 + 2051 + 2051);
    assertThat(u.cachedPromptTokens()).isEqualTo(2051);
    assertThat(u.cacheWriteTokens()).isEqualTo(2051);
    assertThat(u.cacheWrite1hTokens()).isZero(); // the fixture's breakdown says 0 for both lifetimes
    assertThat(u.completionTokens()).isEqualTo(503);
    assertThat(u.field("cache_creation")).isEqualTo(tree0("{\"ephemeral_1h_input_tokens\":0,\"ephemeral_5m_input_tokens\":0}"));
    // 2095 x $5 + 2051 reads x $0.50 + 2051 writes x $6.25 + 503 x $25 = $36,894.25 per million calls
    RouteInfo route = r.route();
    assertThat(route.costEstimated()).isFalse();
    assertThat(route.cost()).isEqualByComparingTo("0.03689425");
    assertThat(router.spentToday("default")).isEqualByComparingTo("0.03689425"); // 36,894,250 nano-dollars
    // a price with input and output only charges every prompt token at the input price
    assertThat(Price.perMillionTokens(5.00, 25.00).cost(u)).isEqualByComparingTo("0.04356");
  }

  private static final String SPLIT_USAGE = "\"input_tokens\":50,\"cache_read_input_tokens\":1000,"
      + "\"cache_creation_input_tokens\":556,"
      + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":456,\"ephemeral_1h_input_tokens\":100}";

  @Test
  void oneHourCacheWritesAreChargedAtTheirOwnRatePlainAndStreamed() throws Exception {
    // The 456 / 100 split is the prompt-caching doc's own example of a response with both lifetimes.
    server.enqueue(Replay.jsonBody(200, "{\"id\":\"msg_4\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
        + "\"stop_reason\":\"end_turn\",\"usage\":{" + SPLIT_USAGE + ",\"output_tokens\":20}}"));
    // Streamed: message_start carries the input side, message_delta the cumulative counts (cache ones included).
    server.enqueue(Replay.sse("event: message_start\n"
        + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_5\",\"model\":\"claude-sonnet-4-5\","
        + "\"content\":[],\"usage\":{" + SPLIT_USAGE + ",\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
        + "\"usage\":{" + SPLIT_USAGE + ",\"output_tokens\":20}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    Price sonnet = Providers.anthropicPrice(3.00, 15.00);

    Usage plain = backend().chat(ChatRequest.builder().user("hi").build()).usage().orElseThrow();
    Usage streamed = await(backend().stream(ChatRequest.builder().user("hi").build(), new Replay.Recorder()).completion())
        .usage().orElseThrow();

    for (Usage u : new Usage[] {plain, streamed}) {
      assertThat(u.promptTokens()).isEqualTo(1606);
      assertThat(u.cachedPromptTokens()).isEqualTo(1000);
      assertThat(u.cacheWriteTokens()).isEqualTo(556);
      assertThat(u.cacheWrite1hTokens()).isEqualTo(100);
      assertThat(u.completionTokens()).isEqualTo(20);
      // 50 x $3 + 1000 x $0.30 + 456 x $3.75 + 100 x $6 + 20 x $15 = $3,060 per million
      assertThat(sonnet.cost(u)).isEqualByComparingTo(new BigDecimal("0.00306"));
    }
    assertThat(streamed).isEqualTo(plain);
  }

  // ---- thinking ----

  private static JsonNode tree0(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A backend whose server answers with these recorded replies, in order. */
  private AnthropicBackend replaying(String... fixtures) {
    for (String f : fixtures) {
      server.enqueue(Replay.json(f));
    }
    return backend();
  }

  /** The assistant turn as sent back to Anthropic in the next request. */
  private JsonNode sentAssistantContent() throws Exception {
    JsonNode sent = tree(server.takeRequest().getBody().utf8());
    for (JsonNode m : sent.get("messages")) {
      if (m.path("role").asText().equals("assistant")) {
        return m.get("content");
      }
    }
    throw new AssertionError("no assistant turn sent: " + sent);
  }

  @Test
  void thinkingBeforeAToolCallSurvivesAndGoesBackUnchangedWithTheToolResult() throws Exception {
    JsonNode recorded = tree(Fixtures.read("anthropic/messages_thinking_tool_use.response.json"));
    AnthropicBackend claude = replaying("anthropic/messages_thinking_tool_use.response.json",
        "anthropic/messages_basic.response.json");
    ChatRequest first = ChatRequest.fromJson("""
        {"model":"claude-sonnet-4-5","max_tokens":16000,"thinking":{"type":"enabled","budget_tokens":10000},
         "messages":[{"role":"user","content":"What's the weather in Paris?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
        """);

    ChatResponse r = claude.chat(first);

    ChatMessage answer = r.message().orElseThrow();
    assertThat(answer.text()).isEqualTo("I can help you get the current weather information for Paris. Let me check that for you");
    assertThat(answer.field("reasoning_content").orElseThrow().asText())
        .isEqualTo("The user wants to know the current weather in Paris. I have access to a function `get_weather`...");
    assertThat(answer.field("thinking_blocks").orElseThrow()).containsExactly(recorded.at("/content/0"));
    assertThat(answer.field("tool_calls").orElseThrow().at("/0/id").asText()).isEqualTo("toolu_01CswdEQBMshySk6Y9DFKrfq");
    assertThat(tree(server.takeRequest().getBody().utf8()).get("thinking"))
        .isEqualTo(tree("{\"type\":\"enabled\",\"budget_tokens\":10000}"));

    // The application answers the tool call, sending the assistant message back as it got it.
    ChatRequest second = first.toBuilder()
        .message(answer)
        .message(ChatMessage.tool("toolu_01CswdEQBMshySk6Y9DFKrfq", "Current temperature: 88F"))
        .build();
    claude.chat(second);

    assertThat(sentAssistantContent()).isEqualTo(recorded.get("content")); // thinking, text, tool_use: as recorded
  }

  @Test
  void redactedThinkingSurvivesInOrderAndGoesBackUnchanged() throws Exception {
    JsonNode recorded = tree(Fixtures.read("anthropic/messages_redacted_thinking.response.json"));
    AnthropicBackend claude = replaying("anthropic/messages_redacted_thinking.response.json",
        "anthropic/messages_basic.response.json");

    ChatResponse r = claude.chat(ChatRequest.builder().user("Analyse this.").build());

    ChatMessage answer = r.message().orElseThrow();
    assertThat(answer.text()).isEqualTo("Based on my analysis...");
    assertThat(answer.field("reasoning_content").orElseThrow().asText()).isEqualTo("Let me analyze this step by step...");
    assertThat(answer.field("thinking_blocks").orElseThrow())
        .containsExactly(recorded.at("/content/0"), recorded.at("/content/1"));
    // The OpenAI-shaped response keeps them through its own JSON, as a caller would store and resend it.
    ChatMessage resent = ChatResponse.fromJson(r.toJson()).message().orElseThrow();
    server.takeRequest();

    claude.chat(ChatRequest.builder().user("Analyse this.").message(resent).user("And then?").build());

    assertThat(sentAssistantContent()).isEqualTo(recorded.get("content"));
  }

  @Test
  void aStreamedThinkingBlockAssemblesWithItsSignatureAndGoesBackUnchanged() throws Exception {
    server.enqueue(Replay.sseFixture("anthropic/messages_thinking_stream.sse.txt"));
    AnthropicBackend claude = replaying("anthropic/messages_basic.response.json");
    Replay.Recorder listener = new Replay.Recorder();

    ChatResponse whole = await(claude.stream(ChatRequest.builder().user("What is 27 * 453?").build(), listener).completion());

    String thought = "Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3"
        + "\n3. 27 * 400 = 10,800\n4. 27 * 50 = 1,350\n5. 27 * 3 = 81\n6. 10,800 + 1,350 + 81 = 12,231";
    ChatChunk firstThought = listener.chunks.stream().filter(ChatChunk::hasOutput).findFirst().orElseThrow();
    assertThat(firstThought.toJsonNode().at("/choices/0/delta/reasoning_content").asText())
        .isEqualTo("Let me solve this step by step:\n\n1. First break down 27 * 453");
    assertThat(listener.text()).isEqualTo("27 * 453 = 12,231");
    ChatMessage answer = whole.message().orElseThrow();
    assertThat(answer.text()).isEqualTo("27 * 453 = 12,231");
    assertThat(answer.field("reasoning_content").orElseThrow().asText()).isEqualTo(thought);
    JsonNode block = tree("{\"type\":\"thinking\",\"thinking\":" + JSON.writeValueAsString(thought)
        + ",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...\"}");
    assertThat(answer.field("thinking_blocks").orElseThrow()).containsExactly(block);
    assertThat(whole.finishReason()).contains("stop");
    // The documented stream reports no usage: the call is left to the router's estimate, not charged as 0 tokens.
    assertThat(whole.usage()).isEmpty();
    server.takeRequest();

    claude.chat(ChatRequest.builder().user("What is 27 * 453?").message(answer).user("Check it.").build());

    assertThat(sentAssistantContent()).isEqualTo(tree("[" + block + ",{\"type\":\"text\",\"text\":\"27 * 453 = 12,231\"}]"));
  }

  @Test
  void aStreamedReplyWithRedactedThinkingAssemblesLikeThePlainOne() throws Exception {
    JsonNode recorded = tree(Fixtures.read("anthropic/messages_redacted_thinking.response.json")).get("content");
    // The recorded reply's blocks, streamed the way the streaming doc shows: a thinking block's text and
    // signature arrive in deltas; a redacted block arrives whole in its content_block_start.
    server.enqueue(Replay.sse("event: message_start\n"
        + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_6\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
        + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me analyze \"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"this step by step...\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"signature_delta\",\"signature\":" + recorded.at("/0/signature") + "}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
        + "\"content_block\":" + recorded.get(1) + "}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Based on my analysis...\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
        + "\"usage\":{\"output_tokens\":30}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    AnthropicBackend claude = replaying("anthropic/messages_redacted_thinking.response.json");

    ChatMessage streamed = await(claude.stream(ChatRequest.builder().user("Analyse this.").build(),
        new Replay.Recorder()).completion()).message().orElseThrow();
    ChatMessage plain = claude.chat(ChatRequest.builder().user("Analyse this.").build()).message().orElseThrow();

    assertThat(streamed).isEqualTo(plain);
    assertThat(streamed.field("thinking_blocks").orElseThrow()).containsExactly(recorded.get(0), recorded.get(1));
  }

  @Test
  void thinkingBlocksThatAreNotObjectsAreRefusedBeforeAnythingIsSent() {
    ChatMessage bad = ChatMessage.builder(ChatMessage.ASSISTANT).content("ok")
        .field("thinking_blocks", tree0("[\"not a block\"]")).build();

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> backend().chat(ChatRequest.builder().user("hi").message(bad).user("more").build()));

    assertThat(e).hasMessageContaining("thinking_blocks must be the objects Anthropic sent");
    assertThat(server.getRequestCount()).isZero();
  }
}
