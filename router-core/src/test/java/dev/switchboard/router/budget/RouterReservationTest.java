package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.StreamInterruptedException;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reservations through the router: what is held before a request is sent, how the hold ends (the
 * answer's charge, a failure, a cancelled stream, a cache hit), where a downgrade goes when the
 * plan does not fit, and what happens when the ledger cannot be reached.
 */
class RouterReservationTest {
  private static final Usage BIG_USAGE = Usage.of(100_000, 50_000); // $1.05 on big
  private static final Price BIG_PRICE = Price.perMillionTokens(3.00, 15.00);

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-10T12:00:00Z"));
  private final InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(clock);
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient big = FakeChatClient.builder("big").reply("from big").usage(BIG_USAGE).build();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final RouterListener listener = new RouterListener() {
    @Override
    public void onFailed(ChatRequest request, SwitchboardException error) {
      failures.add(error.getClass().getSimpleName());
    }
  };

  private RoutingChatClient.Builder builder(BudgetPolicy policy, BudgetLedger ledger) {
    return RoutingChatClient.builder().tiers("cheap", "capable").clock(clock).listener(listener)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("local").client(local).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .budgets(policy).ledger(ledger);
  }

  private RoutingChatClient router(BudgetPolicy policy) {
    return builder(policy, ledger).build();
  }

  /** ~15 prompt tokens and max_tokens 100: a worst case of $0.001545 on big. */
  private static ChatRequest hard(String service) {
    return ChatRequest.builder().service(service).categoryHint(TaskCategory.REASONING)
        .user("Prove that there are infinitely many primes.").maxTokens(100).build();
  }

  private long held(String service) {
    return ledger.held(service, BudgetPolicy.unlimited().day(clock.instant()));
  }

  // --- what is held, and how it ends ---

  @Test
  void theWorstCaseIsHeldWhileTheRequestIsInFlightAndTheAnswersChargeReplacesIt() {
    AtomicLong heldDuringCall = new AtomicLong(-1);
    FakeChatClient watched = FakeChatClient.builder("big").respond(r -> {
      heldDuringCall.set(held("s"));
      return ChatResponse.builder().choice(Choice.of(0, ChatMessage.assistant("ok"), "stop"))
          .usage(Usage.of(10, 20)).build();
    }).build();
    RoutingChatClient router = RoutingChatClient.builder().tiers("capable").clock(clock)
        .backend(Backend.builder("big").client(watched).tier("capable").price(BIG_PRICE).build())
        .budgets(BudgetPolicy.builder().daily("s", 1.00).build()).ledger(ledger).build();

    router.chat(hard("s"));

    // 15 prompt tokens at $3/M + 100 output tokens at $15/M, in nano-dollars.
    assertThat(heldDuringCall.get()).isEqualTo(1_545_000L);
    assertThat(held("s")).isZero();
    assertThat(router.spentToday("s")).isEqualByComparingTo("0.00033"); // 10 x $3/M + 20 x $15/M
  }

  @Test
  void aRequestWithoutMaxTokensHoldsThePolicysOutputAllowance() {
    AtomicLong heldDuringCall = new AtomicLong(-1);
    FakeChatClient watched = FakeChatClient.builder("big").respond(r -> {
      heldDuringCall.set(held("s"));
      return ChatResponse.builder().choice(Choice.of(0, ChatMessage.assistant("ok"), "stop")).usage(Usage.of(1, 1))
          .build();
    }).build();
    RoutingChatClient router = RoutingChatClient.builder().tiers("capable").clock(clock)
        .backend(Backend.builder("big").client(watched).tier("capable").price(BIG_PRICE).build())
        .budgets(BudgetPolicy.builder().daily("s", 1.00).outputAllowance(1_000).build()).ledger(ledger).build();

    router.chat(ChatRequest.builder().service("s").categoryHint(TaskCategory.REASONING).user("abcd").build());

    // 1 + 4 prompt tokens at $3/M + 1,000 output tokens at $15/M.
    assertThat(heldDuringCall.get()).isEqualTo(15_015_000L);
    assertThat(BudgetPolicy.builder().build().outputAllowance()).isEqualTo(4096);
    assertThatThrownBy(() -> BudgetPolicy.builder().outputAllowance(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailedRequestReleasesItsHoldSoTheNextOneFits() {
    // $0.002 a day holds one request's worst case ($0.001545) at a time.
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 0.002).reject().build());
    big.failNext(1, FailureKind.SERVER_ERROR);

    assertThatThrownBy(() -> router.chat(hard("s"))).isInstanceOf(NoBackendAvailableException.class);

    assertThat(held("s")).isZero();
    assertThat(router.spentToday("s")).isZero();
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("big");
    assertThat(held("s")).isZero();
  }

  @Test
  void aBilledFailedAttemptIsChargedAndItsHoldReleased() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 10).build());
    big.enqueueFailure(new BackendException("big", FailureKind.SERVER_ERROR, "cut off").withBilledUsage(BIG_USAGE));

    assertThatThrownBy(() -> router.chat(hard("s"))).isInstanceOf(NoBackendAvailableException.class);

    assertThat(router.spentToday("s")).isEqualByComparingTo("1.05");
    assertThat(held("s")).isZero();
  }

  @Test
  void aStreamSettlesItsHoldWhenItCompletesAndReleasesItWhenItFails() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 10).build());

    ChatResponse streamed = router.stream(hard("s"), StreamListener.onText(t -> {})).completion().join();
    assertThat(streamed.route().cost()).isEqualByComparingTo("1.05");
    assertThat(router.spentToday("s")).isEqualByComparingTo("1.05");
    assertThat(held("s")).isZero();

    big.enqueueStreamFailure(FailureKind.SERVER_ERROR); // fails before its first token: not billed
    CompletableFuture<ChatResponse> failed = router.stream(hard("s"), StreamListener.onText(t -> {})).completion();
    assertThatThrownBy(failed::join).hasCauseInstanceOf(NoBackendAvailableException.class);
    assertThat(held("s")).isZero();
    assertThat(router.spentToday("s")).isEqualByComparingTo("1.05");
  }

  @Test
  void aStreamBrokenAfterItsFirstTokenIsChargedInPlaceOfItsHold() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 10).build());
    big.enqueueStreamFailure(FailureKind.SERVER_ERROR, "Suppose there are finitely many");

    CompletableFuture<ChatResponse> broken = router.stream(hard("s"), StreamListener.onText(t -> {})).completion();

    assertThatThrownBy(broken::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StreamInterruptedException.class);
    assertThat(held("s")).isZero();
    // An estimate: 15 prompt tokens and 8 tokens of text the caller received.
    assertThat(router.spentToday("s")).isEqualByComparingTo("0.000165");
  }

  @Test
  void aCancelledStreamReleasesItsHold() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 10).build());
    big.enqueueStall();

    var handle = router.stream(hard("s"), StreamListener.onText(t -> {}));
    assertThat(held("s")).isPositive();
    handle.cancel();

    assertThat(handle.completion()).isCompletedExceptionally();
    assertThat(held("s")).isZero();
    assertThat(router.spentToday("s")).isZero();
  }

  /** A request whose thread never comes back: its hold expires after the reservation TTL, on the router's clock. */
  @Test
  void aHoldThatIsNeverSettledExpiresAfterTheReservationTtl() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    FakeChatClient slow = FakeChatClient.builder("big").respond(r -> {
      if (calls.incrementAndGet() == 1) {
        entered.countDown();
        try {
          assertThat(letGo.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ChatResponse.builder().choice(Choice.of(0, ChatMessage.assistant("ok"), "stop")).usage(Usage.of(15, 100))
          .build();
    }).build();
    // Room for one request's worst case ($0.001545) at a time.
    RoutingChatClient router = RoutingChatClient.builder().tiers("capable").clock(clock)
        .backend(Backend.builder("big").client(slow).tier("capable").price(BIG_PRICE).build())
        .budgets(BudgetPolicy.builder().daily("s", 0.002).reject().reservationTtl(Duration.ofMinutes(2)).build())
        .ledger(ledger).build();

    CompletableFuture<ChatResponse> stuck = CompletableFuture.supplyAsync(() -> router.chat(hard("s")));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> router.chat(hard("s"))).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("held by requests in flight");

    clock.advance(Duration.ofMinutes(2));
    assertThat(router.chat(hard("s")).content()).isEqualTo("ok"); // the stuck request's hold has expired

    letGo.countDown();
    assertThat(stuck.get(30, TimeUnit.SECONDS).content()).isEqualTo("ok");
    // Both answers are charged, the late one too, once each.
    assertThat(router.spentToday("s")).isEqualByComparingTo("0.00309");
    assertThat(held("s")).isZero();
  }

  @Test
  void theReservationTtlDefaultsToTheFailoverDeadlinePlusFiveMinutes() {
    FailoverPolicy failover = FailoverPolicy.builder().timeout(t -> t.deadline(Duration.ofSeconds(30))).build();
    RoutingChatClient router = builder(BudgetPolicy.builder().daily("s", 0.002).reject().build(), ledger)
        .failover(failover).build();
    big.enqueueStall();
    router.stream(hard("s"), StreamListener.onText(t -> {})); // stalls: its hold is never settled

    clock.advance(Duration.ofMinutes(5).plusSeconds(29));
    assertThatThrownBy(() -> router.chat(hard("s"))).isInstanceOf(BudgetExceededException.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("big");
    assertThatThrownBy(() -> BudgetPolicy.builder().reservationTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- where a request goes when its plan does not fit ---

  @Test
  void underADowngradeTheCheaperTiersPriceIsTriedBeforeTheRequestIsRejected() {
    FakeChatClient mid = FakeChatClient.replying("mid", "from mid");
    RoutingChatClient.Builder three = RoutingChatClient.builder().tiers("cheap", "mid", "capable").clock(clock)
        .backend(Backend.builder("local").client(local).tier("cheap").build())
        .backend(Backend.builder("mid").client(mid).tier("mid").price(Price.perMillionTokens(0.1, 0.1)).build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .ledger(ledger);
    // $0.001: big's worst case ($0.001545) does not fit; mid's (115 tokens at $0.1/M, $0.0000115) does.
    RoutingChatClient fits = three.budgets(BudgetPolicy.builder().daily("s", 0.001).downgradeToTier("mid").build())
        .build();

    ChatResponse r = fits.chat(hard("s"));

    assertThat(r.route().backend()).isEqualTo("mid");
    assertThat(r.route().plannedTier()).isEqualTo("capable");
    assertThat(r.route().reason()).contains("service 's' is at its daily budget ($0 of $0.001): downgraded to tier mid");

    // $0.00001: not even mid's price fits, so the request is rejected rather than passing the limit.
    RoutingChatClient tight = three.budgets(BudgetPolicy.builder().daily("t", 0.00001).downgradeToTier("mid").build())
        .build();
    assertThatThrownBy(() -> tight.chat(hard("t")))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.service()).isEqualTo("t");
          assertThat(e.getMessage()).contains("does not fit at the price of tier mid either",
              "this request could cost up to $0.0000115");
        });
    assertThat(mid.callCount()).isEqualTo(1);
    assertThat(big.callCount()).isZero();
  }

  @Test
  void aRequestThatFitsOnlyWithoutItsPricierFailoverIsSentWithoutIt() {
    // An extraction goes to the cheap tier, with big as its failover: its worst case is big's price.
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 0).reject().build());
    ChatRequest cheap = ChatRequest.builder().service("s").categoryHint(TaskCategory.EXTRACTION)
        .user("Extract the dates: 3 May").maxTokens(100).build();

    ChatResponse r = router.chat(cheap);

    assertThat(r.route().backend()).isEqualTo("local");
    assertThat(r.route().decision().candidates()).extracting(c -> c.backend()).containsExactly("local");
    assertThat(r.route().reason()).contains("failover limited to backends costing at most $0");
    // Without big to fail over to, a failing local fails the request: the limit is not passed.
    local.failNext(1, FailureKind.SERVER_ERROR);
    assertThatThrownBy(() -> router.chat(cheap)).isInstanceOf(NoBackendAvailableException.class);
    assertThat(big.callCount()).isZero();
  }

  @Test
  void aCacheHitHoldsNothing() {
    AtomicInteger reservations = new AtomicInteger();
    BudgetLedger counting = new BudgetLedger() {
      @Override
      public long add(String service, BudgetPeriod period, long nanos) {
        return ledger.add(service, period, nanos);
      }

      @Override
      public long spent(String service, BudgetPeriod period) {
        return ledger.spent(service, period);
      }

      @Override
      public Reservation reserve(String service, BudgetPeriod period, long nanos, long limit, Duration ttl) {
        reservations.incrementAndGet();
        return ledger.reserve(service, period, nanos, limit, ttl);
      }

      @Override
      public long settle(Reservation reservation, long actualNanos) {
        return ledger.settle(reservation, actualNanos);
      }
    };
    RoutingChatClient router = builder(BudgetPolicy.builder().daily("s", 10).build(), counting)
        .cache(dev.switchboard.router.cache.CachePolicy.defaults()).build();
    ChatRequest deterministic = hard("s").toBuilder().temperature(0).build();

    router.chat(deterministic);
    ChatResponse hit = router.chat(deterministic);

    assertThat(hit.route().cacheHit()).isTrue();
    assertThat(reservations.get()).isEqualTo(1);
    assertThat(held("s")).isZero();
    assertThat(router.spentToday("s")).isEqualByComparingTo("1.05");
  }

  // --- spend without limits, and ledgers of the old SPI ---

  /** "Every dollar is counted" with the defaults: no budget policy and no ledger configured. */
  @Test
  void spendIsCountedWithoutAnyBudgetPolicyOnAUtcDay() {
    RoutingChatClient router = RoutingChatClient.builder().tiers("capable").clock(clock)
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .build();

    router.chat(hard("s"));
    router.chat(hard("s"));
    router.chat(hard("other"));

    assertThat(router.spentToday("s")).isEqualByComparingTo("2.10");
    assertThat(router.spentToday("other")).isEqualByComparingTo("1.05");
    clock.set(Instant.parse("2026-03-10T23:59:59Z"));
    assertThat(router.spentToday("s")).isEqualByComparingTo("2.10");
    clock.set(Instant.parse("2026-03-11T00:00:00Z")); // midnight UTC: a new day
    assertThat(router.spentToday("s")).isZero();
  }

  /** A ledger written against the two-method SPI (add, spent) still enforces limits, without holds. */
  @Test
  void aLedgerWithOnlyAddAndSpentStillWorks() {
    Map<String, Long> totals = new ConcurrentHashMap<>();
    BudgetLedger old = new BudgetLedger() {
      @Override
      public long add(String service, BudgetPeriod period, long nanos) {
        return totals.merge(service + "/" + period.key(), nanos, Long::sum);
      }

      @Override
      public long spent(String service, BudgetPeriod period) {
        return totals.getOrDefault(service + "/" + period.key(), 0L);
      }
    };
    RoutingChatClient router = builder(BudgetPolicy.builder().daily("s", 2.00).build(), old).build();

    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("big");
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("big");
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("local");
    assertThat(router.spentToday("s")).isEqualByComparingTo("2.10");
    assertThat(totals).containsEntry("s/month:2026-03", 2_100_000_000L);
  }

  // --- a ledger that cannot be reached ---

  private static final BudgetLedger UNREACHABLE = new BudgetLedger() {
    @Override
    public long add(String service, BudgetPeriod period, long nanos) {
      throw new SwitchboardException("connection refused");
    }

    @Override
    public long spent(String service, BudgetPeriod period) {
      throw new SwitchboardException("connection refused");
    }

    @Override
    public Reservation reserve(String service, BudgetPeriod period, long nanos, long limit, Duration ttl) {
      throw new SwitchboardException("connection refused");
    }
  };

  @Test
  void failOpenTheDefaultServesRequestsWhileTheLedgerCannotBeReached() {
    RoutingChatClient router = builder(BudgetPolicy.builder().daily("s", 1.00).build(), UNREACHABLE).build();
    assertThat(BudgetPolicy.builder().build().failsClosed()).isFalse();

    ChatResponse r = router.chat(hard("s"));

    assertThat(r.route().backend()).isEqualTo("big");
    assertThat(r.route().cost()).isEqualByComparingTo("1.05");
    assertThat(failures).isEmpty();
    assertThat(router.explain(hard("s")).candidates()).extracting(c -> c.backend()).containsExactly("big");
  }

  @Test
  void failClosedRejectsRequestsToLimitedServicesWhileTheLedgerCannotBeReached() {
    RoutingChatClient router = builder(BudgetPolicy.builder().daily("s", 1.00).failClosed().build(), UNREACHABLE)
        .build();

    assertThatThrownBy(() -> router.chat(hard("s")))
        .isInstanceOfSatisfying(LedgerUnavailableException.class, e -> {
          assertThat(e.service()).isEqualTo("s");
          assertThat(e.getMessage()).contains("could not be reached", "'s'", "connection refused", "fails closed",
              "failOpen()");
          assertThat(e.getCause()).hasMessage("connection refused");
        });
    assertThat(big.callCount() + local.callCount()).isZero();
    assertThat(failures).containsExactly("LedgerUnavailableException");
    assertThat(router.explain(hard("s")).why()).contains("would be rejected: the budget ledger");
    // A service without a limit has nothing to check: it is served.
    assertThat(router.chat(hard("unlimited")).route().backend()).isEqualTo("big");
    // So does a stream, through its listener.
    CompletableFuture<ChatResponse> streamed = router.stream(hard("s"), StreamListener.onText(t -> {})).completion();
    assertThatThrownBy(streamed::join).hasCauseInstanceOf(LedgerUnavailableException.class);
  }
}
