package dev.switchboard.router;

import dev.switchboard.router.failover.BackendState;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A backend the router would try, in order, with what this request is expected to cost there
 * and the backend's state when the decision was made ({@link BackendState#CLOSED} in a plan made
 * without looking at health). {@link RoutingChatClient#explain} puts the backends that take
 * requests now first and marks the others (open, misconfigured, cooling down): they are tried
 * only if they take requests again before the request gives up.
 */
public record Candidate(String backend, String tier, String model, BigDecimal estimatedCost, BackendState state) {
  public Candidate {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
    Objects.requireNonNull(state, "state");
  }

  /** A candidate whose backend takes requests. */
  public Candidate(String backend, String tier, String model, BigDecimal estimatedCost) {
    this(backend, tier, model, estimatedCost, BackendState.CLOSED);
  }

  /** Whether the router would call this backend now (closed, or half-open for a trial). */
  public boolean available() {
    return state.accepting();
  }

  /** The same candidate in another state. */
  public Candidate withState(BackendState state) {
    return new Candidate(backend, tier, model, estimatedCost, state);
  }

  @Override
  public String toString() {
    return backend + "[" + tier + ", ~$" + estimatedCost.toPlainString()
        + (state == BackendState.CLOSED ? "" : ", " + state) + "]";
  }
}
