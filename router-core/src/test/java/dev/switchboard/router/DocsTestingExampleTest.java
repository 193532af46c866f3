package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.FailoverPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.testing.FakeChatClient;
import org.junit.jupiter.api.Test;

/** The application test shown in docs/testing.md, kept compiling and passing. */
class DocsTestingExampleTest {
  final FakeChatClient local = FakeChatClient.replying("local", "{\"order\":\"A-88213\"}");
  final FakeChatClient cloud = FakeChatClient.replying("cloud", "a careful answer");

  final RoutingChatClient router = RoutingChatClient.builder()
      .tiers("local", "cloud")
      .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())   // fail over at once, no retries
      .backend(Backend.builder("local").client(local).tier("local").build())
      .backend(Backend.builder("cloud").client(cloud).tier("cloud")
          .price(Price.perMillionTokens(2.00, 8.00)).build())
      .build();

  @Test
  void extractionStaysLocal() {
    ChatRequest r = ChatRequest.builder().user("Extract the order number: order #A-88213").build();
    assertThat(router.explain(r).tier()).isEqualTo("local");
    assertThat(router.chat(r).route().backend()).isEqualTo("local");
  }

  @Test
  void hardQuestionsGoToTheCloud() {
    ChatRequest r = ChatRequest.builder().user("Prove that there are infinitely many primes.").build();
    assertThat(router.explain(r).tier()).isEqualTo("cloud");
  }

  @Test
  void whenLocalIsDownTheCloudAnswers() {
    local.down(FailureKind.TRANSPORT);
    RouteInfo route = router.chat(ChatRequest.builder().user("Extract the order number: #A-1").build()).route();
    assertThat(route.backend()).isEqualTo("cloud");
    assertThat(route.attempts()).extracting(Attempt::backend).containsExactly("local", "cloud");
    assertThat(route.plannedTier()).isEqualTo("local");
  }

  @Test
  void routingMetadataNeverReachesTheBackend() {
    router.chat(ChatRequest.builder().user("Extract: #A-1").service("billing").tag("tenant-7").build());
    assertThat(local.lastRequest().toJson()).doesNotContain("billing").doesNotContain("tenant-7");
  }
}
