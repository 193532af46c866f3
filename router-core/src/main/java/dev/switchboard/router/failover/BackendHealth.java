package dev.switchboard.router.failover;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend's health at one moment: its state, how many calls in a row have failed, since when
 * it has been in this state, the last error (never a key, never a prompt), and until when it is
 * cooling down after a {@code Retry-After} (null when it is not). Immutable.
 */
public record BackendHealth(String backend, BackendState state, int consecutiveFailures, Instant since,
    String lastError, Instant coolingUntil) {
  public BackendHealth {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** A backend that is not cooling down. */
  public BackendHealth(String backend, BackendState state, int consecutiveFailures, Instant since, String lastError) {
    this(backend, state, consecutiveFailures, since, lastError, null);
  }

  /** Until when every request skips this backend because it sent a {@code Retry-After}; empty when it does not. */
  public Optional<Instant> coolingDownUntil() {
    return Optional.ofNullable(coolingUntil);
  }

  public Optional<String> lastErrorMessage() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public String toString() {
    return backend + "=" + state + " since " + since
        + (coolingUntil != null ? " until " + coolingUntil : "")
        + (consecutiveFailures > 0 ? " (" + consecutiveFailures + " failures in a row)" : "");
  }
}
