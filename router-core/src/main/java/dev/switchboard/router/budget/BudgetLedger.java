package dev.switchboard.router.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Where spend is counted, per service and period. Amounts are whole nano-dollars (a billionth of a
 * dollar), so totals are exact integers however many charges add up. Implementations must be
 * thread-safe and {@link #add} atomic: under any number of concurrent adds the total is the exact
 * sum. Built in: {@link InMemoryBudgetLedger} (the default), {@link JournalBudgetLedger} (survives
 * restarts), and {@code RedisBudgetLedger} in {@code router-redis} (shared by many instances).
 */
public interface BudgetLedger {
  /** Nano-dollars in a dollar. */
  long NANOS_PER_DOLLAR = 1_000_000_000L;

  /** Adds {@code nanos} (positive) to the service's spend in {@code period}; returns the new total. */
  long add(String service, BudgetPeriod period, long nanos);

  /** The service's spend in {@code period} so far, in nano-dollars (0 when nothing was charged). */
  long spent(String service, BudgetPeriod period);

  /** Dollars to nano-dollars, rounding a fraction of a nano-dollar up: a ledger never under-counts. */
  static long toNanos(BigDecimal dollars) {
    return dollars.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Nano-dollars to dollars. */
  static BigDecimal toDollars(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
  }
}
