package dev.switchboard.router.internal.quality;

import dev.switchboard.router.classify.TaskCategory;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest scored samples per (category, tier), for calibration: at most {@code size} each, the
 * oldest dropped first, no time bound. Written on the loop's threads, read by whoever asks for a
 * calibration.
 */
final class CalibrationLog {
  private final int size;
  private final Map<Slot, Deque<Sample>> slots = new ConcurrentHashMap<>();

  CalibrationLog(int size) {
    this.size = size;
  }

  /** Where a scored answer came from. */
  enum Source {
    /** The answer the caller got. */
    ANSWER,
    /** A background answer from the tier below a promoted category's tier. */
    REPROBE,
    /** A background answer from the tier below the one that served the caller (opt-in shadow sampling). */
    SHADOW
  }

  /**
   * One scored answer: when, where it came from, its score and whether it reached the threshold,
   * the classifier's confidence (and whether the application's hint decided instead, or the
   * classifier chose without its min-confidence check), and the token counts of the answer the
   * caller got, to price it per tier.
   */
  record Sample(Instant at, Source source, double score, boolean passed, double confidence, boolean hinted,
      boolean exempt, int promptTokens, int completionTokens) {}

  void add(TaskCategory category, String tier, Sample sample) {
    Deque<Sample> ring = slots.computeIfAbsent(new Slot(category, tier), k -> new ArrayDeque<>());
    synchronized (ring) {
      ring.addLast(sample);
      while (ring.size() > size) {
        ring.removeFirst();
      }
    }
  }

  /** A copy: category, then tier, then the samples oldest first. */
  Map<TaskCategory, Map<String, List<Sample>>> snapshot() {
    Map<TaskCategory, Map<String, List<Sample>>> out = new TreeMap<>();
    slots.forEach((slot, ring) -> {
      List<Sample> copy;
      synchronized (ring) {
        copy = new ArrayList<>(ring);
      }
      out.computeIfAbsent(slot.category(), c -> new TreeMap<>()).put(slot.tier(), List.copyOf(copy));
    });
    return out;
  }

  private record Slot(TaskCategory category, String tier) {}
}
