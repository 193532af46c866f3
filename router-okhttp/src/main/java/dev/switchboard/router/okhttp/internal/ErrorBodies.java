package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.Attempt;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.internal.Json;
import java.util.List;

/** Router failures as the HTTP status and OpenAI-shaped error body a client SDK understands. */
public final class ErrorBodies {
  private ErrorBodies() {}

  public static int status(Throwable e) {
    if (e instanceof InvalidRequestException) {
      return 400;
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

  public static ObjectNode json(Throwable e) {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("message", String.valueOf(e.getMessage()));
    int status = status(e);
    error.put("type", status == 400 ? "invalid_request_error" : status == 429 ? "rate_limit_error" : "server_error");
    error.put("code", e instanceof BackendException be ? be.kind().name().toLowerCase() : e.getClass().getSimpleName());
    return body;
  }
}
