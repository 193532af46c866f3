package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RouterBudgetTest {
  // 100k prompt + 50k completion tokens at $3 / $15 per million: $1.05 a call on "big".
  private static final Usage BIG_USAGE = Usage.of(100_000, 50_000);
  private static final Price BIG_PRICE = Price.perMillionTokens(3.00, 15.00);

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-10T12:00:00Z"));
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient big = FakeChatClient.builder("big").reply("from big").usage(BIG_USAGE).build();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final RouterListener listener = new RouterListener() {
    @Override
    public void onBudgetWarning(String service, String period, BigDecimal limit, BigDecimal spent) {
      events.add("warn " + service + " " + period + " " + spent.toPlainString() + "/" + limit.toPlainString());
    }

    @Override
    public void onFailed(ChatRequest request, SwitchboardException error) {
      events.add("failed " + error.getClass().getSimpleName());
    }
  };

  private RoutingChatClient router(BudgetPolicy policy) {
    return RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .clock(clock)
        .listener(listener)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("local").client(local).model("llama").tier("cheap").build())
        .backend(Backend.builder("big").client(big).model("big-model").tier("capable").price(BIG_PRICE).build())
        .budgets(policy)
        .build();
  }

  private static ChatRequest hard(String service) {
    return ChatRequest.builder().service(service).categoryHint(TaskCategory.REASONING)
        .user("Prove that there are infinitely many primes.").maxTokens(100).build();
  }

  @Test
  void atTheDailyLimitRequestsAreDowngradedToTheCheapTierAndSaySo() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("support", 2.00).build());

    RouteInfo first = router.chat(hard("support")).route();
    RouteInfo second = router.chat(hard("support")).route();
    ChatResponse third = router.chat(hard("support"));

    assertThat(first.backend()).isEqualTo("big");
    assertThat(second.backend()).isEqualTo("big");
    assertThat(router.spentToday("support")).isEqualByComparingTo("2.10");
    assertThat(third.content()).isEqualTo("from local");
    assertThat(third.route().tier()).isEqualTo("cheap");
    assertThat(third.route().plannedTier()).isEqualTo("capable");
    assertThat(third.route().reason()).contains("service 'support' is at its daily budget ($2.1 of $2.0)")
        .contains("downgraded to tier cheap");
    assertThat(big.callCount()).isEqualTo(2);
    // The warning fired once, when spend crossed 80% of $2 (the second call took it to $2.10).
    assertThat(events).containsExactly("warn support daily 2.1/2.0");
    // Another service has no limit of its own and no default: not limited.
    assertThat(router.chat(hard("search")).route().backend()).isEqualTo("big");
  }

  @Test
  void theEstimateAloneCanTriggerTheDowngradeBeforeAnySpend() {
    // max_tokens 100 at $15/M is $0.0015 of output: more than a $0.001 budget allows.
    RoutingChatClient router = router(BudgetPolicy.builder().defaultDaily(0.001).build());

    assertThat(router.chat(hard("any")).route().backend()).isEqualTo("local");
    assertThat(big.callCount()).isZero();
  }

  @Test
  void rejectNamesTheServiceTheLimitAndTheSpendAndCallsNothing() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("support", 1.00).reject().build());
    router.chat(hard("support"));

    assertThatThrownBy(() -> router.chat(hard("support")))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.service()).isEqualTo("support");
          assertThat(e.period()).isEqualTo("daily");
          assertThat(e.limit()).isEqualByComparingTo("1.00");
          assertThat(e.spent()).isEqualByComparingTo("1.05");
          assertThat(e.getMessage()).contains("'support'", "$1.05", "$1.0", "daily");
        });
    assertThat(big.callCount()).isEqualTo(1);
    assertThat(local.callCount()).isZero();
    assertThat(events).contains("failed BudgetExceededException");
  }

  @Test
  void streamsAreRejectedThroughTheListenerToo() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("support", 0).reject().build());
    List<Throwable> errors = new ArrayList<>();
    var handle = router.stream(hard("support"), new StreamListener() {
      @Override
      public void onChunk(dev.switchboard.router.chat.ChatChunk chunk) {}

      @Override
      public void onError(Throwable error) {
        errors.add(error);
      }
    });
    assertThat(errors).singleElement().isInstanceOf(BudgetExceededException.class);
    assertThat(handle.completion()).isCompletedExceptionally();
  }

  @Test
  void downgradeToANamedBackendWhosePriceFits() {
    FakeChatClient mid = FakeChatClient.replying("mid", "from mid");
    RoutingChatClient.Builder builder = RoutingChatClient.builder().tiers("cheap", "capable").clock(clock)
        .backend(Backend.builder("local").client(local).tier("cheap").build())
        .backend(Backend.builder("mid").client(mid).tier("cheap").price(Price.perMillionTokens(0.1, 0.1)).build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build());
    // $0.001 a day: big's worst case (~$0.0015) does not fit, mid's ($0.0000115) does
    RoutingChatClient router = builder.budgets(BudgetPolicy.builder().daily("s", 0.001).downgradeToBackend("mid")
        .build()).build();

    ChatResponse r = router.chat(hard("s"));

    assertThat(r.route().backend()).isEqualTo("mid");
    assertThat(r.route().decision().candidates()).extracting(c -> c.backend()).containsExactly("mid");
    assertThat(r.route().reason()).contains("downgraded to backend mid");

    // A limit of 0 allows only free calls: mid is not free, so the request is rejected, not sent there.
    RoutingChatClient none = builder.budgets(BudgetPolicy.builder().daily("s", 0).downgradeToBackend("mid").build())
        .build();
    assertThatThrownBy(() -> none.chat(hard("s"))).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("does not fit at the price of backend mid either");
    assertThat(mid.callCount()).isEqualTo(1);
  }

  @Test
  void aDowngradeTargetThatIsNotThereFailsTheBuild() {
    assertThatThrownBy(() -> router(BudgetPolicy.builder().downgradeToTier("tiny").build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tier 'tiny'");
    assertThatThrownBy(() -> router(BudgetPolicy.builder().downgradeToBackend("nope").build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend 'nope'");
    assertThatThrownBy(() -> BudgetPolicy.builder().daily("s", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BudgetPolicy.builder().warnAt(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDayResetsAtMidnightInThePolicysZoneNotAtUtcMidnight() {
    ZoneId newYork = ZoneId.of("America/New_York");
    clock.set(Instant.parse("2026-03-10T15:00:00Z")); // 11:00 in New York
    RoutingChatClient router = router(BudgetPolicy.builder().zone(newYork).daily("s", 1.00).build());
    router.chat(hard("s"));
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("local");

    clock.set(Instant.parse("2026-03-11T00:30:00Z")); // UTC has a new day; New York is at 20:30 the same day
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("local");
    assertThat(router.spentToday("s")).isEqualByComparingTo("1.05");

    clock.set(Instant.parse("2026-03-11T04:00:00Z")); // 00:00 in New York (EDT starts 8 March)
    assertThat(router.spentToday("s")).isZero();
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("big");
  }

  @Test
  void aMonthlyLimitHoldsAcrossDays() {
    RoutingChatClient router = router(BudgetPolicy.builder().daily("s", 100).monthly("s", 2.00).reject().build());
    router.chat(hard("s"));
    clock.advance(Duration.ofDays(1));
    router.chat(hard("s"));
    clock.advance(Duration.ofDays(1));

    assertThatThrownBy(() -> router.chat(hard("s")))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> assertThat(e.period()).isEqualTo("monthly"));
    clock.set(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(router.chat(hard("s")).route().backend()).isEqualTo("big");
  }

  @Test
  void billedFailedAttemptsAndStreamedAnswersAreCharged() {
    RoutingChatClient router = router(BudgetPolicy.unlimited());
    // Retries are off in this router. A provider that bills a failed call (a stream cut off after generating) reports its usage.
    big.enqueueFailure(new BackendException("big", FailureKind.SERVER_ERROR, "cut off").withBilledUsage(BIG_USAGE));
    assertThatThrownBy(() -> router.chat(hard("s"))).isInstanceOf(dev.switchboard.router.NoBackendAvailableException.class);
    // The request failed, but the provider billed the attempt: it is charged.
    BigDecimal afterFailure = router.spentToday("s");
    assertThat(afterFailure).isEqualByComparingTo("1.05");

    var handle = router.stream(hard("s"), StreamListener.onText(t -> {}));
    ChatResponse streamed = handle.completion().join();
    assertThat(streamed.route().cost()).isEqualByComparingTo("1.05");
    assertThat(router.spentToday("s")).isEqualByComparingTo(afterFailure.add(new BigDecimal("1.05")));
  }

  @Test
  void aJournalKeepsTheBudgetAcrossARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path file = dir.resolve("budget.journal");
    BudgetPolicy policy = BudgetPolicy.builder().daily("s", 1.00).build();
    JournalBudgetLedger before = JournalBudgetLedger.open(file);
    RoutingChatClient first = RoutingChatClient.builder().tiers("cheap", "capable").clock(clock)
        .backend(Backend.builder("local").client(local).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .budgets(policy).ledger(before).build();
    first.chat(hard("s"));
    before.close(); // the application stops (a process that dies releases the file's lock the same way)

    // The application restarts: the spend is still there.
    try (JournalBudgetLedger after = JournalBudgetLedger.open(file)) {
      RoutingChatClient second = RoutingChatClient.builder().tiers("cheap", "capable").clock(clock)
          .backend(Backend.builder("local").client(local).tier("cheap").build())
          .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
          .budgets(policy).ledger(after).build();
      assertThat(second.spentToday("s")).isEqualByComparingTo("1.05");
      assertThat(second.chat(hard("s")).route().backend()).isEqualTo("local");
    }
  }

  @Test
  void aBilledFailedAttemptIsPartOfTheAnsweredRequestsCost() {
    FakeChatClient big2 = FakeChatClient.builder("big2").reply("from big2").usage(Usage.of(10, 5)).build();
    RoutingChatClient router = RoutingChatClient.builder().tiers("capable").clock(clock)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .backend(Backend.builder("big2").client(big2).tier("capable").price(Price.perMillionTokens(4.00, 16.00)).build())
        .budgets(BudgetPolicy.unlimited())
        .build();
    big.enqueueFailure(new BackendException("big", FailureKind.SERVER_ERROR, "cut off").withBilledUsage(BIG_USAGE));

    RouteInfo route = router.chat(hard("s")).route();

    assertThat(route.backend()).isEqualTo("big2");
    assertThat(route.attempts().get(0).billedUsage()).contains(BIG_USAGE);
    // $1.05 billed by the failed attempt on big + 10 x $4/M + 5 x $16/M for the answer from big2.
    assertThat(route.cost()).isEqualByComparingTo("1.05012");
    assertThat(router.spentToday("s")).isEqualByComparingTo("1.05012");
  }

  @Test
  void explainShowsTheDowngradeOrTheRejectionWithoutCallingAnything() {
    RoutingChatClient downgrading = router(BudgetPolicy.builder().daily("s", 0).build());
    RoutingChatClient rejecting = router(BudgetPolicy.builder().daily("s", 0).reject().build());

    var downgraded = downgrading.explain(hard("s"));
    var rejected = rejecting.explain(hard("s"));

    assertThat(downgraded.candidates()).extracting(c -> c.backend()).containsExactly("local");
    assertThat(downgraded.why()).contains("downgraded to tier cheap");
    assertThat(rejected.candidates()).extracting(c -> c.backend()).containsExactly("big");
    assertThat(rejected.why()).contains("would be rejected: service 's' reached its daily budget");
    assertThat(big.callCount() + local.callCount()).isZero();
  }
}
