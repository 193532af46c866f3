package dev.switchboard.router.failover;

/** The health of one backend as the router sees it. */
public enum BackendState {
  /** Healthy: requests flow. */
  CLOSED,
  /** Failing: skipped until its cooldown has passed. */
  OPEN,
  /** Cooldown over: the next request is a trial; one success closes it, one failure opens it again. */
  HALF_OPEN,
  /** Refused our key or model (401, 403, 404): skipped until its longer cooldown has passed. Fix its configuration. */
  MISCONFIGURED,
  /**
   * Asked us to wait (429 or 503 with {@code Retry-After}): skipped by every request until the
   * time it named, {@link BackendHealth#coolingDownUntil()}; then back in rotation without a trial.
   */
  COOLING_DOWN;

  /** Whether the router currently sends requests here (a half-open backend takes one trial at a time). */
  public boolean accepting() {
    return this == CLOSED || this == HALF_OPEN;
  }
}
