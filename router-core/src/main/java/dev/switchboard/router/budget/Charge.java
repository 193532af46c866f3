package dev.switchboard.router.budget;

import dev.switchboard.router.chat.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One billed call, as the router charged it to a service's budget: which backend, what kind of
 * call, the tokens it used and what they cost. Every dollar the router spends is one of these:
 * answers, failed attempts the provider billed, the quality loop's reference calls, batch lines.
 *
 * @param service the service charged
 * @param backend the backend called
 * @param tier the backend's tier
 * @param kind what the call was for
 * @param usage the tokens charged (an estimate when {@code estimated})
 * @param cost what the call cost, in dollars
 * @param estimated true when the backend reported no usage and the tokens are estimated
 */
public record Charge(String service, String backend, String tier, Kind kind, Usage usage, BigDecimal cost,
    boolean estimated) {

  /** What a charged call was for. */
  public enum Kind {
    /** The answer the caller got. */
    ANSWER,
    /** A failed attempt its provider still billed. */
    FAILED_ATTEMPT,
    /** A quality-loop call to the reference model (or a re-probe of a cheaper tier). */
    REFERENCE,
    /** A line of a provider batch job, at the batch price. */
    BATCH
  }

  public Charge {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(cost, "cost");
  }
}
