package dev.switchboard.router.budget;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One service's budget now: what it spent today and this month (in the budget policy's zone), and
 * its limits where it has them. Immutable; from {@code RoutingChatClient.budget(service)}.
 *
 * @param service the service
 * @param spentToday dollars charged since midnight
 * @param spentThisMonth dollars charged since the first of the month
 * @param dailyLimit the daily limit, when the service has one
 * @param monthlyLimit the monthly limit, when the service has one
 */
public record BudgetStatus(String service, BigDecimal spentToday, BigDecimal spentThisMonth,
    Optional<BigDecimal> dailyLimit, Optional<BigDecimal> monthlyLimit) {
  public BudgetStatus {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(spentToday, "spentToday");
    Objects.requireNonNull(spentThisMonth, "spentThisMonth");
    Objects.requireNonNull(dailyLimit, "dailyLimit");
    Objects.requireNonNull(monthlyLimit, "monthlyLimit");
  }

  /** What is left of today's limit (never below zero); empty without a daily limit. */
  public Optional<BigDecimal> remainingToday() {
    return dailyLimit.map(l -> left(l, spentToday));
  }

  /** What is left of this month's limit (never below zero); empty without a monthly limit. */
  public Optional<BigDecimal> remainingThisMonth() {
    return monthlyLimit.map(l -> left(l, spentThisMonth));
  }

  private static BigDecimal left(BigDecimal limit, BigDecimal spent) {
    BigDecimal d = limit.subtract(spent);
    return d.signum() < 0 ? BigDecimal.ZERO : d;
  }
}
