package dev.switchboard.router;

import dev.switchboard.router.chat.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One backend could not answer. Says which backend, what kind of failure, the HTTP status and the
 * provider's own message when there was one, whether a retry can help, and how long the provider
 * asked us to wait. Never contains an API key.
 */
public class BackendException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final FailureKind kind;
  private final int status;
  private final String providerMessage;
  private final Duration retryAfter;
  private volatile Usage billedUsage;

  public BackendException(String backend, FailureKind kind, String message) {
    this(backend, kind, -1, null, null, message, null);
  }

  public BackendException(String backend, FailureKind kind, String message, Throwable cause) {
    this(backend, kind, -1, null, null, message, cause);
  }

  /**
   * @param status the HTTP status, or -1 when there was no HTTP response
   * @param providerMessage the provider's error text, or null
   * @param retryAfter what the provider asked us to wait, or null
   */
  public BackendException(String backend, FailureKind kind, int status, String providerMessage,
      Duration retryAfter, String message, Throwable cause) {
    super(describe(backend, kind, status, providerMessage, message), cause);
    this.backend = Objects.requireNonNull(backend, "backend");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
    this.providerMessage = providerMessage;
    this.retryAfter = retryAfter;
  }

  private static String describe(String backend, FailureKind kind, int status, String providerMessage,
      String message) {
    StringBuilder sb = new StringBuilder("backend '").append(backend).append("' failed (").append(kind);
    if (status >= 0) {
      sb.append(", HTTP ").append(status);
    }
    sb.append(')');
    if (message != null && !message.isEmpty()) {
      sb.append(": ").append(message);
    }
    if (providerMessage != null && !providerMessage.isEmpty() && (message == null || !message.contains(providerMessage))) {
      sb.append(" (provider said: ").append(providerMessage).append(')');
    }
    return sb.toString();
  }

  public String backend() {
    return backend;
  }

  public FailureKind kind() {
    return kind;
  }

  /** The HTTP status, when the backend answered over HTTP. */
  public OptionalInt status() {
    return status >= 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /** The provider's own error message, when it sent one. */
  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
  }

  /** How long the provider asked us to wait before trying again (Retry-After). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Records the usage the provider billed for this failed call (a stream cut off after tokens were
   * generated, a provider that bills errors); the router charges it as a failed attempt.
   */
  public BackendException withBilledUsage(Usage usage) {
    this.billedUsage = usage;
    return this;
  }

  /** The usage the provider billed for this failed call, when known. */
  public Optional<Usage> billedUsage() {
    return Optional.ofNullable(billedUsage);
  }

  /** Whether trying again, here or elsewhere, can help. */
  public boolean retryable() {
    return kind.retryable();
  }
}
