package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link BudgetLedger} must do; each implementation's test extends this. */
public abstract class BudgetLedgerContract {
  /**
   * Today (UTC) and tomorrow, taken from the real date: a ledger backed by something that keeps
   * real time (Redis's TTLs) sees periods near now on whatever day the tests run.
   */
  protected static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  protected static final BudgetPeriod DAY = period(TODAY);
  protected static final BudgetPeriod OTHER_DAY = period(TODAY.plusDays(1));
  /** 10:00 UTC today: inside {@link #DAY}. */
  protected static final Instant TEN_AM_TODAY = TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC);
  private static final Duration TTL = Duration.ofMinutes(6);
  private static final long DOLLAR = BudgetLedger.NANOS_PER_DOLLAR;

  /** The ledger's clock: inside {@link #DAY}; holds expire on it. */
  protected final ManualClock clock = ManualClock.at(TEN_AM_TODAY);

  private static BudgetPeriod period(LocalDate day) {
    return new BudgetPeriod("day:" + day, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** A fresh, empty ledger whose reservations expire on {@code clock}. */
  protected abstract BudgetLedger ledger(Clock clock) throws Exception;

  private BudgetLedger ledger() throws Exception {
    return ledger(clock);
  }

  /** What one of 16 threads does; {@code thread} is its number, 0 to 15. */
  @FunctionalInterface
  protected interface ThreadTask {
    void run(int thread) throws Exception;
  }

  /** Runs {@code task} on 16 threads released together, and waits for every one (failing with the first error). */
  protected static void onSixteenThreads(ThreadTask task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          start.await();
          task.run(id);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS); // generous: a loaded machine, and a real Redis for one ledger
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void addsPerServiceAndPeriodAndReturnsTheNewTotal() throws Exception {
    BudgetLedger ledger = ledger();
    assertThat(ledger.spent("a", DAY)).isZero();
    assertThat(ledger.add("a", DAY, 150)).isEqualTo(150);
    assertThat(ledger.add("a", DAY, 7)).isEqualTo(157);
    ledger.add("b", DAY, 1_000);
    ledger.add("a", OTHER_DAY, 3);
    assertThat(ledger.spent("a", DAY)).isEqualTo(157);
    assertThat(ledger.spent("b", DAY)).isEqualTo(1_000);
    assertThat(ledger.spent("a", OTHER_DAY)).isEqualTo(3);
  }

  @Test
  void refusesNegativeCharges() throws Exception {
    BudgetLedger ledger = ledger();
    assertThatThrownBy(() -> ledger.add("a", DAY, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ledger.spent("a", DAY)).isZero();
  }

  /** 16 threads x 10,000 charges of different sizes over two services: both totals exact. */
  @Test
  void totalsAreExactUnderSixteenThreads() throws Exception {
    BudgetLedger ledger = ledger();
    int threads = 16;
    int each = 10_000;
    onSixteenThreads(id -> {
      for (int i = 0; i < each; i++) {
        ledger.add(i % 2 == 0 ? "even" : "odd", DAY, 1 + id + (i % 7));
      }
    });
    long even = 0;
    long odd = 0;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        if (i % 2 == 0) {
          even += 1 + t + (i % 7);
        } else {
          odd += 1 + t + (i % 7);
        }
      }
    }
    assertThat(ledger.spent("even", DAY)).isEqualTo(even);
    assertThat(ledger.spent("odd", DAY)).isEqualTo(odd);
  }

  @Test
  void aHoldCountsAgainstTheLimitUntilItIsSettledByTheRealCharge() throws Exception {
    BudgetLedger ledger = ledger();
    ledger.add("a", DAY, 100);

    Reservation first = ledger.reserve("a", DAY, 600, 1_000, TTL);
    assertThat(first.granted()).isTrue();
    assertThat(first.id()).isNotBlank();
    assertThat(first.spent()).isEqualTo(100);
    assertThat(first.held()).isZero();
    assertThat(ledger.held("a", DAY)).isEqualTo(600);
    assertThat(ledger.spent("a", DAY)).as("a hold is not a charge").isEqualTo(100);

    // 100 spent + 600 held + 400 > 1,000: refused, and nothing is held for it.
    Reservation second = ledger.reserve("a", DAY, 400, 1_000, TTL);
    assertThat(second.granted()).isFalse();
    assertThat(second.spent()).isEqualTo(100);
    assertThat(second.held()).isEqualTo(600);
    assertThat(ledger.held("a", DAY)).isEqualTo(600);
    // Exactly up to the limit is allowed.
    Reservation exact = ledger.reserve("a", DAY, 300, 1_000, TTL);
    assertThat(exact.granted()).isTrue();
    assertThat(exact.held()).isEqualTo(600);

    // The answer cost 250, less than the 600 held: the charge replaces the hold.
    assertThat(ledger.settle(first, 250)).isEqualTo(350);
    assertThat(ledger.spent("a", DAY)).isEqualTo(350);
    assertThat(ledger.held("a", DAY)).isEqualTo(300);
    assertThat(ledger.reserve("a", DAY, 350, 1_000, TTL).granted()).isTrue(); // 350 + 300 + 350
    // An answer that cost more than its hold is charged in full.
    assertThat(ledger.settle(exact, 500)).isEqualTo(850);
  }

  @Test
  void aReleasedHoldFreesItsShareAndChargesNothing() throws Exception {
    BudgetLedger ledger = ledger();
    Reservation r = ledger.reserve("a", DAY, 900, 1_000, TTL);
    assertThat(ledger.reserve("a", DAY, 200, 1_000, TTL).granted()).isFalse();

    assertThat(ledger.settle(r, 0)).isZero();

    assertThat(ledger.held("a", DAY)).isZero();
    assertThat(ledger.spent("a", DAY)).isZero();
    assertThat(ledger.reserve("a", DAY, 1_000, 1_000, TTL).granted()).isTrue();
  }

  @Test
  void holdsAreKeptPerServiceAndPeriod() throws Exception {
    BudgetLedger ledger = ledger();
    assertThat(ledger.reserve("a", DAY, 1_000, 1_000, TTL).granted()).isTrue();

    assertThat(ledger.reserve("b", DAY, 1_000, 1_000, TTL).granted()).isTrue();
    assertThat(ledger.reserve("a", OTHER_DAY, 1_000, 1_000, TTL).granted()).isTrue();
    assertThat(ledger.reserve("a", DAY, 1, 1_000, TTL).granted()).isFalse();
    assertThat(ledger.held("b", DAY)).isEqualTo(1_000);
    assertThat(ledger.held("a", OTHER_DAY)).isEqualTo(1_000);
  }

  /** A request lost on the way never settles: its hold stops counting once its TTL passes on the ledger's clock. */
  @Test
  void aHoldThatIsNeverSettledExpiresOnTheLedgersClock() throws Exception {
    BudgetLedger ledger = ledger();
    Reservation lost = ledger.reserve("a", DAY, 800, 1_000, TTL);
    assertThat(lost.granted()).isTrue();

    clock.advance(TTL.minusSeconds(1));
    assertThat(ledger.reserve("a", DAY, 800, 1_000, TTL).granted()).as("still held").isFalse();
    clock.advance(Duration.ofSeconds(1));
    Reservation next = ledger.reserve("a", DAY, 800, 1_000, TTL);
    assertThat(next.granted()).as("expired").isTrue();
    assertThat(next.held()).isZero();
    assertThat(ledger.held("a", DAY)).isEqualTo(800);

    // An answer that arrives after its hold expired is charged all the same, and frees nothing else.
    assertThat(ledger.settle(lost, 100)).isEqualTo(100);
    assertThat(ledger.held("a", DAY)).isEqualTo(800);
  }

  @Test
  void refusesNegativeReservationsAndSettlingARefusal() throws Exception {
    BudgetLedger ledger = ledger();
    assertThatThrownBy(() -> ledger.reserve("a", DAY, -1, 1_000, TTL)).isInstanceOf(IllegalArgumentException.class);
    Reservation refused = ledger.reserve("a", DAY, 2_000, 1_000, TTL);
    assertThat(refused.granted()).isFalse();
    assertThatThrownBy(() -> ledger.settle(refused, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ledger.spent("a", DAY)).isZero();
  }

  /** 16 requests of $1.05 reserve at once against a $5.00 limit: exactly four get in. */
  @Test
  void sixteenConcurrentReservationsOfOneDollarFiveAgainstFiveDollarsGrantExactlyFour() throws Exception {
    BudgetLedger ledger = ledger();
    AtomicInteger granted = new AtomicInteger();
    onSixteenThreads(t -> {
      if (ledger.reserve("s", DAY, 1_050_000_000L, 5 * DOLLAR, TTL).granted()) {
        granted.incrementAndGet();
      }
    });
    assertThat(granted.get()).isEqualTo(4);
    assertThat(ledger.held("s", DAY)).isEqualTo(4_200_000_000L);
  }

  /**
   * 16 threads reserve, then settle at the reserved amount, until the limit is reached: spend ends
   * exactly at the limit, never past it, with every grant charged once and nothing left held.
   */
  @Test
  void reserveAndSettleUnderSixteenThreadsNeverPassTheLimit() throws Exception {
    BudgetLedger ledger = ledger();
    long cost = 1_000;
    long limit = 100 * cost;
    AtomicInteger granted = new AtomicInteger();
    onSixteenThreads(t -> {
      for (int i = 0; i < 200; i++) {
        Reservation r = ledger.reserve("s", DAY, cost, limit, TTL);
        if (r.granted()) {
          granted.incrementAndGet();
          assertThat(ledger.settle(r, cost)).isLessThanOrEqualTo(limit);
        }
      }
    });
    assertThat(granted.get()).isEqualTo(100);
    assertThat(ledger.spent("s", DAY)).isEqualTo(limit);
    assertThat(ledger.held("s", DAY)).isZero();
  }
}
