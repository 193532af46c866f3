package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.testing.FakeChatClient;
import org.junit.jupiter.api.Test;

/** LoRA adapter routing: rules and hints pick an adapter, the model is rewritten, only servers of it are tried. */
class AdapterRoutingTest {
  private final FakeChatClient vllm = FakeChatClient.builder("vllm").replyWith(r -> "vllm:" + r.model().orElse("?"))
      .build();
  private final FakeChatClient ollama = FakeChatClient.builder("ollama")
      .replyWith(r -> "ollama:" + r.model().orElse("?")).build();
  private final FakeChatClient cloud = FakeChatClient.builder("cloud").replyWith(r -> "cloud:" + r.model().orElse("?"))
      .build();

  private RoutingChatClient.Builder router(AdapterRule... rules) {
    RoutingChatClient.Builder b = RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(Backend.builder("vllm").client(vllm).tier("local").model("meta-llama/Llama-2-7b-hf")
            .adapters("sql-lora").price(Price.perMillionTokens(0.10, 0.10)).build())
        .backend(Backend.builder("ollama").client(ollama).tier("local").model("llama3.1:8b")
            .price(Price.perMillionTokens(0.05, 0.05)).build())
        .backend(Backend.builder("cloud").client(cloud).tier("cloud").model("gpt-4.1")
            .adapters("sql-lora-cloud").price(Price.perMillionTokens(2.00, 8.00)).build())
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build());
    for (AdapterRule r : rules) {
      b.adapterRule(r);
    }
    return b;
  }

  private static ChatRequest request(String service, String... tags) {
    RoutingMetadata.Builder routing = RoutingMetadata.builder().service(service);
    for (String t : tags) {
      routing.tag(t);
    }
    return ChatRequest.builder().user("Write a SQL query that lists last month's invoices by customer")
        .routing(routing.build()).build();
  }

  @Test
  void aRuleSendsItsRequestsToTheAdapterOnlyOnBackendsThatServeIt() {
    RoutingChatClient r = router(AdapterRule.to("sql-lora").service("billing").build()).build();

    ChatResponse answer = r.chat(request("billing"));

    assertThat(answer.content()).isEqualTo("vllm:sql-lora"); // the model was rewritten to the adapter
    assertThat(answer.route().adapter()).contains("sql-lora");
    assertThat(answer.route().backend()).isEqualTo("vllm");
    assertThat(answer.route().decision().reasons()).anyMatch(s -> s.startsWith("adapter sql-lora by rule: service billing"));
    // The cheaper ollama and the classifier's cloud tier are never considered: they do not serve it.
    assertThat(answer.route().decision().candidates()).extracting(Candidate::backend).containsExactly("vllm");
    assertThat(ollama.callCount()).isZero();
    assertThat(cloud.callCount()).isZero();

    // Another service is routed as usual, to its backends' own models.
    ChatResponse other = r.chat(request("search"));
    assertThat(other.route().adapter()).isEmpty();
    assertThat(other.content()).doesNotContain("sql-lora");
  }

  @Test
  void explainShowsTheAdapterWhyAndTheModelEachCandidateWillBeAskedFor() {
    RoutingChatClient r = router(AdapterRule.to("sql-lora").tag("sql").build()).build();

    RoutingDecision d = r.explain(request("any", "sql"));

    assertThat(d.reasons()).anyMatch(s -> s.equals("adapter sql-lora by rule: tag sql -> adapter sql-lora"));
    assertThat(d.candidates()).singleElement().satisfies(c -> {
      assertThat(c.backend()).isEqualTo("vllm");
      assertThat(c.model()).isEqualTo("sql-lora");
    });
    assertThat(vllm.callCount()).isZero();
  }

  @Test
  void theRequestsOwnHintComesBeforeTheRules() {
    RoutingChatClient r = router(AdapterRule.to("sql-lora").service("billing").build()).build();
    ChatRequest hinted = request("billing").withRouting(request("billing").routing().toBuilder()
        .adapterHint("sql-lora-cloud").build());

    ChatResponse answer = r.chat(hinted);

    assertThat(answer.content()).isEqualTo("cloud:sql-lora-cloud");
    assertThat(answer.route().adapter()).contains("sql-lora-cloud");
    assertThat(answer.route().decision().reasons()).contains("adapter sql-lora-cloud from the application's hint");
  }

  @Test
  void whenTheAdaptersBackendIsDownTheRulesFallbackModelAnswersAndSaysSo() {
    vllm.down(FailureKind.SERVER_ERROR);
    RoutingChatClient r = router(AdapterRule.to("sql-lora").service("billing").fallbackModel("gpt-4.1").build())
        .build();

    ChatResponse answer = r.chat(request("billing"));

    assertThat(answer.content()).isEqualTo("cloud:gpt-4.1");
    assertThat(answer.route().adapter()).isEmpty(); // the fallback answered, not the adapter
    assertThat(answer.route().attempts()).extracting(Attempt::backend).containsExactly("vllm", "cloud");
    assertThat(answer.route().decision().reasons())
        .anyMatch(s -> s.startsWith("then model gpt-4.1, the rule's fallback"));
    assertThat(ollama.callCount()).isZero(); // never a silent wrong model
  }

  @Test
  void withoutAFallbackADownAdapterIsATypedErrorAndNoOtherModelIsAsked() {
    vllm.down(FailureKind.SERVER_ERROR);
    RoutingChatClient r = router(AdapterRule.to("sql-lora").service("billing").build()).build();

    assertThatThrownBy(() -> r.chat(request("billing"))).isInstanceOf(NoBackendAvailableException.class);
    assertThat(ollama.callCount()).isZero();
    assertThat(cloud.callCount()).isZero();
  }

  @Test
  void aHintForAnAdapterNoBackendServesIsRefusedBeforeAnyCall() {
    RoutingChatClient r = router().build();
    ChatRequest hinted = request("s").withRouting(RoutingMetadata.builder().adapterHint("sql-lorra").build());

    assertThatThrownBy(() -> r.chat(hinted)).isInstanceOfSatisfying(AdapterUnavailableException.class, e -> {
      assertThat(e.adapter()).isEqualTo("sql-lorra");
      assertThat(e.served()).containsExactly("sql-lora", "sql-lora-cloud");
      assertThat(e.getMessage()).startsWith("no backend serves adapter 'sql-lorra' (from the application's hint)");
    });
    assertThat(vllm.callCount() + ollama.callCount() + cloud.callCount()).isZero();
  }

  @Test
  void aRuleNamingAnAdapterNoBackendServesFailsTheBuildWithASuggestion() {
    assertThatThrownBy(() -> router(AdapterRule.to("sql-lroa").build(),
        AdapterRule.to("sql-lora").fallbackModel("gpt-4.2").build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("adapter rule 'every request -> adapter sql-lroa' names adapter 'sql-lroa', which no "
            + "backend serves; did you mean 'sql-lora'?")
        .hasMessageContaining("falls back to model 'gpt-4.2', which is no backend's model or adapter"
            + "; did you mean 'gpt-4.1'?");
  }

  @Test
  void anAdaptersCachedAnswerIsNeverServedToTheSameTextWithoutTheAdapter() {
    RoutingChatClient r = router(AdapterRule.to("sql-lora").tag("sql").build()).cache(CachePolicy.defaults()).build();
    ChatRequest withTag = request("s", "sql").toBuilder().temperature(0.0).build();
    ChatRequest withoutTag = request("s").toBuilder().temperature(0.0).build();

    ChatResponse first = r.chat(withTag);
    ChatResponse second = r.chat(withoutTag);
    ChatResponse again = r.chat(withTag);

    assertThat(first.content()).isEqualTo("vllm:sql-lora");
    assertThat(second.content()).doesNotContain("sql-lora");
    assertThat(second.route().cacheHit()).isFalse();
    assertThat(again.route().cacheHit()).isTrue();
    assertThat(again.route().adapter()).contains("sql-lora");
  }
}
