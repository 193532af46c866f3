package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;

/**
 * Hears what the router does. Every method has a no-op default; override what you need. Methods
 * are called on the thread doing the work: keep them fast. An exception thrown here is logged and
 * otherwise ignored, never breaking a request.
 */
public interface RouterListener {
  RouterListener NONE = new RouterListener() {};

  /** A request was answered (from a backend or the cache). */
  default void onRouted(ChatRequest request, RouteInfo route) {}

  /** One attempt failed; the router may fail over after this. */
  default void onAttemptFailed(ChatRequest request, Attempt attempt) {}

  /** A request could not be answered at all. */
  default void onFailed(ChatRequest request, SwitchboardException error) {}

  /**
   * A backend changed state (closed, open, half-open, misconfigured). {@code health} is its state
   * after the change. Called on the thread whose call caused the change.
   */
  default void onBackendStateChanged(BackendHealth health, BackendState previous) {}

  /**
   * The quality loop moved a category up a tier: its cheap answers scored below the threshold.
   * Called on the quality loop's thread.
   */
  default void onPromoted(dev.switchboard.router.quality.QualityEvent event) {}

  /**
   * The quality loop moved a promoted category back down: the cheaper tier scores at least the
   * threshold plus the recovery margin again. Called on the quality loop's thread.
   */
  default void onDemoted(dev.switchboard.router.quality.QualityEvent event) {}

  /**
   * A service's spend crossed the warning share (80% by default) of its {@code period} ("daily" or
   * "monthly") budget: {@code spent} of {@code limit} dollars. Fires once per crossing.
   */
  default void onBudgetWarning(String service, String period, java.math.BigDecimal limit,
      java.math.BigDecimal spent) {}

  /**
   * The router decided where a request goes: its category, tier and candidates, before the budget
   * and the cache have their say. Once per request, on the caller's thread (the executor's for
   * {@code chatAsync}). The decision's reasons may quote the prompt (the signal that matched).
   */
  default void onPlanned(ChatRequest request, RoutingDecision decision) {}

  /**
   * The service's budget changed the plan: {@code admitted} is the plan the request is dispatched
   * on, downgraded to a cheaper tier or backend, or with its pricier failover dropped, instead of
   * {@code planned}. Once per request it happens to, after {@link #onPlanned}, on the same thread.
   */
  default void onBudgetDowngrade(ChatRequest request, RoutingDecision planned, RoutingDecision admitted) {}

  /** One attempt succeeded (the answer, or a quality-loop call): backend, tier, duration. */
  default void onAttemptSucceeded(ChatRequest request, Attempt attempt) {}

  /** The router waits {@code backoff} and then tries the same backend again after {@code failed}. */
  default void onRetry(ChatRequest request, Attempt failed, java.time.Duration backoff) {}

  /**
   * The request waited {@code wait} for its service's rate limit before being sent. A request the
   * limit refuses is reported by {@link #onFailed} with a {@link RateLimitedException}.
   */
  default void onRateLimitWait(ChatRequest request, java.time.Duration wait) {}

  /**
   * A stream's first chunk is about to reach the caller, from {@code backend} of {@code tier},
   * {@code sinceStart} after the call (failover before the first token included; for an answer
   * from the cache, the backend that first gave it).
   */
  default void onFirstToken(ChatRequest request, String backend, String tier, java.time.Duration sinceStart) {}

  /**
   * A billed call was charged to a service's budget: every answer, every failed attempt the
   * provider billed, every quality-loop reference call. Called on the thread that made the call.
   */
  default void onCharged(dev.switchboard.router.budget.Charge charge) {}

  /**
   * The quality loop scored one sample: an answer of {@code tier} for {@code category}, compared
   * with the reference model's, scored {@code score} (0 to 1). Called on the quality loop's thread.
   */
  default void onQualityScored(dev.switchboard.router.classify.TaskCategory category, String tier, double score) {}
}
