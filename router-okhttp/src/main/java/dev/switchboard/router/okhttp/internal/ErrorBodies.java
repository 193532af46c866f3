package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.Attempt;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RateLimitedException;
import dev.switchboard.router.spi.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Router failures as the reply a provider would have sent: HTTP status, OpenAI-shaped error body
 * and the backend's Retry-After, so a client SDK raises its usual exception and backs off as told.
 */
public final class ErrorBodies {
  private ErrorBodies() {}

  /**
   * 400 for a request fault (or the backend's own 4xx), 429 when the caller must slow down (every
   * backend tried was rate limited, or the service is over its router-side rate limit), 503 when
   * no backend could answer for any other mix of reasons; a single backend's failure maps by kind.
   */
  public static int status(Throwable e) {
    if (e instanceof InvalidRequestException) {
      return 400;
    }
    if (e instanceof RateLimitedException) {
      return 429;
    }
    if (e instanceof BackendException be) {
      return status(be.kind(), be.status().orElse(-1));
    }
    if (e instanceof NoBackendAvailableException nb) {
      List<Attempt> failed = nb.attempts().stream().filter(a -> !a.succeeded()).toList();
      if (!failed.isEmpty() && failed.stream().allMatch(a -> a.failure() == FailureKind.RATE_LIMITED)) {
        return 429;
      }
      return 503;
    }
    return 500;
  }

  private static int status(FailureKind kind, int upstream) {
    return switch (kind) {
      case BAD_REQUEST -> upstream >= 400 && upstream < 500 ? upstream : 400;
      case RATE_LIMITED -> 429;
      case TIMEOUT -> 504;
      case CAPACITY, CIRCUIT_OPEN -> 503;
      default -> 502; // the backends' own key, URL or health is not the caller's fault
    };
  }

  /** {@code {"error":{"message","type","param","code"}}}, as OpenAI writes it. */
  public static ObjectNode json(Throwable e) {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("message", String.valueOf(e.getMessage()));
    int status = status(e);
    error.put("type", status == 429 ? "rate_limit_error" : status >= 400 && status < 500 ? "invalid_request_error"
        : "server_error");
    error.putNull("param");
    // OpenAI's code for a rate limit, which clients test to tell it from an exhausted quota
    error.put("code", status == 429 ? "rate_limit_exceeded"
        : e instanceof BackendException be ? be.kind().name().toLowerCase(Locale.ROOT) : e.getClass().getSimpleName());
    return body;
  }

  /**
   * The wait the failing backend asked for: Retry-After in whole seconds, rounded up so a client
   * never comes back early, plus retry-after-ms when the wait is not whole seconds. For a request
   * that failed over, the wait of the last backend tried. Empty when no backend asked.
   */
  public static Map<String, String> retryAfter(Throwable e) {
    Optional<Duration> wait = backendWait(e);
    if (wait.isEmpty()) {
      return Map.of();
    }
    long ms = Math.max(0, wait.get().toMillis());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Retry-After", Long.toString((ms + 999) / 1000));
    if (ms % 1000 != 0) {
      h.put("retry-after-ms", Long.toString(ms));
    }
    return h;
  }

  private static Optional<Duration> backendWait(Throwable e) {
    if (e instanceof BackendException be) {
      return be.retryAfter();
    }
    if (e instanceof NoBackendAvailableException && e.getCause() instanceof BackendException last) {
      return last.retryAfter();
    }
    return Optional.empty();
  }
}
