package dev.switchboard.router.budget;

import dev.switchboard.router.SwitchboardException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A service reached its budget and the policy says to reject (or there was nothing cheaper to
 * downgrade to). Names the service, the period ("daily" or "monthly"), the limit and the spend.
 * Retry after the period ends, raise the limit, or configure a downgrade.
 */
public class BudgetExceededException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String service;
  private final String period;
  private final BigDecimal limit;
  private final BigDecimal spent;

  public BudgetExceededException(String service, String period, BigDecimal limit, BigDecimal spent, String detail) {
    super("service '" + service + "' reached its " + period + " budget: spent $" + spent.toPlainString()
        + " of $" + limit.toPlainString() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
        + "; the request was not sent. Wait for the next period, raise the limit, or configure a downgrade");
    this.service = Objects.requireNonNull(service, "service");
    this.period = Objects.requireNonNull(period, "period");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.spent = Objects.requireNonNull(spent, "spent");
  }

  public String service() {
    return service;
  }

  /** "daily" or "monthly". */
  public String period() {
    return period;
  }

  /** The limit in dollars. */
  public BigDecimal limit() {
    return limit;
  }

  /** What the service had spent in the period when the request came, in dollars. */
  public BigDecimal spent() {
    return spent;
  }
}
