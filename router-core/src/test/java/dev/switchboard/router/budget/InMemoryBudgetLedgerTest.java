package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class InMemoryBudgetLedgerTest extends BudgetLedgerContract {
  @Override
  protected BudgetLedger ledger(java.time.Clock clock) {
    return new InMemoryBudgetLedger(clock);
  }

  @Test
  void nanoDollarsRoundUpNeverDown() {
    assertThat(BudgetLedger.toNanos(new BigDecimal("0.000000001"))).isEqualTo(1);
    assertThat(BudgetLedger.toNanos(new BigDecimal("0.0000000001"))).isEqualTo(1);
    assertThat(BudgetLedger.toNanos(new BigDecimal("1.05"))).isEqualTo(1_050_000_000L);
    assertThat(BudgetLedger.toDollars(1_050_000_000L)).isEqualByComparingTo("1.05");
  }
}
