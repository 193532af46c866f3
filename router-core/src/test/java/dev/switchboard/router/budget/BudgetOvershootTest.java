package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.ChatResponse;
import dev.switchboard.router.ChatMessage;
import dev.switchboard.router.Choice;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.TaskCategory;
import dev.switchboard.router.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How far past a limit spend can go. The check happens before dispatch and the charge after the
 * answer, so requests already past the check when the limit is crossed still complete: the
 * overshoot is at most the cost of the requests in flight. These tests measure it (the figures
 * are in docs/budgets.md).
 */
class BudgetOvershootTest {
  private static final BigDecimal PER_CALL = new BigDecimal("1.05"); // 100k in + 50k out at $3/$15 per M
  private static final int THREADS = 16;

  private static RoutingChatClient router(Function<ChatRequest, ChatResponse> big, double limit) {
    return RoutingChatClient.builder().tiers("cheap", "capable").clock(ManualClock.create())
        .backend(Backend.builder("local").client(FakeChatClient.replying("local", "free")).tier("cheap").build())
        .backend(Backend.builder("big").client(FakeChatClient.builder("big").respond(big).build()).tier("capable")
            .price(Price.perMillionTokens(3.00, 15.00)).build())
        .budgets(BudgetPolicy.builder().daily("s", limit).reject().build())
        .build();
  }

  private static ChatResponse answer() {
    return ChatResponse.builder().choice(Choice.of(0, ChatMessage.assistant("ok"), "stop"))
        .usage(Usage.of(100_000, 50_000)).build();
  }

  private static final ChatRequest HARD = ChatRequest.builder().service("s").categoryHint(TaskCategory.REASONING)
      .user("Prove it.").maxTokens(10).build();

  /** Runs {@code each} requests on each of 16 threads; returns how many were answered. */
  private static int hammer(RoutingChatClient router, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger answered = new AtomicInteger();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            try {
              router.chat(HARD);
              answered.incrementAndGet();
            } catch (BudgetExceededException e) {
              // expected once the limit is reached
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return answered.get();
  }

  @Test
  void worstCaseEveryThreadPassesTheCheckBeforeAnyoneIsCharged() throws Exception {
    CountDownLatch allInFlight = new CountDownLatch(THREADS);
    RoutingChatClient router = router(r -> {
      allInFlight.countDown();
      try {
        allInFlight.await(10, TimeUnit.SECONDS); // hold every answer until all 16 are in flight
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer();
    }, 5.00);

    int answered = hammer(router, 1);

    BigDecimal spent = router.spentToday("s");
    BigDecimal overshoot = spent.subtract(new BigDecimal("5.00"));
    System.out.printf("worst case: 16 in flight, limit $5.00, spent $%s, overshoot $%s (%s requests' cost)%n",
        spent.toPlainString(), overshoot.toPlainString(), overshoot.divide(PER_CALL, 2, java.math.RoundingMode.HALF_UP));
    assertThat(answered).isEqualTo(THREADS);
    assertThat(spent).isEqualByComparingTo(PER_CALL.multiply(BigDecimal.valueOf(THREADS)));
    assertThat(overshoot).isLessThanOrEqualTo(PER_CALL.multiply(BigDecimal.valueOf(THREADS)));
  }

  @Test
  void freeRunningSixteenThreadsOvershootByLessThanTheRequestsInFlight() throws Exception {
    RoutingChatClient router = router(r -> answer(), 50.00);

    int answered = hammer(router, 200);

    BigDecimal spent = router.spentToday("s");
    BigDecimal overshoot = spent.subtract(new BigDecimal("50.00"));
    System.out.printf("free running: 16 threads x 200 requests, limit $50.00, %d answered, spent $%s,"
        + " overshoot $%s%n", answered, spent.toPlainString(), overshoot.toPlainString());
    // Every answer was charged exactly once...
    assertThat(spent).isEqualByComparingTo(PER_CALL.multiply(BigDecimal.valueOf(answered)));
    // ...the limit was reached, and passed by no more than the 16 requests that can be in flight.
    assertThat(spent).isGreaterThanOrEqualTo(new BigDecimal("50.00"));
    assertThat(overshoot).isLessThanOrEqualTo(PER_CALL.multiply(BigDecimal.valueOf(THREADS)));
  }
}
