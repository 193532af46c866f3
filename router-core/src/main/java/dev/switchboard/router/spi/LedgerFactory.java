package dev.switchboard.router.spi;

import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.config.Section;

/**
 * Makes the budget ledger a config file asks for under {@code budgets.ledger} with a key of its
 * {@link #kind()}: router-redis's makes {@code redis} ledgers. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.switchboard.router.spi.LedgerFactory}),
 * or given to {@code RouterConfig.loader().ledgerFactory(..)}. The in-memory and journal ledgers
 * are router-core's own.
 */
public interface LedgerFactory {
  /** The key under {@code budgets.ledger} this factory answers, such as {@code redis}. */
  String kind();

  /**
   * The ledger {@code ledger} describes. Called only once the whole file is valid, when the
   * router is assembled; the caller owns what it returns.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  BudgetLedger create(Section ledger);
}
