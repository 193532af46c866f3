package dev.switchboard.router.failover;

import java.time.Duration;
import java.util.Objects;

/** The value checks the settings builders share; each message names the setting and the bad value. */
final class Checks {
  private Checks() {}

  static Duration positive(Duration d, String setting) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive: " + d);
    }
    return d;
  }

  static Duration notNegative(Duration d, String setting) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative()) {
      throw new IllegalArgumentException(setting + " must not be negative: " + d);
    }
    return d;
  }
}
