package dev.switchboard.router.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
  private final ManualClock clock = ManualClock.create();
  private final AtomicInteger answers = new AtomicInteger();
  private final FakeChatClient big = FakeChatClient.builder("big").usage(Usage.of(1000, 500))
      .replyWith(r -> "answer " + answers.incrementAndGet()).build();

  private RoutingChatClient router(CachePolicy policy) {
    return router(policy, BudgetPolicy.unlimited());
  }

  private RoutingChatClient router(CachePolicy policy, BudgetPolicy budgets) {
    return RoutingChatClient.builder().tiers("cheap", "capable").clock(clock)
        .backend(Backend.builder("big").client(big).model("big-model").tier("capable")
            .price(Price.perMillionTokens(3.00, 15.00)).build())
        .backend(Backend.builder("local").client(FakeChatClient.replying("local", "local")).tier("cheap").build())
        .budgets(budgets)
        .cache(policy)
        .build();
  }

  private static ChatRequest.Builder question(String service) {
    return ChatRequest.builder().service(service).categoryHint(TaskCategory.REASONING)
        .user("Why is the sky blue?").temperature(0);
  }

  @Test
  void aRepeatedDeterministicRequestIsAnsweredFromTheCacheForFree() {
    RoutingChatClient router = router(CachePolicy.defaults());

    ChatResponse first = router.chat(question("s").build());
    ChatResponse second = router.chat(question("s").build());

    assertThat(first.route().cacheHit()).isFalse();
    assertThat(first.route().cost()).isPositive();
    RouteInfo hit = second.route();
    assertThat(hit.cacheHit()).isTrue();
    assertThat(hit.cost()).isZero();
    assertThat(hit.attempts()).isEmpty();
    assertThat(hit.backend()).isEqualTo("big");
    assertThat(hit.reason()).contains("answered from the cache");
    assertThat(second.content()).isEqualTo(first.content()).isEqualTo("answer 1");
    assertThat(big.callCount()).isEqualTo(1);
    assertThat(router.spentToday("s")).isEqualByComparingTo(first.route().cost()); // the hit cost nothing
    CacheStats stats = router.cacheStats();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.stores()).isEqualTo(1);
    assertThat(stats.entries()).isEqualTo(1);
    assertThat(stats.bytes()).isPositive();
    assertThat(stats.hitRate()).isEqualTo(0.5);
  }

  @Test
  void aServiceOverARejectingBudgetStillGetsItsCachedAnswersButNothingElse() {
    // max_tokens 400 lets the first request in (its worst case is ~$0.006), and then the backend
    // bills 1000 in + 500 out at $3/$15 per million = $0.0105: the first answer spends the whole budget
    RoutingChatClient router = router(CachePolicy.defaults(), BudgetPolicy.builder().daily("s", 0.01).reject().build());
    ChatResponse first = router.chat(question("s").maxTokens(400).build());
    assertThat(router.spentToday("s")).isGreaterThan(new java.math.BigDecimal("0.01"));

    ChatResponse again = router.chat(question("s").maxTokens(400).build());
    assertThat(again.route().cacheHit()).isTrue();
    assertThat(again.route().cost()).isZero();
    assertThat(again.content()).isEqualTo(first.content());
    List<String> named = new ArrayList<>();
    ChatResponse streamed = router.stream(question("s").maxTokens(400).stream(true).build(), new StreamListener() {
      @Override
      public void onBackend(String backend, String tier) {
        named.add(backend + "/" + tier);
      }

      @Override
      public void onChunk(ChatChunk chunk) {}
    }).completion().join();
    assertThat(streamed.route().cacheHit()).isTrue();
    assertThat(named).as("a cached stream names the backend that first answered").containsExactly("big/capable");

    assertThatThrownBy(() -> router.chat(question("s").maxTokens(400).user("And why are sunsets red?").build()))
        .isInstanceOf(dev.switchboard.router.budget.BudgetExceededException.class);
    assertThatThrownBy(() -> router.chat(question("s").maxTokens(400).temperature(0.7).build()))
        .as("not cacheable, so not answerable for free")
        .isInstanceOf(dev.switchboard.router.budget.BudgetExceededException.class);
    assertThat(big.callCount()).isEqualTo(1);
  }

  /**
   * Under a budget downgrade an answer the capable tier already cached for the same request is
   * still served (it is free, and better than the downgrade); an answer cached under a downgrade
   * never answers a request that is not downgraded.
   */
  @Test
  void underABudgetDowngradeTheCacheStillServesWhatAHigherTierCached() {
    // max_tokens 400: a worst case of ~$0.006 fits $0.01; the answer is billed $0.0105, which spends it.
    RoutingChatClient router = router(CachePolicy.defaults(), BudgetPolicy.builder().daily("s", 0.01).build());
    ChatRequest sky = question("s").maxTokens(400).build();
    ChatRequest sunsets = question("s").maxTokens(400).user("And why are sunsets red?").build();

    ChatResponse first = router.chat(sky);
    assertThat(first.route().backend()).isEqualTo("big");

    ChatResponse again = router.chat(sky);
    assertThat(again.route().cacheHit()).isTrue();
    assertThat(again.route().backend()).isEqualTo("big");
    assertThat(again.content()).isEqualTo(first.content());
    assertThat(again.route().cost()).isZero();

    ChatResponse downgraded = router.chat(sunsets);
    assertThat(downgraded.route().backend()).isEqualTo("local");
    assertThat(downgraded.route().reason()).contains("downgraded to tier cheap");
    assertThat(router.chat(sunsets).route().cacheHit()).as("cached under the downgrade, for the downgrade").isTrue();
    // Each request counted once: a miss for each first ask, a hit for each repeat.
    assertThat(router.cacheStats().hits()).isEqualTo(2);
    assertThat(router.cacheStats().misses()).isEqualTo(2);

    clock.advance(Duration.ofDays(1)); // a new day, a fresh budget: the downgraded answer is not reused
    ChatResponse fresh = router.chat(sunsets);
    assertThat(fresh.route().cacheHit()).isFalse();
    assertThat(fresh.route().backend()).isEqualTo("big");
    assertThat(big.callCount()).isEqualTo(2);
  }

  @Test
  void onlyDeterministicRequestsAreCached() {
    RoutingChatClient router = router(CachePolicy.defaults());
    ChatRequest warm = ChatRequest.builder().categoryHint(TaskCategory.REASONING).user("Why?").temperature(0.7).build();
    ChatRequest noTemperature = ChatRequest.builder().categoryHint(TaskCategory.REASONING).user("Why?").build();
    ChatRequest twoChoices = question("s").n(2).build();
    ChatRequest markedCacheable = ChatRequest.builder().categoryHint(TaskCategory.REASONING).user("Why?")
        .temperature(0.7).cacheable().build();

    for (int i = 0; i < 2; i++) {
      assertThat(router.chat(warm).route().cacheHit()).isFalse();
      assertThat(router.chat(noTemperature).route().cacheHit()).isFalse();
      assertThat(router.chat(twoChoices).route().cacheHit()).isFalse();
    }
    router.chat(markedCacheable);
    assertThat(router.chat(markedCacheable).route().cacheHit()).isTrue();
    assertThat(router.cacheStats().uncacheable()).isEqualTo(6);
  }

  @Test
  void truncatedAnswersAndToolCallsAreNotStoredUnlessToolCallsAreAllowed() {
    FakeChatClient odd = FakeChatClient.builder("odd").respond(r -> r.messages().get(0).text().contains("tool")
        ? ChatResponse.fromJson("{\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}")
        : ChatResponse.builder().choice(Choice.of(0, ChatMessage.assistant("cut of"), "length")).build()).build();
    for (boolean allowTools : new boolean[] {false, true}) {
      RoutingChatClient router = RoutingChatClient.builder().tiers("cheap").clock(clock)
          .backend(Backend.builder("odd").client(odd).tier("cheap").build())
          .cache(CachePolicy.builder().cacheToolCalls(allowTools).build()).build();
      ChatRequest truncated = ChatRequest.builder().user("Write a long story.").temperature(0).build();
      ChatRequest tool = ChatRequest.builder().user("Call the tool.").temperature(0).build();
      router.chat(truncated);
      router.chat(tool);
      assertThat(router.chat(truncated).route().cacheHit()).isFalse();
      assertThat(router.chat(tool).route().cacheHit()).isEqualTo(allowTools);
    }
  }

  @Test
  void servicesNeverSeeEachOthersAnswersUnlessConfiguredToShare() {
    RoutingChatClient isolated = router(CachePolicy.defaults());
    isolated.chat(question("billing").build());
    ChatResponse other = isolated.chat(question("support").build());
    assertThat(other.route().cacheHit()).isFalse();
    assertThat(other.content()).isEqualTo("answer 2");

    RoutingChatClient shared = router(CachePolicy.builder().shareAcrossServices(true).build());
    shared.chat(question("billing").build());
    assertThat(shared.chat(question("support").build()).route().cacheHit()).isTrue();
  }

  @Test
  void theKeyIsStableUnderJsonKeyOrderAndNumberFormButNotUnderWhatChangesTheAnswer() {
    ChatRequest a = ChatRequest.fromJson("{\"model\":\"x\",\"temperature\":0,\"max_tokens\":50,"
        + "\"response_format\":{\"type\":\"json_object\",\"strict\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    ChatRequest b = ChatRequest.fromJson("{\"messages\":[{\"content\":\"Hi\",\"role\":\"user\"}],"
        + "\"response_format\":{\"strict\":true,\"type\":\"json_object\"},\"max_tokens\":50.0,"
        + "\"temperature\":0.0,\"stream\":true,\"model\":\"y\"}");
    assertThat(ResponseCache.key(a, "capable", "s")).isEqualTo(ResponseCache.key(b, "capable", "s"))
        .as("the same bytes as every earlier version, so a cache keeps its entries across an upgrade (docs/cache.md)")
        .isEqualTo("7b728a6879bccaffae8b7f99e47bc11736567e8a56305e722ed38d30d358e328");

    ChatRequest otherMessage = ChatRequest.fromJson(a.toJson().replace("Hi", "Hello"));
    ChatRequest otherFormat = ChatRequest.fromJson(a.toJson().replace("json_object", "text"));
    ChatRequest otherLimit = ChatRequest.fromJson(a.toJson().replace("50", "51"));
    ObjectNode tool = Json.object().put("type", "function");
    tool.putObject("function").put("name", "lookup");
    ArrayNode tools = Json.NODES.arrayNode().add(tool);
    ChatRequest withTools = a.toBuilder().tools(tools).build();
    String base = ResponseCache.key(a, "capable", "s");
    assertThat(List.of(ResponseCache.key(otherMessage, "capable", "s"), ResponseCache.key(otherFormat, "capable", "s"),
        ResponseCache.key(otherLimit, "capable", "s"), ResponseCache.key(withTools, "capable", "s"),
        ResponseCache.key(a, "cheap", "s"), ResponseCache.key(a, "capable", "t"), ResponseCache.key(a, "capable", null)))
        .doesNotContain(base).doesNotHaveDuplicates();
  }

  @Test
  void aStreamedRequestIsAnsweredFromTheCacheAsAStream() {
    RoutingChatClient router = router(CachePolicy.defaults());
    String first = router.chat(question("s").build()).content();

    List<String> texts = new ArrayList<>();
    List<ChatResponse> completed = new ArrayList<>();
    var handle = router.stream(question("s").stream(true).build(), new StreamListener() {
      @Override
      public void onChunk(ChatChunk chunk) {
        texts.add(chunk.contentDelta());
      }

      @Override
      public void onComplete(ChatResponse response) {
        completed.add(response);
      }
    });

    ChatResponse streamed = handle.completion().join();
    assertThat(String.join("", texts)).isEqualTo(first);
    assertThat(completed).singleElement().satisfies(r -> assertThat(r.route().cacheHit()).isTrue());
    assertThat(streamed.route().cost()).isZero();
    assertThat(big.callCount()).isEqualTo(1);
  }

  @Test
  void aStreamedAnswerIsStoredForLaterRequests() {
    RoutingChatClient router = router(CachePolicy.defaults());
    ChatResponse streamed = router.stream(question("s").build(), StreamListener.onText(t -> {})).completion().join();
    ChatResponse again = router.chat(question("s").build());
    assertThat(again.route().cacheHit()).isTrue();
    assertThat(again.content()).isEqualTo(streamed.content());
  }

  @Test
  void aBypassedRequestNeitherReadsNorWritesTheCache() {
    RoutingChatClient router = router(CachePolicy.defaults());
    router.chat(question("s").build());

    ChatResponse bypassed = router.chat(question("s").bypassCache().build());

    assertThat(bypassed.route().cacheHit()).isFalse();
    assertThat(bypassed.content()).isEqualTo("answer 2");
    assertThat(router.chat(question("s").build()).content()).isEqualTo("answer 1");
    assertThat(router.cacheStats().bypassed()).isEqualTo(1);
    assertThat(router.cacheStats().stores()).isEqualTo(1);
  }

  @Test
  void entriesExpireAfterTheTtlOnTheRoutersClock() {
    RoutingChatClient router = router(CachePolicy.builder().ttl(Duration.ofMinutes(10)).build());
    router.chat(question("s").build());

    clock.advance(Duration.ofMinutes(9));
    assertThat(router.chat(question("s").build()).route().cacheHit()).isTrue();
    clock.advance(Duration.ofMinutes(1));
    ChatResponse expired = router.chat(question("s").build());
    assertThat(expired.route().cacheHit()).isFalse();
    assertThat(expired.content()).isEqualTo("answer 2");
  }

  @Test
  void theSizeBoundInBytesEvicts() {
    RoutingChatClient router = router(CachePolicy.builder().maxBytes(1_500).build());
    for (int i = 0; i < 20; i++) {
      router.chat(ChatRequest.builder().categoryHint(TaskCategory.REASONING).user("Question " + i).temperature(0).build());
    }
    CacheStats stats = router.cacheStats();
    assertThat(stats.stores()).isEqualTo(20);
    assertThat(stats.evictions()).isPositive();
    assertThat(stats.bytes()).isLessThanOrEqualTo(1_500);
    assertThat(stats.entries()).isLessThan(20);
  }

  @Test
  void badPolicyValuesFailFast() {
    assertThatThrownBy(() -> CachePolicy.builder().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachePolicy.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
