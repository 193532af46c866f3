package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.StreamAssembler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void badJsonIsATypedErrorThatSaysWhatIsWrong() {
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\": [")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ChatRequest.fromJson("[1,2]")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be a JSON object but was array");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"model\":\"x\"}")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("non-empty \"messages\"");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"content\":\"hi\"}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("\"role\"");
    // A bad reply is the sender's fault, not the request's.
    assertThatThrownBy(() -> ChatResponse.fromJson("<html>502 Bad Gateway</html>"))
        .isInstanceOf(MalformedResponseException.class).isNotInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ChatResponse.fromJson("{\"id\":\"x\"}")).isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("\"choices\"");
    assertThatThrownBy(() -> ChatResponse.fromJson("{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"))
        .isInstanceOf(MalformedResponseException.class).hasMessageContaining("\"role\"");
    assertThatThrownBy(() -> ChatChunk.fromJson("data: {")).isInstanceOf(MalformedResponseException.class);
    assertThatThrownBy(() -> Usage.fromJson("[]")).isInstanceOf(MalformedResponseException.class);
  }

  @Test
  void buildersValidateAndValuesAreImmutable() {
    assertThatThrownBy(() -> ChatRequest.builder().build()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at least one message");
    assertThatThrownBy(() -> ChatRequest.builder().temperature(3)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("temperature must be a number from 0 to 2, but was 3.0 (a number)");
    assertThatThrownBy(() -> ChatRequest.builder().maxTokens(0)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("max_tokens must be an integer from 1 to 2147483647, but was 0 (an integer)");
    ChatRequest r = ChatRequest.builder().system("be brief").user("hi").temperature(0).maxTokens(20).build();
    assertThatThrownBy(() -> r.messages().add(ChatMessage.user("x"))).isInstanceOf(UnsupportedOperationException.class);
    r.toJsonNode().put("model", "changed");
    assertThat(r.model()).isEmpty();
    assertThat(r.temperature()).hasValue(0.0);
    assertThat(r.maxTokens()).hasValue(20);
    assertThat(r.lastUserMessage().map(ChatMessage::text)).hasValue("hi");
  }

  @Test
  void messageTextJoinsTextPartsAndSpotsImages() {
    ChatRequest r = ChatRequest.fromJson(Fixtures.curlBody(Fixtures.read("openai/chat_completion_image_input.request.curl.sh")));
    ChatMessage m = r.messages().get(0);
    assertThat(m.text()).isEqualTo("What is in this image?");
    assertThat(m.hasImage()).isTrue();
    assertThat(r.hasImages()).isTrue();
  }

  @Test
  void toStringNeverPrintsThePrompt() {
    ChatRequest r = ChatRequest.builder().user("my secret diagnosis").build();
    assertThat(r.toString()).doesNotContain("secret");
    assertThat(r.messages().get(0).toString()).doesNotContain("secret");
  }

  @Test
  void assemblerRebuildsAStreamedAnswerWithUsage() {
    StreamAssembler a = new StreamAssembler();
    for (String data : Fixtures.sseData(Fixtures.read("llamacpp_recorded/chat_stream_include_usage.sse.txt"))) {
      a.add(ChatChunk.fromJson(data));
    }
    ChatResponse r = a.toResponse();
    assertThat(r.content()).isNotEmpty();
    assertThat(r.finishReason()).isPresent();
    assertThat(r.usage()).isPresent();
    assertThat(r.usage().get().completionTokens()).isPositive();
  }

  @Test
  void assemblerMergesToolCallsSentInPiecesOrWhole() {
    StreamAssembler pieces = new StreamAssembler();
    Fixtures.sseData(Fixtures.read("aimock_recorded/chat_stream_tool_calls.sse.txt"))
        .forEach(d -> pieces.add(ChatChunk.fromJson(d)));
    ChatResponse r = pieces.toResponse();
    assertThat(r.hasToolCalls()).isTrue();
    var call = r.message().orElseThrow().field("tool_calls").orElseThrow().get(0);
    assertThat(call.path("function").path("name").asText()).isNotEmpty();
    // the arguments arrive in pieces; assembled they are one JSON document
    assertThat(call.path("function").path("arguments").asText()).startsWith("{").endsWith("}");

    StreamAssembler whole = new StreamAssembler();
    Fixtures.sseData(Fixtures.read("ollama/v1_chat_completion.stream_tool_call_chunk.sse.txt"))
        .forEach(d -> whole.add(ChatChunk.fromJson(d)));
    assertThat(whole.toResponse().hasToolCalls()).isTrue();
  }

  @Test
  void splitThenAssembleGivesBackTheSameAnswer() {
    ChatResponse original = ChatResponse.fromJson(Fixtures.read("openai/chat_completion_tool_calls.response.json"));
    StreamAssembler a = new StreamAssembler();
    List<ChatChunk> chunks = StreamAssembler.split(original);
    chunks.forEach(a::add);
    ChatResponse back = a.toResponse();
    assertThat(back.message().orElseThrow().field("tool_calls")).isEqualTo(original.message().orElseThrow().field("tool_calls"));
    assertThat(back.finishReason()).isEqualTo(original.finishReason());
    assertThat(back.usage()).isEqualTo(original.usage());
    assertThat(chunks.stream().anyMatch(ChatChunk::hasOutput)).isTrue();
  }

  @Test
  void priceIsExactDecimalArithmetic() {
    Price p = Price.perMillionTokens(0.15, 0.60).withCachedInput(0.075);
    Usage u = Usage.builder().promptTokens(1_000_000).cachedPromptTokens(1_000_000).completionTokens(1).build();
    assertThat(p.cost(u)).isEqualByComparingTo("0.0750006");
    assertThat(Price.perMillionTokens(1, 1).withBatchDiscount(0.5).batchCost(Usage.of(1_000_000, 0))).isEqualByComparingTo("0.5");
    assertThatThrownBy(() -> Price.perMillionTokens(-1, 0)).hasMessageContaining("non-negative");
    assertThatThrownBy(() -> Price.perMillionTokens(1, 1).withBatchDiscount(1.0)).hasMessageContaining("[0, 1)");
  }

  @Test
  void aRouteInfoIsBuiltFromItsDecisionAndRebuiltUnchanged() {
    RoutingDecision d = new RoutingDecision(Classification.hinted(TaskCategory.EXTRACTION), "cheap", List.of(),
        List.of("category extraction from the application's hint"));
    RouteInfo r = RouteInfo.builder(d).service("billing").servedBy("big", "capable").model("gpt")
        .attempts(List.of(Attempt.success("big", "capable", java.time.Duration.ofMillis(3))))
        .cost(new java.math.BigDecimal("0.0120"), true).latency(java.time.Duration.ofMillis(5)).build();
    assertThat(r.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(r.plannedTier()).isEqualTo("cheap");
    assertThat(r.tier()).isEqualTo("capable");
    assertThat(r.costEstimated()).isTrue();
    assertThat(r.cacheHit()).isFalse();
    assertThat(r.reason()).contains("served by tier capable instead of cheap");
    assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
    assertThat(r.toBuilder().cacheHit(true).build()).isNotEqualTo(r);
    assertThatThrownBy(() -> RouteInfo.builder(d).build()).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("backend");
  }
}
