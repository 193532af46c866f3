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
}
