package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.spi.StreamAssembler;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.testing.FakeChatClient;
import org.junit.jupiter.api.Test;

/** A reply that is not a chat completion is the backend's fault: the router fails over, it does not blame the request. */
class MalformedReplyTest {

  @Test
  void aClientThatReadsAMalformedReplyFailsOverAsABackendError() {
    ChatClient broken = request -> ChatResponse.fromJson("<html>502 Bad Gateway</html>");
    FakeChatClient good = FakeChatClient.replying("good", "ok");
    RoutingChatClient router = RoutingChatClient.builder().tiers("local")
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("broken").client(broken).tier("local").build())
        .backend(Backend.builder("good").client(good).tier("local").price(Price.perMillionTokens(1, 1)).build())
        .build();

    RouteInfo route = router.chat(ChatRequest.builder().user("hi").build()).route();

    assertThat(route.backend()).isEqualTo("good");
    assertThat(route.attempts().get(0).backend()).isEqualTo("broken");
    assertThat(route.attempts().get(0).failure()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(route.attempts().get(0).error()).contains("not valid JSON");
  }

  @Test
  void theAssemblerCountsTheOutputItHolds() {
    StreamAssembler a = new StreamAssembler();
    a.add(ChatChunk.fromJson("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}"));
    a.add(ChatChunk.fromJson("{\"choices\":[{\"index\":1,\"delta\":{\"refusal\":\"No.\"}}]}"));
    a.add(ChatChunk.fromJson("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}}]}}]}"));
    a.add(ChatChunk.fromJson("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
        + "\"function\":{\"arguments\":\"1}\"}}]}}],\"usage\":{\"prompt_tokens\":1000}}"));

    // "Hello" 5 + "No." 3 + "c1" 2 + "f" 1 + "{\"a\":" 5 + "1}" 2; usage and the role hold no output
    assertThat(a.chars()).isEqualTo(18);
    assertThat(new StreamAssembler().chars()).isZero();
  }
}
