package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One request from start to end, as the tracker saw it: what was decided, what answered (or what
 * failed), and the times. The values the meters tag with are bounded: names the application
 * configured (service, backends, tiers, categories), outcomes, exception class names.
 *
 * @param decision null when the request failed before it was planned
 * @param route null when it failed
 * @param usage the answer's tokens as charged (estimated when the backend reported none); null when it failed
 * @param error null when it was answered
 * @param waited time spent waiting on purpose: retry backoffs and rate limits
 * @param firstToken a stream's time to its first chunk; null otherwise
 */
public record Finished(ChatRequest request, boolean streaming, RoutingDecision decision, boolean downgraded,
    RouteInfo route, Usage usage, Throwable error, Instant end, Duration latency, Duration waited,
    Duration firstToken) {
  static final String NONE = "none";

  public String service() {
    return request.routing().service();
  }

  public String category() {
    return route != null ? route.category().name() : decision != null ? decision.category().name() : NONE;
  }

  public String tier() {
    return route != null ? route.tier() : decision != null ? decision.tier() : NONE;
  }

  public String backend() {
    return route != null ? route.backend() : NONE;
  }

  public boolean cacheHit() {
    return route != null && route.cacheHit();
  }

  /** success, cache_hit or error. */
  public String outcome() {
    return error != null ? "error" : cacheHit() ? "cache_hit" : "success";
  }

  /** The exception's simple class name, or none. */
  public String errorName() {
    return error == null ? NONE : error.getClass().getSimpleName();
  }

  public String mode() {
    return streaming ? "stream" : "chat";
  }

  /** Every attempt: the route's, or those the failure names. */
  public List<Attempt> attempts() {
    if (route != null) {
      return route.attempts();
    }
    return error instanceof NoBackendAvailableException nb ? nb.attempts() : List.of();
  }

  /** The router's own time: the latency less the backend calls and the deliberate waits; never negative. */
  public Duration overhead() {
    Duration d = latency.minus(waited);
    for (Attempt a : attempts()) {
      d = d.minus(a.duration());
    }
    return d.isNegative() ? Duration.ZERO : d;
  }
}
