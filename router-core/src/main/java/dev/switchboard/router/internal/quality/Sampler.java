package dev.switchboard.router.internal.quality;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Decides whether one answer is sampled. One draw per decision from a shared random source, so a
 * seeded source gives the same decisions for the same sequence of calls.
 */
public final class Sampler {
  private final RandomGenerator random;

  public Sampler(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public boolean sample(double rate) {
    if (rate <= 0) {
      return false;
    }
    if (rate >= 1) {
      return true;
    }
    synchronized (random) { // most RandomGenerators are not thread-safe
      return random.nextDouble() < rate;
    }
  }
}
