package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.testing.FakeChatClient;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What the OpenAI API would refuse is refused before anything is sent, by the builder and fromJson alike. */
class RequestValidationTest {

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String body(String field, String value) {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"" + field + "\":" + value + "}";
  }

  @Test
  void aUserMessageWithoutContentIsRefusedNamingTheMessage() {
    assertThatThrownBy(() -> ChatRequest.builder().user(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[0]: a user message needs content: a string or a non-empty array of content parts");
    assertThatThrownBy(() -> ChatRequest.builder().system("be brief").user(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("messages[1]: a user message");
    assertThatThrownBy(() -> ChatRequest.builder().system(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("a system message needs content");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\"}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("messages[0]: a user message needs content");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":null}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("messages[0]: a user message needs content");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "temperature       | '\"hot\"'          | temperature must be a number from 0 to 2, but was \"hot\" (a string)",
      "temperature       | 1e9                | temperature must be a number from 0 to 2, but was 1000000000 (a number)",
      "temperature       | -0.1               | temperature must be a number from 0 to 2, but was -0.1 (a number)",
      "temperature       | '[1]'              | temperature must be a number from 0 to 2, but was an array",
      "top_p             | 1.5                | top_p must be a number from 0 to 1, but was 1.5 (a number)",
      "n                 | 0                  | n must be an integer from 1 to 128, but was 0 (an integer)",
      "n                 | 1.5                | n must be an integer from 1 to 128, but was 1.5 (a number)",
      "n                 | 129                | n must be an integer from 1 to 128, but was 129 (an integer)",
      "max_tokens        | 0                  | max_tokens must be an integer from 1 to 2147483647, but was 0 (an integer)",
      "max_tokens        | 1e12               | max_tokens must be an integer from 1 to 2147483647, but was 1000000000000 (a number)",
      "max_completion_tokens | '\"100\"'      | max_completion_tokens must be an integer from 1 to 2147483647, but was \"100\" (a string)",
      "presence_penalty  | 2.5                | presence_penalty must be a number from -2 to 2, but was 2.5 (a number)",
      "frequency_penalty | -3                 | frequency_penalty must be a number from -2 to 2, but was -3 (an integer)",
      "top_logprobs      | 21                 | top_logprobs must be an integer from 0 to 20, but was 21 (an integer)",
      "seed              | 1.5                | seed must be an integer, but was 1.5 (a number)",
      "stream            | '\"true\"'         | stream must be true or false, but was \"true\" (a string)",
      "logprobs          | 1                  | logprobs must be true or false, but was 1 (an integer)",
      "stop              | 5                  | stop must be a string or an array of strings, but was 5 (an integer)",
      "stop              | '[\"a\", 1]'       | stop must be a string or an array of strings, but was an array",
      "tools             | '{}'               | tools must be an array of tool objects, but was an object",
      "tool_choice       | 3                  | tool_choice must be \"none\", \"auto\", \"required\" or an object naming a tool, but was 3 (an integer)",
      "response_format   | '\"json\"'         | response_format must be an object such as {\"type\": \"json_object\"}, but was \"json\" (a string)",
      "logit_bias        | '{\"50256\": 101}' | logit_bias must be an object mapping token ids to integers from -100 to 100, but was an object",
      "model             | 7                  | model must be a string, but was 7 (an integer)",
      "model             | null               | model must be a string, but was null",
  })
  void aBadValueIsRefusedTheSameWayByTheBuilderAndByFromJson(String field, String value, String message) {
    assertThatThrownBy(() -> ChatRequest.builder().user("hi").field(field, json(value)))
        .isInstanceOf(InvalidRequestException.class).hasMessage(message);
    assertThatThrownBy(() -> ChatRequest.fromJson(body(field, value)))
        .isInstanceOf(InvalidRequestException.class).hasMessage("invalid chat request: " + message);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "temperature | 0", "temperature | 2", "temperature | 0.7", "temperature | null",
      "top_p | 0", "top_p | 1", "n | 1", "n | 128", "n | 2.0", "max_tokens | 1", "max_completion_tokens | 2147483647",
      "presence_penalty | -2", "frequency_penalty | 2", "top_logprobs | 0", "seed | -9007199254740993",
      "stream | false", "stop | '\"END\"'", "stop | '[\"a\", \"b\"]'", "tool_choice | '\"auto\"'",
      "logit_bias | '{\"50256\": -100}'", "response_format | '{\"type\": \"json_object\"}'",
  })
  void valuesTheApiAcceptsPassAndRoundTripExactly(String field, String value) {
    String body = body(field, value);
    assertThat(ChatRequest.fromJson(body).toJsonNode()).isEqualTo(json(body));
    assertThat(ChatRequest.builder().user("hi").field(field, json(value)).build().field(field)).hasValue(json(value));
  }

  @Test
  void theTypedSettersCheckTheSameRules() {
    assertThatThrownBy(() -> ChatRequest.builder().temperature(Double.NaN))
        .isInstanceOf(InvalidRequestException.class).hasMessage("temperature must be a number from 0 to 2, but was NaN (a number)");
    assertThatThrownBy(() -> ChatRequest.builder().topP(1.01))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("top_p must be a number from 0 to 1");
    assertThatThrownBy(() -> ChatRequest.builder().n(0))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("n must be an integer from 1 to 128");
    assertThatThrownBy(() -> ChatRequest.builder().tools(json("{\"type\":\"function\"}")))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("tools must be an array");
    assertThatThrownBy(() -> ChatRequest.builder().field("messages", json("[]")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("message()/messages()");
    assertThat(ChatRequest.builder().user("hi").topP(0).temperature(2).n(128).build().toJson())
        .isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":0.0,\"temperature\":2.0,\"n\":128}");
  }

  @Test
  void eachRoleNeedsWhatTheApiRequires() {
    assertThatThrownBy(() -> ChatRequest.builder().message(ChatMessage.of("bot", "hi")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[0].role must be one of system, developer, user, assistant, tool, function, but was \"bot\"");
    assertThatThrownBy(() -> ChatMessage.builder(" "))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must be one of system, developer");
    assertThatThrownBy(() -> ChatRequest.builder().user("hi").assistant(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[1]: an assistant message needs content or tool_calls");
    assertThatThrownBy(() -> ChatRequest.builder().message(ChatMessage.builder("tool").content("42").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("a tool message needs a \"tool_call_id\" string");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":42}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[0].content must be a string or a non-empty array of content parts, but was an integer");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":[]}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("but was an empty array");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":[\"hi\"]}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[0].content[0] must be a content part object with a \"type\" string");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"function\",\"content\":\"x\"}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("a function message needs a \"name\" string");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"name\":5}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("messages[0].name must be a string, but was an integer");
    assertThatThrownBy(() -> ChatRequest.fromJson(
        "{\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":{\"id\":\"c\"}}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[0].tool_calls must be an array of tool call objects, but was an object");

    // A whole conversation the API accepts: tool call with null content, its result, parts with an image.
    String ok = "{\"messages\":["
        + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"be brief\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"look\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"a cat\"},"
        + "{\"role\":\"assistant\",\"content\":\"A cat.\"},"
        + "{\"role\":\"function\",\"name\":\"legacy\",\"content\":null}]}";
    assertThat(ChatRequest.fromJson(ok).toJsonNode()).isEqualTo(json(ok));
    assertThat(ChatRequest.builder().message(ChatMessage.tool("c1", "a cat")).build().messages()).hasSize(1);
  }

  @Test
  void everyProblemIsNamedAtOnceAndNoPromptAppearsInTheMessage() {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"my secret prompt\"},"
        + "{\"role\":\"assistant\",\"refusal\":\"no\"},{\"role\":\"bot\",\"content\":\"another secret\"}],"
        + "\"temperature\":\"hot\",\"n\":0}";
    assertThatThrownBy(() -> ChatRequest.fromJson(body))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[1]: an assistant message needs content or tool_calls")
        .hasMessageContaining("messages[2].role must be one of")
        .hasMessageContaining("temperature must be a number from 0 to 2, but was \"hot\" (a string)")
        .hasMessageContaining("n must be an integer from 1 to 128, but was 0")
        .message().doesNotContain("secret");
    assertThatThrownBy(() -> ChatRequest.fromJson("{\"messages\":[{\"content\":\"my secret prompt\"}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("messages[0] has no \"role\" string")
        .message().doesNotContain("secret");
  }

  @Test
  void fieldsTheLibraryDoesNotKnowPassUntouched() {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"x-part\":[1,\"a\"]}],"
        + "\"top_k\":\"weird\",\"min_p\":7,\"vendor\":{\"nested\":[null,true]},\"temperature\":null}";
    ChatRequest r = ChatRequest.fromJson(body);
    assertThat(r.toJsonNode()).isEqualTo(json(body));
    assertThat(ChatRequest.builder().user("hi").field("top_k", json("\"weird\"")).build().field("top_k"))
        .hasValue(json("\"weird\""));
  }

  @Test
  void theRouterRefusesARequestItCannotRouteBeforeAnyBackendIsCalled() {
    FakeChatClient local = FakeChatClient.replying("local", "ok");
    RoutingChatClient router = RoutingChatClient.builder().tiers("local")
        .backend(Backend.builder("local").client(local).tier("local").build()).build();
    ChatRequest unknownTier = ChatRequest.builder().user("hi").tierHint("gold").build();

    assertThatThrownBy(() -> router.chat(unknownTier)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'gold'");
    assertThatThrownBy(() -> router.chatAsync(unknownTier).join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> router.stream(unknownTier, new StreamListener() {
      @Override
      public void onChunk(ChatChunk chunk) {}
    }).completion().join()).hasCauseInstanceOf(InvalidRequestException.class);
    // A body the API would refuse never becomes a request, so the router never sees it either.
    assertThatThrownBy(() -> router.chat(ChatRequest.fromJson(body("temperature", "\"hot\""))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(local.callCount()).isZero();
    assertThat(router.chat(ChatRequest.builder().user("hi").build()).content()).isEqualTo("ok");
    assertThat(local.callCount()).isEqualTo(1);
  }
}
