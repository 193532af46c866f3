package dev.switchboard.router.internal.health;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.failover.RetrySettings;
import java.time.Duration;

/**
 * One request's retries: a Failsafe {@link RetryPolicy} (exponential backoff with jitter, a delay
 * that honours the provider's Retry-After) tracked by one standalone Failsafe {@link Execution}
 * per request, so the budget is shared by every backend the request visits and never multiplies.
 * Failsafe decides whether and how long; the router waits through its own sleeper. Not API.
 */
public final class RetryBudget {
  // Failsafe falls back to the backoff when the delay function returns a negative delay (not null).
  private static final Duration NO_OPINION = Duration.ofNanos(-1);

  private final Execution<Object> execution;

  private RetryBudget(Execution<Object> execution) {
    this.execution = execution;
  }

  /** The policy every request's budget follows; build once per router. */
  public static RetryPolicy<Object> policy(RetrySettings p) {
    return RetryPolicy.builder()
        .handleIf(e -> e instanceof BackendException be && be.retryable())
        .withMaxRetries(p.maxRetries())
        .withBackoff(p.backoffBase(), p.backoffMax())
        .withJitter(p.jitter())
        .withDelayFnOn(ctx -> ctx.getLastException() instanceof BackendException be
            ? be.retryAfter().orElse(NO_OPINION) : NO_OPINION, BackendException.class)
        .build();
  }

  public static RetryBudget start(RetryPolicy<Object> policy) {
    return new RetryBudget(Execution.of(policy));
  }

  /**
   * Records a retryable failure; returns how long to wait before retrying the same backend, or
   * null when the budget is spent (fail over without retrying).
   */
  public Duration onFailure(BackendException failure) {
    if (execution.isComplete()) {
      return null;
    }
    execution.recordException(failure);
    if (execution.isComplete()) {
      return null;
    }
    // Failsafe's delay function returns the Retry-After, but Failsafe then adds jitter to it:
    // the provider named a time, so wait exactly that long.
    return failure.retryAfter().orElseGet(execution::getDelay);

  }
}
