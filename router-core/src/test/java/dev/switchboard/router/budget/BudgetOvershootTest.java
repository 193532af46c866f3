package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * How far past a limit spend can go under 16 threads. The worst case of a request (its prompt
 * estimate plus its {@code max_tokens}, at the candidate's price) is reserved on the ledger with
 * the check, atomically, so requests in flight count against the limit before they are charged.
 * These tests measure it; the figures, before and after reservations, are in docs/budgets.md.
 */
class BudgetOvershootTest {
  private static final BigDecimal PER_CALL = new BigDecimal("1.05"); // 100k in + 50k out at $3/$15 per M
  private static final int THREADS = 16;

  /**
   * A request whose cost is bounded by its own size: ~100,000 prompt tokens as the router
   * estimates them (399,984 characters at four a token, plus four for the message) and
   * {@code max_tokens} 50,000, so its worst case at $3/$15 per M is exactly what it is billed, $1.05.
   */
  private static final ChatRequest BOUNDED = ChatRequest.builder().service("s").categoryHint(TaskCategory.REASONING)
      .user("x".repeat(399_984)).maxTokens(50_000).build();

  /** A request that says it will cost little (max_tokens 10) and is billed $1.05 anyway: an estimate too low. */
  private static final ChatRequest UNDERESTIMATED = ChatRequest.builder().service("s")
      .categoryHint(TaskCategory.REASONING).user("Prove it.").maxTokens(10).build();

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

  /** Runs {@code each} requests on each of 16 threads; {@code rejected} runs on every rejection. Returns how many were answered. */
  private static int hammer(RoutingChatClient router, ChatRequest request, int each, Runnable rejected)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger answered = new AtomicInteger();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            try {
              router.chat(request);
              answered.incrementAndGet();
            } catch (BudgetExceededException e) {
              rejected.run(); // expected once the limit is reached
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return answered.get();
  }

  private static BigDecimal report(String run, RoutingChatClient router, String limit, int answered) {
    BigDecimal spent = router.spentToday("s");
    BigDecimal overshoot = spent.subtract(new BigDecimal(limit));
    System.out.printf("%s: limit $%s, %d answered, spent $%s, overshoot $%s (%s requests' cost)%n", run, limit,
        answered, spent.toPlainString(), overshoot.toPlainString(), overshoot.divide(PER_CALL, 2, RoundingMode.HALF_UP));
    return spent;
  }

  /**
   * The worst case for a check-then-charge budget: the backend holds every answer until all 16
   * requests have been admitted or rejected, so no charge lands before every check is made.
   * Reservations admit 4 ($4.20 of $5.00) and reject the other 12.
   */
  @Test
  void worstCaseNoAnswerIsChargedBeforeEveryRequestWasAdmittedOrRejected() throws Exception {
    CountDownLatch decided = new CountDownLatch(THREADS);
    RoutingChatClient router = router(r -> {
      decided.countDown();
      try {
        assertThat(decided.await(30, TimeUnit.SECONDS)).isTrue(); // hold the answer until every request is decided
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer();
    }, 5.00);

    int answered = hammer(router, BOUNDED, 1, decided::countDown);

    BigDecimal spent = report("worst case, bounded requests", router, "5.00", answered);
    assertThat(answered).isEqualTo(4);
    assertThat(spent).isEqualByComparingTo("4.20");
    assertThat(spent).isLessThanOrEqualTo(new BigDecimal("5.00").add(PER_CALL));
  }

  @Test
  void freeRunningBoundedRequestsNeverPassTheLimit() throws Exception {
    RoutingChatClient router = router(r -> answer(), 50.00);

    int answered = hammer(router, BOUNDED, 200, () -> {});

    BigDecimal spent = report("free running, bounded requests, 16 threads x 200", router, "50.00", answered);
    // Every answer was charged exactly once, and the limit held: 47 x $1.05 = $49.35, as many as fit.
    assertThat(spent).isEqualByComparingTo(PER_CALL.multiply(BigDecimal.valueOf(answered)));
    assertThat(answered).isEqualTo(47);
    assertThat(spent).isLessThanOrEqualTo(new BigDecimal("50.00"));
  }

  /**
   * Requests billed far more than their max_tokens allows (a backend that ignores it): the
   * reservation is too small, so spend can pass the limit by what the requests in flight were
   * under-reserved, at most 16 x (actual - reserved).
   */
  @Test
  void freeRunningUnderestimatedRequestsOvershootByNoMoreThanTheRequestsInFlight() throws Exception {
    RoutingChatClient router = router(r -> answer(), 50.00);

    int answered = hammer(router, UNDERESTIMATED, 200, () -> {});

    BigDecimal spent = report("free running, underestimated requests, 16 threads x 200", router, "50.00", answered);
    assertThat(spent).isEqualByComparingTo(PER_CALL.multiply(BigDecimal.valueOf(answered)));
    assertThat(spent).isGreaterThanOrEqualTo(new BigDecimal("50.00"));
    assertThat(spent.subtract(new BigDecimal("50.00"))).isLessThanOrEqualTo(PER_CALL.multiply(BigDecimal.valueOf(THREADS)));
  }
}
