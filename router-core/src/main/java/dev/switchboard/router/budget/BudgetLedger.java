package dev.switchboard.router.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.UUID;

/**
 * Where spend is counted, per service and period. Amounts are whole nano-dollars (a billionth of a
 * dollar), so totals are exact integers however many charges add up. Implementations must be
 * thread-safe and {@link #add} atomic: under any number of concurrent adds the total is the exact
 * sum. Built in: {@link InMemoryBudgetLedger} (the default), {@link JournalBudgetLedger} (survives
 * restarts), and {@code RedisBudgetLedger} in {@code router-redis} (shared by many instances).
 *
 * <p>Reservations are what make a limit hold under load: before a request is sent, the router
 * {@linkplain #reserve reserves} its worst-case cost, and the check and the hold are one atomic
 * step, so requests in flight count against the limit before they are charged; when the answer
 * arrives, {@link #settle} replaces the hold with the real charge. The built-in ledgers do both
 * atomically. A ledger written against the two-method SPI ({@link #add}, {@link #spent}) still
 * works through the default methods, which hold nothing: for it the check and the charge stay
 * apart, and concurrent requests can pass a limit by what they have in flight.
 */
public interface BudgetLedger {
  /** Nano-dollars in a dollar. */
  long NANOS_PER_DOLLAR = 1_000_000_000L;

  /** Adds {@code nanos} (positive) to the service's spend in {@code period}; returns the new total. */
  long add(String service, BudgetPeriod period, long nanos);

  /** The service's spend in {@code period} so far, in nano-dollars (0 when nothing was charged). */
  long spent(String service, BudgetPeriod period);

  /**
   * Holds {@code nanos} of the service's budget in {@code period} for a request about to be sent,
   * if what is spent, plus what other requests hold, plus {@code nanos} stays within
   * {@code limitNanos}; otherwise holds nothing and says so. Check and hold are one atomic step.
   * A hold that is not {@linkplain #settle settled} within {@code ttl} (measured on the ledger's
   * clock) expires and stops counting, so a request lost on the way never blocks a budget for good.
   *
   * <p>The default holds nothing: it compares {@link #spent} plus {@code nanos} with the limit,
   * which is not atomic with other requests' charges. Override it to make a limit hold.
   */
  default Reservation reserve(String service, BudgetPeriod period, long nanos, long limitNanos, Duration ttl) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a reservation must not be negative: " + nanos);
    }
    long spent = spent(service, period);
    return spent + nanos <= limitNanos
        ? Reservation.granted(UUID.randomUUID().toString(), service, period, nanos, spent, 0)
        : Reservation.refused(service, period, nanos, spent, 0);
  }

  /**
   * Replaces a granted hold by the real charge: adds {@code actualNanos} (0 for a request that
   * cost nothing or failed unbilled) to the hold's service and period and drops the hold, in one
   * atomic step; returns the new total. A hold that already expired is gone: the charge is added
   * all the same. Call it once per reservation.
   *
   * <p>The default adds the charge (there is no hold to drop).
   */
  default long settle(Reservation reservation, long actualNanos) {
    requireSettleable(reservation, actualNanos);
    return add(reservation.service(), reservation.period(), actualNanos);
  }

  /**
   * What the service's unexpired holds in {@code period} add up to, in nano-dollars. The default
   * is 0: a ledger that does not override {@link #reserve} holds nothing.
   */
  default long held(String service, BudgetPeriod period) {
    return 0;
  }

  /**
   * For implementations of {@link #settle}: throws {@link IllegalArgumentException} unless the
   * reservation was granted and the charge is not negative.
   */
  static void requireSettleable(Reservation reservation, long actualNanos) {
    if (!reservation.granted()) {
      throw new IllegalArgumentException("only a granted reservation can be settled: " + reservation);
    }
    if (actualNanos < 0) {
      throw new IllegalArgumentException("a charge must not be negative: " + actualNanos);
    }
  }

  /** Dollars to nano-dollars, rounding a fraction of a nano-dollar up: a ledger never under-counts. */
  static long toNanos(BigDecimal dollars) {
    return dollars.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Nano-dollars to dollars. */
  static BigDecimal toDollars(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
  }
}
