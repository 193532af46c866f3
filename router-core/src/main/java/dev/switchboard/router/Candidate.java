package dev.switchboard.router;

import java.math.BigDecimal;
import java.util.Objects;

/** A backend the router would try, in plan order, with what this request is expected to cost there. */
public record Candidate(String backend, String tier, String model, BigDecimal estimatedCost) {
  public Candidate {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
  }

  @Override
  public String toString() {
    return backend + "[" + tier + ", ~$" + estimatedCost.toPlainString() + "]";
  }
}
