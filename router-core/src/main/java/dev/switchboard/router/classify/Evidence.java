package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The evidence about one request, as the collectors find it: the signals in the order they were
 * found and, once a collector asks for it, the score per category (the sum of the signals'
 * weights). The score is tallied on first read and kept up to date after; a signal can be
 * withdrawn only before that. Also carries what one collector finds for a later one: the phrases
 * that counted (with their positions) and the task the system prompt sets. One per request, never shared.
 */
final class Evidence {
  private final List<Signal> signals = new ArrayList<>();
  private final List<Signal> readOnly = Collections.unmodifiableList(signals);
  /**
   * The score: categories in the order they first appeared (the first wins a tie) and their
   * weights, the first {@code tallied} of each. Null until first read. A handful of categories at
   * most, so arrays scanned in order beat a map, and hold no boxed doubles.
   */
  private TaskCategory[] categories;
  private double[] weights;
  private int tallied;
  private List<PhraseTable.Match> phrases = List.of();
  private List<Signal> systemTask = List.of();

  void add(Signal s) {
    signals.add(s);
    if (categories != null) {
      tally(s);
    }
  }

  void addAll(Iterable<Signal> all) {
    if (all instanceof List<Signal> list && all instanceof java.util.RandomAccess) {
      for (int i = 0; i < list.size(); i++) { // by index: no iterator per request
        add(list.get(i));
      }
      return;
    }
    for (Signal s : all) {
      add(s);
    }
  }

  /** Withdraws the signals that match; fails once the score has been read (collectors that withdraw run first). */
  boolean removeIf(Predicate<Signal> which) {
    if (categories != null) {
      throw new IllegalStateException("evidence cannot be withdrawn after the score was read: run this collector earlier");
    }
    return signals.removeIf(which);
  }

  /** The signals so far, in the order they were found (a read-only view). */
  List<Signal> signals() {
    return readOnly;
  }

  /** Whether a signal found so far matches. */
  boolean any(Predicate<Signal> which) {
    for (int i = 0; i < signals.size(); i++) {
      if (which.test(signals.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tallies the score on first read (it is kept up to date after) and returns the number of
   * categories in it. Not handed out: the methods below read the arrays, once per call on every request.
   */
  private int tally() {
    if (categories == null) {
      categories = new TaskCategory[8];
      weights = new double[8];
      for (int i = 0; i < signals.size(); i++) { // by index: no iterator on every request
        tally(signals.get(i));
      }
    }
    return tallied;
  }

  /** Adds the weight of {@code s} to its category, which joins the end of the score if new. */
  private void tally(Signal s) {
    TaskCategory c = s.category();
    for (int i = 0; i < tallied; i++) {
      if (categories[i].equals(c)) {
        weights[i] += s.weight();
        return;
      }
    }
    if (tallied == categories.length) {
      categories = Arrays.copyOf(categories, 2 * tallied);
      weights = Arrays.copyOf(weights, 2 * tallied);
    }
    categories[tallied] = c;
    weights[tallied++] = s.weight();
  }

  /** The weight for {@code category}, 0 if none. */
  double score(TaskCategory category) {
    int n = tally();
    for (int i = 0; i < n; i++) {
      if (categories[i].equals(category)) {
        return weights[i];
      }
    }
    return 0.0;
  }

  /** Whether some category has at least {@code minScore}. */
  boolean decisive(double minScore) {
    int n = tally();
    for (int i = 0; i < n; i++) {
      if (weights[i] >= minScore) {
        return true;
      }
    }
    return false;
  }

  /** The total weight of the categories in (or, with {@code inSet} false, outside) {@code set}. */
  double sum(Set<TaskCategory> set, boolean inSet) {
    int n = tally();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (set.contains(categories[i]) == inSet) {
        sum += weights[i];
      }
    }
    return sum;
  }

  /** The highest weight of a category in (or, with {@code inSet} false, outside) {@code set}; 0 if none. */
  double strongest(Set<TaskCategory> set, boolean inSet) {
    int n = tally();
    double max = 0;
    for (int i = 0; i < n; i++) {
      if (set.contains(categories[i]) == inSet) {
        max = Math.max(max, weights[i]);
      }
    }
    return max;
  }

  /**
   * The highest-scoring category in (or, with {@code inSet} false, outside) {@code set}; null set =
   * all; null if none has weight. A tie goes to the category that appeared first.
   */
  TaskCategory best(Set<TaskCategory> set, boolean inSet) {
    int n = tally();
    int best = -1;
    for (int i = 0; i < n; i++) {
      if (set != null && set.contains(categories[i]) != inSet) {
        continue;
      }
      if (weights[i] > 0 && (best < 0 || weights[i] > weights[best])) {
        best = i;
      }
    }
    return best < 0 ? null : categories[best];
  }

  /** The phrases of the instruction that counted, with their positions (set by the phrase collector). */
  List<PhraseTable.Match> phrases() {
    return phrases;
  }

  void phrases(List<PhraseTable.Match> counted) {
    this.phrases = counted;
  }

  /** The system prompts read as an instruction at a discount (set by the system-task collector); empty if none. */
  List<Signal> systemTask() {
    return systemTask;
  }

  void systemTask(List<Signal> task) {
    this.systemTask = task;
  }
}
