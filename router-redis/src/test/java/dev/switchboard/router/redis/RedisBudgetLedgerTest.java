package dev.switchboard.router.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetLedgerContract;
import dev.switchboard.router.budget.BudgetPeriod;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.Reservation;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

class RedisBudgetLedgerTest extends BudgetLedgerContract {
  private static RedisServer server;
  private static JedisPooled redis;
  private static final AtomicInteger RUN = new AtomicInteger();

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
    redis = server.client();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String freshPrefix() {
    return "test" + RUN.incrementAndGet() + ":";
  }

  @Override
  protected BudgetLedger ledger(Clock clock) {
    // The contract's periods are today and tomorrow (UTC); the ledger reads the contract's clock, 10:00 today.
    return RedisBudgetLedger.create(redis, freshPrefix(), Duration.ofDays(1), clock);
  }

  @Test
  void aPeriodsKeyExpiresAfterThePeriodEnds() {
    RedisBudgetLedger ledger = RedisBudgetLedger.create(redis, freshPrefix(), Duration.ofDays(1));
    BudgetPeriod today = new BudgetPeriod("day:t", Instant.now().plus(Duration.ofHours(5)));
    ledger.add("s", today, 10);
    long ttl = redis.ttl(ledger.key("s", today));
    assertThat(ttl).isBetween(Duration.ofHours(28).toSeconds(), Duration.ofHours(29).toSeconds());

    // A charge to a period that already ended (a request that began before midnight) is kept
    // keepAfterEnd from now: it never vanishes on arrival.
    BudgetPeriod old = new BudgetPeriod("day:old", Instant.now().minus(Duration.ofDays(3)));
    ledger.add("s", old, 10);
    assertThat(ledger.spent("s", old)).isEqualTo(10);
    assertThat(redis.ttl(ledger.key("s", old)))
        .isBetween(Duration.ofHours(23).toSeconds(), Duration.ofHours(24).toSeconds());
  }

  /**
   * The expiry is measured on the ledger's clock and handed to Redis as a TTL, so it is right
   * whatever Redis's clock says: a router whose clock is years away from Redis's still gets its
   * period's key kept until the period ends (on the router's clock) plus keepAfterEnd.
   */
  @Test
  void expiryFollowsTheRoutersClockNotRedissClock() {
    Instant base = Instant.now().minus(Duration.ofDays(4000));
    String prefix = freshPrefix();
    RedisBudgetLedger ledger = RedisBudgetLedger.create(redis, prefix, Duration.ofHours(2), ManualClock.at(base));
    BudgetPeriod day = new BudgetPeriod("day:x", base.plus(Duration.ofHours(10)));
    ledger.add("s", day, 7);
    assertThat(redis.ttl(ledger.key("s", day)))
        .isBetween(Duration.ofHours(12).toSeconds() - 5, Duration.ofHours(12).toSeconds());

    // A second instance whose clock runs 30 s ahead does not shorten the key's life.
    RedisBudgetLedger ahead = RedisBudgetLedger.create(redis, prefix, Duration.ofHours(2),
        ManualClock.at(base.plus(Duration.ofSeconds(30))));
    assertThat(ahead.add("s", day, 3)).isEqualTo(10);
    assertThat(redis.ttl(ledger.key("s", day)))
        .isBetween(Duration.ofHours(12).toSeconds() - 5, Duration.ofHours(12).toSeconds());

    // One whose clock is behind lengthens it: the later expiry wins.
    RedisBudgetLedger behind = RedisBudgetLedger.create(redis, prefix, Duration.ofHours(2),
        ManualClock.at(base.minus(Duration.ofHours(1))));
    behind.add("s", day, 1);
    assertThat(redis.ttl(ledger.key("s", day)))
        .isBetween(Duration.ofHours(13).toSeconds() - 5, Duration.ofHours(13).toSeconds());
    assertThat(ledger.spent("s", day)).isEqualTo(11);
  }

