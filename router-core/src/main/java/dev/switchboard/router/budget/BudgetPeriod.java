package dev.switchboard.router.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * One budget period of one kind: a day ({@code "day:2026-11-25"}) or a month
 * ({@code "month:2026-11"}) in the policy's time zone, and the instant it ends. Ledgers key spend
 * on {@link #key()}; a shared ledger may let a period's entry expire some time after {@link #end()}.
 */
public record BudgetPeriod(String key, Instant end) {
  public BudgetPeriod {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(end, "end");
    if (key.isBlank()) {
      throw new IllegalArgumentException("a period key must not be blank");
    }
  }

  /** "daily" or "monthly", from the key. */
  public String kind() {
    return key.startsWith("month:") ? "monthly" : "daily";
  }
}
