package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link BudgetLedger} must do; each implementation's test extends this. */
public abstract class BudgetLedgerContract {
  protected static final BudgetPeriod DAY = new BudgetPeriod("day:2026-11-25", Instant.parse("2026-11-26T00:00:00Z"));
  protected static final BudgetPeriod OTHER_DAY =
      new BudgetPeriod("day:2026-11-26", Instant.parse("2026-11-27T00:00:00Z"));

  /** A fresh, empty ledger. */
  protected abstract BudgetLedger ledger() throws Exception;

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
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            ledger.add(i % 2 == 0 ? "even" : "odd", DAY, 1 + id + (i % 7));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
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
}
