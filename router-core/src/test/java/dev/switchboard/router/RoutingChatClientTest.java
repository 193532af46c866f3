package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Priority;
import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RoutingChatClientTest {
  private final ManualClock clock = ManualClock.create();
  private final FakeChatClient localA = FakeChatClient.replying("local-a", "from local-a");
  private final FakeChatClient localB = FakeChatClient.replying("local-b", "from local-b");
  private final FakeChatClient mini = FakeChatClient.replying("mini", "from mini");
  private final FakeChatClient big = FakeChatClient.replying("big", "from big");

  private RoutingChatClient router() {
    return RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .clock(clock)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build()) // plain failover; retries: FailoverTest
        // declared out of price order on purpose: the planner orders by price, not declaration
        .backend(Backend.builder("big").client(big).model("big-model").tier("capable")
            .price(Price.perMillionTokens(3.00, 15.00)).build())
        .backend(Backend.builder("mini").client(mini).model("mini-model").tier("capable")
            .price(Price.perMillionTokens(0.40, 1.60)).build())
        .backend(Backend.builder("local-a").client(localA).model("llama").tier("cheap").build())
        .backend(Backend.builder("local-b").client(localB).model("llama").tier("cheap").build())
        .build();
  }

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the invoice number from: Invoice INV-2291, due 3 May.").build();
  }

  private static ChatRequest reasoning() {
    return ChatRequest.builder().user("Prove that there are infinitely many primes.").build();
  }

  @Test
  void cheapCategoryGoesToTheCheapTierAndSaysWhy() {
    ChatResponse r = router().chat(extraction());
    RouteInfo route = r.route();
    assertThat(route.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(route.plannedTier()).isEqualTo("cheap");
    assertThat(route.tier()).isEqualTo("cheap");
    assertThat(route.backend()).isIn("local-a", "local-b");
    assertThat(route.cacheHit()).isFalse();
    assertThat(route.attempts()).hasSize(1).allMatch(Attempt::succeeded);
    assertThat(route.reason()).contains("category extraction").contains("maps to tier cheap");
    assertThat(r.content()).startsWith("from local-");
  }

  @Test
  void cheapestBackendOfTheTierComesFirstRegardlessOfDeclarationOrder() {
    ChatResponse r = router().chat(reasoning());
    assertThat(r.route().backend()).isEqualTo("mini");
    assertThat(router().explain(reasoning()).candidates()).extracting(Candidate::backend)
        .containsExactly("mini", "big");
    assertThat(big.callCount()).isZero();
  }

  /** explain changes nothing: asked twice, it gives the same candidates in the same order, and the next request gets that order. */
  @Test
  void explainTwiceGivesTheSameOrderAndTheNextRequestFollowsIt() {
    RoutingChatClient router = router();
    List<String> first = router.explain(extraction()).candidates().stream().map(Candidate::backend).toList();
    List<String> second = router.explain(extraction()).candidates().stream().map(Candidate::backend).toList();
    assertThat(second).isEqualTo(first);
    assertThat(router.chat(extraction()).route().backend()).isEqualTo(first.get(0));
    List<String> after = router.explain(extraction()).candidates().stream().map(Candidate::backend).toList();
    assertThat(after.get(0)).as("the rotation moved on by the one real request").isNotEqualTo(first.get(0));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo(after.get(0));
  }

  /** A backend out of rotation is listed after those that take requests, marked with its state. */
  @Test
  void explainListsAnOpenBackendLastAndMarksIt() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("capable")
        .clock(clock)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).circuitBreaker(b -> b.failureThreshold(1))
        .build())
        .backend(Backend.builder("mini").client(mini).tier("capable").price(Price.perMillionTokens(0.40, 1.60)).build())
        .backend(Backend.builder("big").client(big).tier("capable").price(Price.perMillionTokens(3.00, 15.00)).build())
        .build();
    mini.down(FailureKind.SERVER_ERROR);
    assertThat(router.chat(reasoning()).route().backend()).isEqualTo("big");
    assertThat(router.health().state("mini")).isEqualTo(BackendState.OPEN);

    RoutingDecision d = router.explain(reasoning());
    assertThat(d.candidates()).extracting(Candidate::backend, Candidate::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("big", BackendState.CLOSED),
        org.assertj.core.groups.Tuple.tuple("mini", BackendState.OPEN));
    assertThat(d.candidates().get(1).available()).isFalse();
    assertThat(d.candidates().get(1).toString()).contains("OPEN");
    assertThat(d.why()).contains("out of rotation, tried last and only if back in time: mini is OPEN since");
    // ...and that is the order dispatch follows.
    assertThat(router.chat(reasoning()).route().attempts()).extracting(Attempt::backend).containsExactly("big");
  }

  @Test
  void loadIsSharedOnlyAmongEqualCostBackends() {
    RoutingChatClient router = router();
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      served.add(router.chat(extraction()).route().backend());
    }
    assertThat(served).contains("local-a", "local-b").doesNotContain("mini", "big");
    assertThat(localA.callCount()).isEqualTo(5);
    assertThat(localB.callCount()).isEqualTo(5);
    for (int i = 0; i < 10; i++) {
      router.chat(reasoning());
    }
    assertThat(big.callCount()).as("the expensive backend never gets load to balance").isZero();
  }

  @Test
  void failoverTriesTheSameTierFirstThenTheNextTierUp() {
    localA.down(FailureKind.SERVER_ERROR);
    localB.down(FailureKind.TIMEOUT);
    mini.down(FailureKind.TRANSPORT);
    ChatResponse r = router().chat(extraction());
    RouteInfo route = r.route();
    assertThat(route.backend()).isEqualTo("big");
    assertThat(route.tier()).isEqualTo("capable");
    assertThat(route.plannedTier()).isEqualTo("cheap");
    assertThat(route.attempts()).extracting(Attempt::backend).containsExactlyInAnyOrder("local-a", "local-b", "mini", "big");
    assertThat(route.attempts().subList(0, 2)).extracting(Attempt::tier).containsOnly("cheap");
    assertThat(route.attempts().get(2).backend()).isEqualTo("mini");
    assertThat(route.attempts().get(3).succeeded()).isTrue();
    assertThat(route.attempts().subList(0, 3)).noneMatch(Attempt::succeeded);
    assertThat(route.failedOver()).isTrue();
    assertThat(route.reason()).contains("3 attempts on 3 backends failed before big answered").contains("instead of cheap");
  }

  @Test
  void neverFailsOverToACheaperTier() {
    mini.down(FailureKind.SERVER_ERROR);
    big.down(FailureKind.SERVER_ERROR);
    assertThatThrownBy(() -> router().chat(reasoning()))
        .isInstanceOf(NoBackendAvailableException.class);
    assertThat(localA.callCount() + localB.callCount()).isZero();
  }

  @Test
  void whenEveryBackendFailsTheErrorNamesEachAndWhy() {
    localA.down(FailureKind.SERVER_ERROR);
    localB.down(FailureKind.RATE_LIMITED);
    mini.down(FailureKind.TIMEOUT);
    big.down(FailureKind.UNAUTHORIZED);
    assertThatThrownBy(() -> router().chat(extraction()))
        .isInstanceOfSatisfying(NoBackendAvailableException.class, e -> {
          assertThat(e.attempts()).hasSize(4).noneMatch(Attempt::succeeded);
          assertThat(e.attempts()).extracting(Attempt::failure).containsExactlyInAnyOrder(
              FailureKind.SERVER_ERROR, FailureKind.RATE_LIMITED, FailureKind.TIMEOUT, FailureKind.UNAUTHORIZED);
          assertThat(e.getMessage()).contains("4 attempts on 4 backends failed")
              .contains("local-a: SERVER_ERROR").contains("local-b: RATE_LIMITED")
              .contains("mini: TIMEOUT").contains("big: UNAUTHORIZED");
          assertThat(e.getCause()).isInstanceOf(BackendException.class);
        });
  }

  @Test
  void aRequestFaultIsNotSentElsewhere() {
    localA.down(FailureKind.BAD_REQUEST);
    localB.down(FailureKind.BAD_REQUEST);
    assertThatThrownBy(() -> router().chat(extraction()))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST));
    assertThat(localA.callCount() + localB.callCount()).isEqualTo(1);
    assertThat(mini.callCount() + big.callCount()).isZero();
  }

  @Test
  void explainCallsNoBackend() {
    RoutingDecision d = router().explain(extraction());
    assertThat(d.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(d.tier()).isEqualTo("cheap");
    assertThat(d.candidates()).extracting(Candidate::tier).containsExactly("cheap", "cheap", "capable", "capable");
    assertThat(d.candidates().subList(2, 4)).extracting(Candidate::backend).containsExactly("mini", "big");
    assertThat(d.why()).contains("extraction");
    assertThat(localA.callCount() + localB.callCount() + mini.callCount() + big.callCount()).isZero();
  }

  @Test
  void routingMetadataNeverReachesABackendBody() {
    ChatRequest request = extraction().toBuilder()
        .service("billing").priority(Priority.INTERACTIVE).tag("tenant-7").tierHint("cheap")
        .field("seed", Json.NODES.numberNode(7))
        .build();
    ChatResponse r = router().chat(request);
    FakeChatClient served = r.route().backend().equals("local-a") ? localA : localB;
    ChatRequest received = served.lastRequest();
    assertThat(received.routing().withTimeBudget(null)).isEqualTo(RoutingMetadata.NONE);
    assertThat(received.routing().timeBudget()).as("the one thing a backend is told: the time it has")
        .hasValue(FailoverPolicy.defaults().timeout().deadline());
    JsonNode body = received.toJsonNode();
    assertThat(body.toString()).doesNotContain("billing").doesNotContain("tenant-7").doesNotContain("INTERACTIVE");
    assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("model", "messages", "seed");
    assertThat(body.get("model").asText()).isEqualTo("llama");
    assertThat(body.get("seed").asInt()).isEqualTo(7);
    assertThat(r.route().service()).isEqualTo("billing");
  }

  @Test
  void hintsWinAndAreReportedAsHints() {
    ChatRequest hinted = extraction().toBuilder().categoryHint(TaskCategory.CODE).build();
    RoutingDecision d = router().explain(hinted);
    assertThat(d.category()).isEqualTo(TaskCategory.CODE);
    assertThat(d.classification().hinted()).isTrue();
    assertThat(d.tier()).isEqualTo("capable");
    assertThat(d.why()).contains("from the application's hint");

    RoutingDecision t = router().explain(reasoning().toBuilder().tierHint("cheap").build());
    assertThat(t.tier()).isEqualTo("cheap");
    assertThat(t.why()).contains("tier cheap from the application's hint");

    assertThatThrownBy(() -> router().explain(reasoning().toBuilder().tierHint("gold").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'gold'").hasMessageContaining("[cheap, capable]");
  }

  @Test
  void backendsWithoutANeededCapabilityAreSkippedWithAReason() {
    FakeChatClient textOnly = FakeChatClient.replying("text-only", "x");
    RoutingChatClient router = RoutingChatClient.builder()
        .backend(Backend.builder("text-only").client(textOnly).tier("cheap").textOnly().build())
        .backend(Backend.builder("tools").client(big).tier("capable").build())
        .build();
    ChatRequest withTools = extraction().toBuilder().tools(Json.NODES.arrayNode().add(Json.object().put("type", "function")))
        .build();
    RoutingDecision d = router.explain(withTools);
    assertThat(d.candidates()).extracting(Candidate::backend).containsExactly("tools");
    assertThat(d.why()).contains("text-only: lacks TOOLS");
    assertThat(router.chat(withTools).route().backend()).isEqualTo("tools");
  }

  @Test
  void costComesFromUsageTimesPriceOrIsMarkedAsAnEstimate() {
    FakeChatClient priced = FakeChatClient.builder("priced").usage(Usage.builder().promptTokens(1_000)
        .completionTokens(500).cachedPromptTokens(400).build()).reply("ok").build();
    FakeChatClient silent = FakeChatClient.builder("silent").usage(null).reply("four words of answer").build();
    Price price = Price.perMillionTokens(2.00, 8.00).withCachedInput(0.50);
    RoutingChatClient router = RoutingChatClient.builder()
        .backend(Backend.builder("priced").client(priced).tier("cheap").price(price).build())
        .backend(Backend.builder("silent").client(silent).tier("capable").price(price).build())
        .build();
    RouteInfo exact = router.chat(extraction()).route();
    // 600 uncached x $2 + 400 cached x $0.50 + 500 out x $8, per million
    assertThat(exact.cost()).isEqualByComparingTo(new BigDecimal("0.0054"));
    assertThat(exact.costEstimated()).isFalse();

    RouteInfo estimated = router.chat(reasoning()).route();
    assertThat(estimated.costEstimated()).isTrue();
    assertThat(estimated.cost()).isPositive();
  }

  @Test
  void latencyIsMeasuredOnTheInjectedClock() {
    FakeChatClient slow = FakeChatClient.builder("slow").latency(Duration.ofMillis(1500), clock).build();
    RoutingChatClient router = RoutingChatClient.builder().tiers("cheap").clock(clock)
        .backend(Backend.builder("slow").client(slow).tier("cheap").build()).build();
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.latency()).isEqualTo(Duration.ofMillis(1500));
    assertThat(route.attempts().get(0).duration()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void asyncCallsRouteTheSameWay() {
    ChatResponse r = router().chatAsync(reasoning()).join();
    assertThat(r.route().backend()).isEqualTo("mini");
    mini.down(FailureKind.SERVER_ERROR);
    big.down(FailureKind.SERVER_ERROR);
    assertThatThrownBy(() -> router().chatAsync(reasoning()).join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(NoBackendAvailableException.class);
  }

  @Test
  void streamingFailsOverBeforeTheFirstOutputAndCarriesTheRoute() {
    mini.down(FailureKind.SERVER_ERROR);
    StringBuilder text = new StringBuilder();
    StreamHandle h = router().stream(reasoning(), StreamListener.onText(text::append));
    ChatResponse whole = h.completion().join();
    assertThat(text.toString()).isEqualTo("from big");
    assertThat(whole.content()).isEqualTo("from big");
    assertThat(whole.route().backend()).isEqualTo("big");
    assertThat(whole.route().attempts()).extracting(Attempt::succeeded).containsExactly(false, true);
  }

  @Test
  void aStreamThatBreaksAfterOutputIsATypedErrorNotASplicedAnswer() {
    ChatClient breaksMidway = new ChatClient() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public StreamHandle stream(ChatRequest request, StreamListener listener) {
        listener.onChunk(ChatChunk.ofContent("1", "m", "Once upon"));
        BackendException e = new BackendException("flaky", FailureKind.TRANSPORT, "connection reset");
        listener.onError(e);
        return dev.switchboard.router.spi.Streams.handle(java.util.concurrent.CompletableFuture.failedFuture(e), () -> {});
      }
    };
    RoutingChatClient router = RoutingChatClient.builder()
        .backend(Backend.builder("flaky").client(breaksMidway).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").build())
        .build();
    StringBuilder text = new StringBuilder();
    List<Throwable> errors = new ArrayList<>();
    StreamHandle h = router.stream(extraction(), new StreamListener() {
      @Override
      public void onChunk(ChatChunk chunk) {
        text.append(chunk.contentDelta());
      }

      @Override
      public void onError(Throwable error) {
        errors.add(error);
      }
    });
    assertThat(h.completion()).isCompletedExceptionally();
    assertThat(text.toString()).isEqualTo("Once upon");
    assertThat(errors).singleElement().isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
      assertThat(e.backend()).isEqualTo("flaky");
      assertThat(e.partialText()).isEqualTo("Once upon");
    });
    assertThat(big.callCount()).isZero();
  }

  @Test
  void aBrokenClassifierRoutesConservativelyInsteadOfFailing() {
    RoutingChatClient router = RoutingChatClient.builder()
        .classifier(r -> {
          throw new IllegalStateException("boom");
        })
        .backend(Backend.builder("local-a").client(localA).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").build())
        .build();
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.category()).isEqualTo(TaskCategory.GENERAL);
    assertThat(route.backend()).isEqualTo("big");
  }

  @Test
  void theBuilderRejectsInconsistentConfigurationNamingTheCulprit() {
    assertThatThrownBy(() -> RoutingChatClient.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one backend");
    assertThatThrownBy(() -> RoutingChatClient.builder()
        .backend(Backend.builder("x").client(big).tier("gold").build()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend 'x' is in tier 'gold'");
    assertThatThrownBy(() -> RoutingChatClient.builder()
        .backend(Backend.builder("x").client(big).tier("cheap").build())
        .backend(Backend.builder("x").client(big).tier("cheap").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two backends are named 'x'");
    assertThatThrownBy(() -> RoutingChatClient.builder()
        .backend(Backend.builder("x").client(big).tier("cheap").build())
        .route(TaskCategory.CODE, "gold").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("category code is routed to tier 'gold'");
    assertThatThrownBy(() -> RoutingChatClient.builder().tiers("a", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is named twice");
  }

  @Test
  void listenersHearRoutesAndFailuresAndCannotBreakARequest() {
    List<String> heard = new ArrayList<>();
    localA.down(FailureKind.SERVER_ERROR);
    RoutingChatClient router = RoutingChatClient.builder()
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .listener(new RouterListener() {
          @Override
          public void onRouted(ChatRequest request, RouteInfo route) {
            heard.add("routed " + route.backend());
            throw new IllegalStateException("a listener bug");
          }

          @Override
          public void onAttemptFailed(ChatRequest request, Attempt attempt) {
            heard.add("failed " + attempt.backend());
          }
        })
        .backend(Backend.builder("local-a").client(localA).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").build())
        .build();
    assertThat(router.chat(extraction()).content()).isEqualTo("from big");
    assertThat(heard).containsExactly("failed local-a", "routed big");
  }

  /** Listeners are a list: each one added hears every event, and one that throws does not silence the next. */
  @Test
  void twoListenersBothHearEveryEvent() {
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    localA.down(FailureKind.SERVER_ERROR);
    class Recorder implements RouterListener {
      final String name;
      final boolean throwing;

      Recorder(String name, boolean throwing) {
        this.name = name;
        this.throwing = throwing;
      }

      @Override
      public void onRouted(ChatRequest request, RouteInfo route) {
        heard.add(name + " routed " + route.backend());
        if (throwing) {
          throw new IllegalStateException("a listener bug");
        }
      }

      @Override
      public void onAttemptFailed(ChatRequest request, Attempt attempt) {
        heard.add(name + " attempt " + attempt.backend());
      }

      @Override
      public void onBackendStateChanged(BackendHealth health, BackendState previous) {
        heard.add(name + " state " + health.backend() + " " + health.state());
      }
    }
    RoutingChatClient router = RoutingChatClient.builder()
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).circuitBreaker(b -> b.failureThreshold(1))
        .build())
        .listener(new Recorder("first", true))
        .listener(new Recorder("second", false))
        .backend(Backend.builder("local-a").client(localA).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").build())
        .build();
    assertThat(router.chat(extraction()).content()).isEqualTo("from big");
    assertThat(heard).containsExactly(
        "first attempt local-a", "second attempt local-a",
        "first state local-a OPEN", "second state local-a OPEN",
        "first routed big", "second routed big");
  }
}
