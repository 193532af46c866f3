package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.Candidate;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the router does, in the application's log through {@link System.Logger} (logger
 * {@code dev.switchboard.router}): decisions and answers at DEBUG, failovers, budget downgrades
 * and failed requests at INFO, a backend taken out of rotation and budget warnings at WARNING.
 * Built only from names the application configured, categories, kinds and numbers: never the
 * prompt (a decision's reasons can quote it, so they are left out), never an error message (a
 * provider's can echo the prompt or part of a key), never a key.
 */
public final class LogListener implements RouterListener {
  private static final Logger LOG = System.getLogger("dev.switchboard.router");

  @Override
  public void onPlanned(ChatRequest request, RoutingDecision d) {
    LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT,
        "planned: service '%s', category %s (%s), tier %s, candidates %s", request.routing().service(), d.category(),
        d.classification().hinted() ? "hinted" : String.format(Locale.ROOT, "confidence %.2f", d.confidence()),
        d.tier(), d.candidates().stream().map(Candidate::backend).toList()));
  }

  @Override
  public void onBudgetDowngrade(ChatRequest request, RoutingDecision planned, RoutingDecision admitted) {
    LOG.log(Level.INFO, () -> "budget: service '" + request.routing().service() + "' at its limit; planned "
        + planned.candidates().stream().map(Candidate::backend).toList() + ", sent to "
        + admitted.candidates().stream().map(c -> c.backend() + " (" + c.tier() + ")").toList());
  }

  @Override
  public void onRouted(ChatRequest request, RouteInfo r) {
    if (r.failedOver()) {
      LOG.log(Level.INFO, () -> "failover: service '" + r.service() + "' answered by " + r.backend() + " (tier "
          + r.tier() + ") after " + failures(r.attempts()));
    }
    LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT,
        "routed: service '%s', %s, tier %s, backend %s, %d attempt(s), $%s%s, %d ms%s", r.service(), r.category(),
        r.tier(), r.backend(), r.attempts().size(), r.cost().toPlainString(), r.costEstimated() ? " (estimated)" : "",
        r.latency().toMillis(), r.cacheHit() ? ", from the cache" : ""));
  }

  @Override
  public void onAttemptFailed(ChatRequest request, Attempt a) {
    LOG.log(Level.DEBUG, () -> "attempt failed: " + a.backend() + " " + a.failure() + " in " + a.duration().toMillis()
        + " ms");
  }

  @Override
  public void onRetry(ChatRequest request, Attempt failed, Duration backoff) {
    LOG.log(Level.DEBUG, () -> "retry: " + failed.backend() + " again in " + backoff.toMillis() + " ms after "
        + failed.failure());
  }

  @Override
  public void onRateLimitWait(ChatRequest request, Duration wait) {
    LOG.log(Level.DEBUG, () -> "rate limit: service '" + request.routing().service() + "' waited " + wait.toMillis()
        + " ms");
  }

  @Override
  public void onFailed(ChatRequest request, SwitchboardException error) {
    LOG.log(Level.INFO, () -> "failed: service '" + request.routing().service() + "', "
        + error.getClass().getSimpleName() + (error instanceof NoBackendAvailableException nb
            ? " after " + failures(nb.attempts()) : ""));
  }

  @Override
  public void onBackendStateChanged(BackendHealth h, BackendState previous) {
    boolean out = h.state() == BackendState.OPEN || h.state() == BackendState.MISCONFIGURED;
    LOG.log(out ? Level.WARNING : Level.INFO, () -> "backend " + h.backend() + ": " + previous + " -> " + h.state()
        + (out ? " after " + h.consecutiveFailures() + " failure(s) in a row" : "")
        + h.coolingDownUntil().map(t -> ", until " + t).orElse(""));
  }

  @Override
  public void onBudgetWarning(String service, String period, BigDecimal limit, BigDecimal spent) {
    LOG.log(Level.WARNING, () -> "budget: service '" + service + "' has spent $" + spent.toPlainString() + " of its "
        + period + " $" + limit.toPlainString());
  }

  /** "2 failed attempts: a TIMEOUT, a SERVER_ERROR": backends and kinds only. */
  private static String failures(List<Attempt> attempts) {
    List<Attempt> failed = attempts.stream().filter(a -> !a.succeeded()).toList();
    return failed.size() + " failed attempt(s): " + failed.stream().map(a -> a.backend() + " " + a.failure())
        .collect(Collectors.joining(", "));
  }
}
