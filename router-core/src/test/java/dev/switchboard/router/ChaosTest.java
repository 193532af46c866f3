package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * 16 threads x 2,000 requests over three fakes: one fails half its calls at random (seeded), one
 * times out now and then, one is healthy. Every request must be answered exactly once, with its
 * own answer; breakers must move only as configured (checked on the manual clock); and the cost
 * charged must be exactly the answers the backends billed.
 */
class ChaosTest {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 2_000;
  private static final int THRESHOLD = 3;
  private static final Duration COOLDOWN = Duration.ofSeconds(5);

  /** Counts the answers a backend actually gave (what its provider would bill). */
  private static final class Billed implements ChatClient {
    final ChatClient delegate;
    final LongAdder answers = new LongAdder();

    Billed(ChatClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      ChatResponse r = delegate.chat(request);
      answers.increment();
      return r;
    }

    // In memory, so it answers on the caller's thread like the fakes: calls complete in the order
    // the manual clock and the seeded failures were designed for (a thread hop per call reorders
    // them enough to reach a state where nothing fails, the clock never moves and breakers never
    // half-open).
    @Override
    public java.util.concurrent.CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
      return delegate.chatAsync(request).thenApply(r -> {
        answers.increment();
        return r;
      });
    }
  }

  private record Change(String backend, BackendState from, BackendState to, int failuresInARow, Instant at) {}

  @Test
  void everyRequestIsAnsweredExactlyOnceBreakersFollowTheConfigurationAndOnlyBilledAnswersCost() throws Exception {
    ManualClock clock = ManualClock.create();
    ManualScheduler time = new ManualScheduler(clock);
    Billed flaky = new Billed(FakeChatClient.builder("flaky").replyWith(r -> "flaky:" + id(r))
        .failureRate(0.5, FailureKind.SERVER_ERROR, 7).build());
    Billed slow = new Billed(FakeChatClient.builder("slow").replyWith(r -> "slow:" + id(r))
        .failureRate(0.05, FailureKind.TIMEOUT, 11).build());
    Billed steady = new Billed(FakeChatClient.builder("steady").replyWith(r -> "steady:" + id(r)).build());
    Map<String, Billed> billed = Map.of("flaky", flaky, "slow", slow, "steady", steady);
    Map<String, Price> prices = Map.of("flaky", Price.perMillionTokens(0.10, 0.20),
        "slow", Price.perMillionTokens(0.20, 0.40), "steady", Price.perMillionTokens(1.00, 2.00));

    List<Change> changes = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, LongAdder> routedTo = new ConcurrentHashMap<>();
    List<BigDecimal> charged = java.util.Collections.synchronizedList(new ArrayList<>());
    RoutingChatClient.Builder b = RoutingChatClient.builder()
        .tiers("pool")
        .clock(clock)
        .sleeper(time)
        .scheduler(time)
        .failover(FailoverPolicy.builder()
            .circuitBreaker(cb -> cb.failureThreshold(THRESHOLD).cooldown(COOLDOWN))
            .retry(r -> r.maxRetries(2).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
            // the deadline has its own test; here every request must finish
            .timeout(t -> t.deadline(Duration.ofDays(1)))
            .build())
        .listener(new RouterListener() {
          @Override
          public void onRouted(ChatRequest request, RouteInfo route) {
            routedTo.computeIfAbsent(route.backend(), k -> new LongAdder()).increment();
            charged.add(route.cost());
          }

          @Override
          public void onBackendStateChanged(BackendHealth health, BackendState previous) {
            changes.add(new Change(health.backend(), previous, health.state(), health.consecutiveFailures(),
                health.since()));
          }
        });
    for (String name : List.of("flaky", "slow", "steady")) {
      b.backend(Backend.builder(name).client(billed.get(name)).tier("pool").price(prices.get(name)).build());
    }
    RoutingChatClient router = b.build();

    AtomicReferenceArray<String> answers = new AtomicReferenceArray<>(THREADS * PER_THREAD);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < PER_THREAD; i++) {
            int id = thread * PER_THREAD + i;
            ChatResponse r = router.chat(ChatRequest.builder().user("Extract the number from: request " + id)
                .categoryHint(TaskCategory.EXTRACTION).build());
            String previous = answers.getAndSet(id, r.content());
            if (previous != null) {
              throw new AssertionError("request " + id + " was answered twice");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    System.out.printf("chaos: billed flaky=%d slow=%d steady=%d, state changes %s, manual clock moved %s%n",
        flaky.answers.sum(), slow.answers.sum(), steady.answers.sum(), changes.size(), time.slept());

    // Every request answered, exactly once, with its own answer.
    for (int id = 0; id < answers.length(); id++) {
      assertThat(answers.get(id)).as("answer to request %d", id).endsWith(":" + id);
    }
    long totalBilled = flaky.answers.sum() + slow.answers.sum() + steady.answers.sum();
    assertThat(totalBilled).as("no backend answer was lost or given twice").isEqualTo(THREADS * PER_THREAD);

    // Cost: exactly the billed answers, each at its backend's price; failed calls cost nothing.
    BigDecimal expected = BigDecimal.ZERO;
    for (String name : billed.keySet()) {
      long n = billed.get(name).answers.sum();
      assertThat(routedTo.getOrDefault(name, new LongAdder()).sum()).as("answers routed from %s", name).isEqualTo(n);
      expected = expected.add(prices.get(name).cost(Usage.of(10, 5)).multiply(BigDecimal.valueOf(n)));
    }
    assertThat(charged.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(expected);

    // Breakers: only legal moves, opened only after THRESHOLD failures in a row, half-open only
    // after the cooldown on the router's clock; the healthy backend never moved.
    Map<String, List<Change>> byBackend = new HashMap<>();
    synchronized (changes) {
      changes.forEach(c -> byBackend.computeIfAbsent(c.backend(), k -> new ArrayList<>()).add(c));
    }
    assertThat(byBackend).doesNotContainKey("steady");
    assertThat(byBackend.get("flaky")).extracting(Change::to).contains(BackendState.OPEN, BackendState.HALF_OPEN,
        BackendState.CLOSED);
    for (List<Change> seq : byBackend.values()) {
      BackendState state = BackendState.CLOSED;
      Instant openedAt = null;
      for (Change c : seq) {
        assertThat(c.from()).as("changes are reported in order: %s", c).isEqualTo(state);
        switch (c.to()) {
          case OPEN -> {
            assertThat(c.from()).isIn(BackendState.CLOSED, BackendState.HALF_OPEN);
            if (c.from() == BackendState.CLOSED) {
              assertThat(c.failuresInARow()).as("opened after %d failures in a row", THRESHOLD)
                  .isGreaterThanOrEqualTo(THRESHOLD);
            }
            openedAt = c.at();
          }
          case HALF_OPEN -> {
            assertThat(c.from()).isEqualTo(BackendState.OPEN);
            assertThat(Duration.between(openedAt, c.at())).as("half-open only after the cooldown")
                .isGreaterThanOrEqualTo(COOLDOWN);
          }
          case CLOSED -> assertThat(c.from()).as("closes only from a successful trial").isEqualTo(BackendState.HALF_OPEN);
          default -> throw new AssertionError("unexpected change " + c);
        }
        state = c.to();
      }
    }
  }

  private static String id(ChatRequest r) {
    String text = r.lastUserMessage().orElseThrow().text();
    return text.substring(text.lastIndexOf(' ') + 1);
  }
}
