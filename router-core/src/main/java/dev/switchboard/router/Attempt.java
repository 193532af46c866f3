package dev.switchboard.router;

import dev.switchboard.router.chat.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of one backend during a request: which backend, whether it answered, and if not, the
 * kind of failure and its message (never a key, never the prompt).
 */
public record Attempt(String backend, String tier, boolean succeeded, FailureKind failure, String error,
    Duration duration, Usage billed) {
  public Attempt {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(duration, "duration");
    if (succeeded != (failure == null)) {
      throw new IllegalArgumentException("an attempt has a failure kind exactly when it failed");
    }
  }

  public Attempt(String backend, String tier, boolean succeeded, FailureKind failure, String error,
      Duration duration) {
    this(backend, tier, succeeded, failure, error, duration, null);
  }

  /** This attempt with the usage its provider billed although it failed (null: nothing billed). */
  public Attempt withBilledUsage(Usage usage) {
    return new Attempt(backend, tier, succeeded, failure, error, duration, usage);
  }

  /** What the provider billed for this failed attempt, when it reported usage; charged as a failed attempt. */
  public Optional<Usage> billedUsage() {
    return Optional.ofNullable(billed);
  }

  public static Attempt success(String backend, String tier, Duration duration) {
    return new Attempt(backend, tier, true, null, null, duration);
  }

  public static Attempt failure(String backend, String tier, FailureKind kind, String error, Duration duration) {
    return new Attempt(backend, tier, false, Objects.requireNonNull(kind, "kind"), error, duration);
  }

  public Optional<FailureKind> failureKind() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return backend + (succeeded ? " ok" : " " + failure + (error != null ? " (" + error + ")" : ""))
        + " in " + duration.toMillis() + " ms";
  }
}
