package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.spi.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;

/** Turns whatever went wrong on the wire into a {@link BackendException} that says what to do. */
public final class Errors {
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_MESSAGE = 300;
  private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private Errors() {}

  /**
   * An HTTP error status, with the provider's message (read from the body by {@code providerMessage},
   * given the body and its content type) and Retry-After when sent.
   */
  public static BackendException fromStatus(String backend, Response response, String secret, String keySource,
      BiFunction<String, String, String> providerMessage) {
    int status = response.code();
    String body;
    try {
      body = response.peekBody(MAX_ERROR_BODY).string();
    } catch (IOException e) {
      body = "";
    }
    String message = providerMessage.apply(body, response.header("Content-Type"));
    String provider = message == null ? null : shorten(redact(message, secret)); // redacted whole: a cut key would slip past
    FailureKind kind = FailureKind.forHttpStatus(status);
    Duration retryAfter = retryAfter(response);
    return new BackendException(backend, kind, status, provider, retryAfter,
        "the server answered HTTP " + status + "; " + advice(kind, retryAfter, keySource), null);
  }

  /**
   * The provider's own error text: OpenAI, Anthropic, Ollama and FastAPI shapes, an HTML page's
   * title, else the text itself; null for an empty body. {@link #fromStatus} shortens it.
   */
  public static String providerMessage(String body, String contentType) {
    String trimmed = body == null ? "" : body.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.startsWith("{")) {
      try {
        JsonNode n = Json.MAPPER.readTree(trimmed);
        JsonNode error = n.get("error");
        if (error != null && error.isObject() && error.get("message") != null) {
          return error.get("message").asText();
        }
        if (error != null && error.isTextual()) {
          return error.textValue();
        }
        for (String field : new String[] {"message", "detail"}) {
          JsonNode m = n.get(field);
          if (m != null && !m.isNull()) {
            return m.isTextual() ? m.textValue() : m.toString();
          }
        }
      } catch (IOException | RuntimeException e) {
        // not JSON after all: fall through to the text forms
      }
    }
    boolean html = (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html"))
        || trimmed.regionMatches(true, 0, "<!doctype html", 0, 14) || trimmed.regionMatches(true, 0, "<html", 0, 5);
    if (html) {
      Matcher m = TITLE.matcher(trimmed);
      String text = m.find() ? m.group(1) : trimmed.replaceAll("<[^>]*>", " ");
      return "HTML page: " + text.replaceAll("\\s+", " ").trim();
    }
    return trimmed;
  }

  /** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms. */
  static Duration retryAfter(Response response) {
    String ms = response.header("retry-after-ms");
    if (ms != null) {
      try {
        return Duration.ofMillis((long) Double.parseDouble(ms.trim()));
      } catch (NumberFormatException e) {
        // fall back to Retry-After
      }
    }
    String value = response.header("Retry-After");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      Date date = response.headers().getDate("Retry-After");
      if (date == null) {
        return null;
      }
      Duration d = Duration.ofMillis(date.getTime() - System.currentTimeMillis());
      return d.isNegative() ? Duration.ZERO : d;
    }
  }

  private static String advice(FailureKind kind, Duration retryAfter, String keySource) {
    return switch (kind) {
      case UNAUTHORIZED -> "check the API key (" + keySource + ")";
      case NOT_FOUND -> "check the base URL and the model name";
      case BAD_REQUEST -> "the request was refused as invalid; another backend would refuse it too";
      case RATE_LIMITED -> retryAfter != null ? "rate limited: retry after " + retryAfter.toMillis() + " ms or use another backend"
          : "rate limited: retry later or use another backend";
      case SERVER_ERROR -> "the server failed; another backend or a retry may succeed";
      case TIMEOUT -> "the server timed out the request";
      default -> "unexpected status";
    };
  }

  /** A transport failure: refused connection, timeout, broken stream. */
  public static BackendException fromIo(String backend, IOException e, String during) {
    if (e instanceof ReplyTooLargeException) {
      return malformed(backend, e.getMessage(), e);
    }
    if (e instanceof SocketTimeoutException) {
      return new BackendException(backend, FailureKind.TIMEOUT,
          "no data from the server within the configured timeout " + during + " (" + e.getMessage() + ")", e);
    }
    if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
      return new BackendException(backend, FailureKind.TIMEOUT,
          "the call did not finish within its call timeout " + during, e);
    }
    if (e instanceof ConnectException || e instanceof UnknownHostException) {
      return new BackendException(backend, FailureKind.TRANSPORT,
          "cannot connect to the server " + during + ": " + e.getMessage() + "; is it running and is the base URL right?", e);
    }
    return new BackendException(backend, FailureKind.TRANSPORT,
        "the connection failed " + during + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  /** A 2xx body that is not what the protocol promises. */
  public static BackendException malformed(String backend, String what, Throwable cause) {
    return new BackendException(backend, FailureKind.MALFORMED_RESPONSE, what, cause);
  }

  /** Removes the API key from text that came from elsewhere (a provider may echo it). */
  public static String redact(String text, String secret) {
    if (text == null || secret == null || secret.length() < 4) {
      return text;
    }
    return text.replace(secret, "[redacted]");
  }

  static String shorten(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
  }

  /** A short, safe preview of a body for an error message. */
  public static String preview(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
  }
}
