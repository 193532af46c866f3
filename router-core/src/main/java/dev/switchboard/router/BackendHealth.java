package dev.switchboard.router;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend's health at one moment: its state, how many calls in a row have failed, since when
 * it has been in this state, and the last error (never a key, never a prompt). Immutable.
 */
public record BackendHealth(String backend, BackendState state, int consecutiveFailures, Instant since,
    String lastError) {
  public BackendHealth {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  public Optional<String> lastErrorMessage() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public String toString() {
    return backend + "=" + state + " since " + since
        + (consecutiveFailures > 0 ? " (" + consecutiveFailures + " failures in a row)" : "");
  }
}
