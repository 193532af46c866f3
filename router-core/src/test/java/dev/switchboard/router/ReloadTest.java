package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.testing.FakeChatClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reload swaps the configuration under load without failing a request, and keeps what still applies. */
class ReloadTest {
  private static final Usage USAGE = Usage.of(1_000, 1_000);
  private final FakeChatClient a = FakeChatClient.builder("a").reply("from a").usage(USAGE)
      .sleeping(Duration.ofMillis(1)).build();
  private final FakeChatClient b = FakeChatClient.builder("b").reply("from b").usage(USAGE)
      .sleeping(Duration.ofMillis(1)).build();
  private final FakeChatClient c = FakeChatClient.builder("c").reply("from c").usage(USAGE)
      .sleeping(Duration.ofMillis(1)).build();

  /** Every backend costs $0.002 a request (1,000 tokens in and out at $1/M). */
  private Backend backend(String name, FakeChatClient client, String tier) {
    return Backend.builder(name).client(client).tier(tier).price(Price.perMillionTokens(1, 1)).build();
  }

  private RoutingChatClient.Builder first() {
    return RoutingChatClient.builder().tiers("cheap", "capable")
        .backend(backend("a", a, "cheap")).backend(backend("b", b, "capable"))
        .budgets(BudgetPolicy.unlimited());
  }

  /** The second configuration drops backend a for c. */
  private RoutingChatClient.Builder second() {
    return RoutingChatClient.builder().tiers("cheap", "capable")
        .backend(backend("c", c, "cheap")).backend(backend("b", b, "capable"))
        .budgets(BudgetPolicy.unlimited());
  }

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the dates: 3 May, 9 June").service("svc").build();
  }

  @Test
  void eightThreadsCallingWhileTheConfigurationIsSwappedTwentyTimesNeverFail() throws Exception {
    RoutingChatClient router = first().build();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    Set<String> servedBy = ConcurrentHashMap.newKeySet();
    CountDownLatch started = new CountDownLatch(threads);
    try {
      List<Future<?>> callers = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        callers.add(pool.submit(() -> {
          started.countDown();
          while (running.get()) {
            ChatResponse r = router.chat(extraction()); // any failure fails the future, and the test
            servedBy.add(r.route().backend());
            answered.incrementAndGet();
          }
          return null;
        }));
      }
      started.await();
      for (int i = 0; i < 20; i++) {
        int before = answered.get();
        router.reload(i % 2 == 0 ? second() : first());
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // callers that all died end the wait
        while (answered.get() < before + threads && System.nanoTime() < giveUp) {
          Thread.onSpinWait(); // let the threads answer on the new configuration before the next swap
        }
      }
      running.set(false);
      for (Future<?> f : callers) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(servedBy).contains("a", "c");
    // Spend carried across every swap: the same ledger counted each answer once.
    assertThat(router.spentToday("svc")).isEqualByComparingTo(new BigDecimal("0.002").multiply(
        BigDecimal.valueOf(answered.get())));
    // The last configuration (the first one, after 20 swaps) is the one in force.
    assertThat(router.backends()).extracting(Backend::name).containsExactly("a", "b");
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("a");
  }

  @Test
  void aBackendThatKeepsItsNameKeepsItsHealthAndOneThatIsGoneIsGone() {
    RoutingChatClient router = first().failover(dev.switchboard.router.failover.FailoverPolicy.builder()
        .circuitBreaker(x -> x.failureThreshold(1)).retry(r -> r.maxRetries(0)).build()).build();
    b.down(FailureKind.SERVER_ERROR);
    ChatRequest hard = ChatRequest.builder().user("Prove that the square root of 2 is irrational").service("svc")
        .build();
    assertThatThrownBy(() -> router.chat(hard)).isInstanceOf(NoBackendAvailableException.class);
    assertThat(router.health().backend("b").orElseThrow().state()).isEqualTo(BackendState.OPEN);

    router.reload(second().failover(dev.switchboard.router.failover.FailoverPolicy.builder()
        .circuitBreaker(x -> x.failureThreshold(1)).retry(r -> r.maxRetries(0)).build()));

    assertThat(router.health().backend("b").orElseThrow().state()).isEqualTo(BackendState.OPEN);
    assertThat(router.health().backend("a")).isEmpty();
    assertThat(router.health().backend("c").orElseThrow().state()).isEqualTo(BackendState.CLOSED);
  }

  @Test
  void aConfigurationThatDoesNotBuildIsRefusedAndTheOldOneStays() {
    RoutingChatClient router = first().build();
    RoutingChatClient.Builder broken = second().tiers("cheap", "capable", "premium");

    assertThatThrownBy(() -> router.reload(broken)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tier 'premium' has no backend");

    assertThat(router.backends()).extracting(Backend::name).containsExactly("a", "b");
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("a");
  }

  @Test
  void theRoutersListenersHearRequestsAfterAReload() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    RoutingChatClient router = first().listener(new RouterListener() {
      @Override
      public void onRouted(ChatRequest request, RouteInfo route) {
        heard.add(route.backend());
      }
    }).build();

    router.reload(second());
    router.chat(extraction());

    assertThat(heard).containsExactly("c");
  }

  @Test
  void theMetersFollowAReloadANewBackendGetsItsGaugesAndARemovedOneReadsZero() {
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    RoutingChatClient router = first().meterRegistry(registry).build();
    assertThat(registry.get("router.backend.state").tags("backend", "a", "state", "closed").gauge().value())
        .isEqualTo(1);

    router.reload(second());

    assertThat(registry.get("router.backend.state").tags("backend", "c", "state", "closed").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("router.backend.state").tags("backend", "a", "state", "closed").gauge().value())
        .isZero();
    java.lang.ref.Reference.reachabilityFence(router);
  }
}