  /**
   * Holds live in Redis, so every instance sees the others' requests in flight, and their keys
   * share the total's expiry, measured on the ledger's clock (years away from Redis's here).
   */
  @Test
  void holdsAreSharedByInstancesAndExpireWithTheirTotal() {
    Instant base = Instant.now().minus(Duration.ofDays(4000));
    String prefix = freshPrefix();
    ManualClock clock = ManualClock.at(base);
    BudgetPeriod day = new BudgetPeriod("day:x", base.plus(Duration.ofHours(10)));
    try (JedisPooled clientA = server.client(); JedisPooled clientB = server.client()) {
      RedisBudgetLedger a = RedisBudgetLedger.create(clientA, prefix, Duration.ofHours(2), clock);
      RedisBudgetLedger b = RedisBudgetLedger.create(clientB, prefix, Duration.ofHours(2), clock);

      Reservation held = a.reserve("s", day, 800, 1_000, Duration.ofMinutes(6));
      assertThat(held.granted()).isTrue();
      Reservation refused = b.reserve("s", day, 300, 1_000, Duration.ofMinutes(6));
      assertThat(refused.granted()).isFalse();
      assertThat(refused.held()).isEqualTo(800);

      String key = a.key("s", day);
      for (String k : List.of("{" + key + "}:holds", "{" + key + "}:held")) {
        assertThat(redis.ttl(k)).as(k).isBetween(Duration.ofHours(12).toSeconds() - 5, Duration.ofHours(12).toSeconds());
      }
      // Settled by the other instance: the hold is gone everywhere, the charge counted once.
      assertThat(b.settle(held, 500)).isEqualTo(500);
      assertThat(a.held("s", day)).isZero();
      assertThat(a.spent("s", day)).isEqualTo(500);
      assertThat(redis.ttl(key)).isBetween(Duration.ofHours(12).toSeconds() - 5, Duration.ofHours(12).toSeconds());
    }
  }

  /** 16 threads on two instances reserve $1.05 against one $5.00 limit at once: exactly four get in. */
  @Test
  void sixteenThreadsOnTwoInstancesHoldExactlyFourOfOneDollarFive() throws Exception {
    String prefix = freshPrefix();
    ManualClock clock = ManualClock.at(TEN_AM_TODAY);
    try (JedisPooled clientA = server.client(); JedisPooled clientB = server.client()) {
      List<RedisBudgetLedger> ledgers = List.of(
          RedisBudgetLedger.create(clientA, prefix, Duration.ofDays(1), clock),
          RedisBudgetLedger.create(clientB, prefix, Duration.ofDays(1), clock));
      AtomicInteger granted = new AtomicInteger();
      onSixteenThreads(t -> {
        if (ledgers.get(t % 2).reserve("s", DAY, 1_050_000_000L, 5_000_000_000L, Duration.ofMinutes(6)).granted()) {
          granted.incrementAndGet();
        }
      });
      assertThat(granted.get()).isEqualTo(4);
      assertThat(ledgers.get(1).held("s", DAY)).isEqualTo(4_200_000_000L);
    }
  }

