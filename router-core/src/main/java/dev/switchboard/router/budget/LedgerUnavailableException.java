package dev.switchboard.router.budget;

import dev.switchboard.router.SwitchboardException;
import java.util.Objects;

/**
 * The budget ledger could not be reached to check a service's limit, and the policy fails closed
 * ({@code BudgetPolicy.builder().failClosed()}), so the request was not sent. The cause is the
 * ledger's own error. Make the ledger reachable again (Redis up, the journal's disk writable), or
 * choose {@code failOpen()} to serve requests unchecked while it is down.
 */
public class LedgerUnavailableException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String service;

  public LedgerUnavailableException(String service, String ledger, Throwable cause) {
    super("the budget ledger " + ledger + " could not be reached to check service '" + service + "''s budget"
        + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")")
        + "; the request was not sent because the budget policy fails closed. Make the ledger reachable again,"
        + " or use BudgetPolicy.builder().failOpen() to serve requests unchecked while it is down", cause);
    this.service = Objects.requireNonNull(service, "service");
  }

  /** The service whose budget could not be checked. */
  public String service() {
    return service;
  }
}
