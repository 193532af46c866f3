package dev.switchboard.router.budget;

import java.util.Objects;

/**
 * The answer of {@link BudgetLedger#reserve}: a hold on part of a service's budget for one request
 * in flight, or a refusal because the hold would pass the limit. Either way it says what the
 * ledger held when it decided: {@code spent} (charged in the period) and {@code held} (other
 * requests' holds that had not expired), both in nano-dollars.
 *
 * @param id the hold's id, unique within its ledger; null when refused
 * @param nanos the amount held (granted) or asked for (refused)
 */
public record Reservation(String id, String service, BudgetPeriod period, long nanos, boolean granted, long spent,
    long held) {
  public Reservation {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(period, "period");
    if (granted) {
      Objects.requireNonNull(id, "a granted reservation needs an id");
    }
    if (nanos < 0) {
      throw new IllegalArgumentException("a reservation must not be negative: " + nanos);
    }
  }

  /** A hold of {@code nanos}, made when the period had {@code spent} charged and {@code held} held by others. */
  public static Reservation granted(String id, String service, BudgetPeriod period, long nanos, long spent,
      long held) {
    return new Reservation(id, service, period, nanos, true, spent, held);
  }

  /** No hold: {@code spent + held + nanos} would have passed the limit. */
  public static Reservation refused(String service, BudgetPeriod period, long nanos, long spent, long held) {
    return new Reservation(null, service, period, nanos, false, spent, held);
  }
}