  @Test
  void aRedisThatCannotBeReachedIsATypedErrorNamingTheKey() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (JedisPooled nowhere = new JedisPooled("127.0.0.1", port)) {
      RedisBudgetLedger ledger = RedisBudgetLedger.create(nowhere);
      assertThatThrownBy(() -> ledger.add("s", DAY, 1)).isInstanceOf(SwitchboardException.class)
          .hasMessageContaining("switchboard:budget:s:" + DAY.key()).hasMessageContaining("Redis");
      assertThatThrownBy(() -> ledger.reserve("s", DAY, 1, 10, Duration.ofMinutes(1)))
          .isInstanceOf(SwitchboardException.class)
          .hasMessageContaining("reserve on switchboard:budget:s:" + DAY.key()).hasMessageContaining("Redis");
    }
  }

  @Test
  void twoRoutersShareOneBudget() {
    String prefix = freshPrefix();
    ManualClock clock = ManualClock.at(TEN_AM_TODAY);
    BudgetPolicy policy = BudgetPolicy.builder().daily("support", 2.00).build();
    FakeChatClient bigA = FakeChatClient.builder("big").reply("a").usage(Usage.of(100_000, 50_000)).build();
    FakeChatClient bigB = FakeChatClient.builder("big").reply("b").usage(Usage.of(100_000, 50_000)).build();
    try (JedisPooled clientA = server.client(); JedisPooled clientB = server.client()) {
      RoutingChatClient a = router(bigA, clock, policy, RedisBudgetLedger.create(clientA, prefix, Duration.ofDays(1), clock));
      RoutingChatClient b = router(bigB, clock, policy, RedisBudgetLedger.create(clientB, prefix, Duration.ofDays(1), clock));
      ChatRequest hard = ChatRequest.builder().service("support").categoryHint(TaskCategory.REASONING)
          .user("Prove that there are infinitely many primes.").maxTokens(100).build();

      assertThat(a.chat(hard).route().backend()).isEqualTo("big");
      assertThat(b.spentToday("support")).isEqualByComparingTo("1.05"); // b sees a's spend
      assertThat(b.chat(hard).route().backend()).isEqualTo("big");
      // $2.10 spent between them: both are at the shared limit now.
      RouteInfo fromA = a.chat(hard).route();
      RouteInfo fromB = b.chat(hard).route();
      assertThat(fromA.backend()).isEqualTo("local");
      assertThat(fromB.backend()).isEqualTo("local");
      assertThat(a.spentToday("support")).isEqualByComparingTo("2.10");
      assertThat(bigA.callCount() + bigB.callCount()).isEqualTo(2);
    }
  }

  /** Two instances, 8 threads each, charging one Redis budget at once: the shared total is exact. */
  @Test
  void twoRoutersUnderLoadAddUpExactlyInRedis() throws Exception {
    String prefix = freshPrefix();
    ManualClock clock = ManualClock.at(TEN_AM_TODAY);
    BudgetPolicy unlimited = BudgetPolicy.unlimited();
    ChatRequest hard = ChatRequest.builder().service("support").categoryHint(TaskCategory.REASONING)
        .user("Prove it.").build();
    try (JedisPooled clientA = server.client(); JedisPooled clientB = server.client()) {
      List<RoutingChatClient> routers = List.of(
          router(FakeChatClient.builder("big").usage(Usage.of(100_000, 50_000)).build(), clock, unlimited,
              RedisBudgetLedger.create(clientA, prefix, Duration.ofDays(1), clock)),
          router(FakeChatClient.builder("big").usage(Usage.of(100_000, 50_000)).build(), clock, unlimited,
              RedisBudgetLedger.create(clientB, prefix, Duration.ofDays(1), clock)));
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          RoutingChatClient r = routers.get(t % 2);
          fs.add(pool.submit(() -> {
            for (int i = 0; i < 250; i++) {
              r.chat(hard);
            }
          }));
        }
        for (Future<?> f : fs) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      // 4,000 answers at $1.05, counted by two instances into one key.
      assertThat(routers.get(0).spentToday("support")).isEqualByComparingTo("4200");
      assertThat(routers.get(1).spentToday("support")).isEqualByComparingTo("4200");
    }
  }

  private static RoutingChatClient router(FakeChatClient big, ManualClock clock, BudgetPolicy policy,
      BudgetLedger ledger) {
    return RoutingChatClient.builder().tiers("cheap", "capable").clock(clock)
        .backend(Backend.builder("local").client(FakeChatClient.replying("local", "free")).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").price(Price.perMillionTokens(3.00, 15.00)).build())
        .budgets(policy).ledger(ledger).build();
  }
}
