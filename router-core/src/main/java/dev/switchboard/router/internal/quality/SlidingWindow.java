package dev.switchboard.router.internal.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** The latest scores of one (category, tier): at most {@code size}, and none older than {@code maxAge} if set. */
final class SlidingWindow {
  private final int size;
  private final Duration maxAge;
  private final Deque<Sample> samples = new ArrayDeque<>(); // guarded by this

  SlidingWindow(int size, Duration maxAge) {
    this.size = size;
    this.maxAge = maxAge;
  }

  synchronized void add(Instant at, double score) {
    samples.addLast(new Sample(at, score));
    while (samples.size() > size) {
      samples.removeFirst();
    }
  }

  synchronized Stats stats(Instant now) {
    if (maxAge != null) {
      Instant oldest = now.minus(maxAge);
      while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
        samples.removeFirst();
      }
    }
    double sum = 0;
    double min = samples.isEmpty() ? 0 : 1;
    for (Sample s : samples) {
      sum += s.score();
      min = Math.min(min, s.score());
    }
    return new Stats(samples.size(), samples.isEmpty() ? 0 : sum / samples.size(), min);
  }

  synchronized void clear() {
    samples.clear();
  }

  record Stats(int count, double mean, double min) {}

  private record Sample(Instant at, double score) {}
}
