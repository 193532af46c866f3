package dev.switchboard.router;

import dev.switchboard.router.budget.Charge;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.quality.QualityEvent;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Every listener a router was given, as one: each hears each event, and one that throws does not silence the rest. */
final class Listeners implements RouterListener {
  private static final System.Logger LOG = System.getLogger(RoutingChatClient.class.getName());

  private final List<RouterListener> all;

  private Listeners(List<RouterListener> all) {
    this.all = List.copyOf(all);
  }

  static RouterListener of(List<RouterListener> listeners) {
    return listeners.isEmpty() ? RouterListener.NONE : new Listeners(listeners);
  }

  private void each(Consumer<RouterListener> event) {
    for (RouterListener l : all) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a RouterListener (" + l.getClass().getName() + ") threw; ignored", e);
      }
    }
  }

  @Override
  public void onRouted(ChatRequest request, RouteInfo route) {
    each(l -> l.onRouted(request, route));
  }

  @Override
  public void onAttemptFailed(ChatRequest request, Attempt attempt) {
    each(l -> l.onAttemptFailed(request, attempt));
  }

  @Override
  public void onFailed(ChatRequest request, SwitchboardException error) {
    each(l -> l.onFailed(request, error));
  }

  @Override
  public void onBackendStateChanged(BackendHealth health, BackendState previous) {
    each(l -> l.onBackendStateChanged(health, previous));
  }

  @Override
  public void onPromoted(QualityEvent event) {
    each(l -> l.onPromoted(event));
  }

  @Override
  public void onDemoted(QualityEvent event) {
    each(l -> l.onDemoted(event));
  }

  @Override
  public void onBudgetWarning(String service, String period, BigDecimal limit, BigDecimal spent) {
    each(l -> l.onBudgetWarning(service, period, limit, spent));
  }

  @Override
  public void onPlanned(ChatRequest request, RoutingDecision decision) {
    each(l -> l.onPlanned(request, decision));
  }

  @Override
  public void onBudgetDowngrade(ChatRequest request, RoutingDecision planned, RoutingDecision admitted) {
    each(l -> l.onBudgetDowngrade(request, planned, admitted));
  }

  @Override
  public void onAttemptSucceeded(ChatRequest request, Attempt attempt) {
    each(l -> l.onAttemptSucceeded(request, attempt));
  }

  @Override
  public void onRetry(ChatRequest request, Attempt failed, Duration backoff) {
    each(l -> l.onRetry(request, failed, backoff));
  }

  @Override
  public void onRateLimitWait(ChatRequest request, Duration wait) {
    each(l -> l.onRateLimitWait(request, wait));
  }

  @Override
  public void onFirstToken(ChatRequest request, String backend, String tier, Duration sinceStart) {
    each(l -> l.onFirstToken(request, backend, tier, sinceStart));
  }

  @Override
  public void onCharged(Charge charge) {
    each(l -> l.onCharged(charge));
  }

  @Override
  public void onQualityScored(TaskCategory category, String tier, double score) {
    each(l -> l.onQualityScored(category, tier, score));
  }

  /** The accountant's charges, heard by {@code listener} as {@link Charge}s. */
  static dev.switchboard.router.internal.cost.Accountant.ChargeRecorder charges(RouterListener listener) {
    return (service, backend, kind, charge) -> listener.onCharged(new Charge(service, backend.name(), backend.tier(),
        Charge.Kind.valueOf(kind.name()), charge.usage(), charge.cost(), charge.estimated()));
  }
}
