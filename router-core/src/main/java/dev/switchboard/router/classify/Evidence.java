package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  /** Insertion-ordered: the first category to appear wins a tie. Null until first read. */
  private Map<TaskCategory, Double> score;
  private List<PhraseTable.Match> phrases = List.of();
  private List<Signal> systemTask = List.of();

  void add(Signal s) {
    signals.add(s);
    if (score != null) {
      score.merge(s.category(), s.weight(), Double::sum);
    }
  }

  void addAll(Iterable<Signal> all) {
    for (Signal s : all) {
      add(s);
    }
  }

  /** Withdraws the signals that match; fails once the score has been read (collectors that withdraw run first). */
  boolean removeIf(Predicate<Signal> which) {
    if (score != null) {
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
   * The weight per category, in the order the categories first appeared: tallied on first read,
   * kept up to date after. Not handed out: the methods below read it without wrapping it, once
   * per call on every request.
   */
  private Map<TaskCategory, Double> tally() {
    if (score == null) {
      score = new LinkedHashMap<>();
      for (Signal s : signals) {
        score.merge(s.category(), s.weight(), Double::sum);
      }
    }
    return score;
  }

  /** The weight for {@code category}, 0 if none. */
  double score(TaskCategory category) {
    return tally().getOrDefault(category, 0.0);
  }

  /** Whether some category has at least {@code minScore}. */
  boolean decisive(double minScore) {
    for (double v : tally().values()) {
      if (v >= minScore) {
        return true;
      }
    }
    return false;
  }

  /** The total weight of the categories in (or, with {@code inSet} false, outside) {@code set}. */
  double sum(Set<TaskCategory> set, boolean inSet) {
    double sum = 0;
    for (Map.Entry<TaskCategory, Double> e : tally().entrySet()) {
      if (set.contains(e.getKey()) == inSet) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** The highest weight of a category in (or, with {@code inSet} false, outside) {@code set}; 0 if none. */
  double strongest(Set<TaskCategory> set, boolean inSet) {
    double max = 0;
    for (Map.Entry<TaskCategory, Double> e : tally().entrySet()) {
      if (set.contains(e.getKey()) == inSet) {
        max = Math.max(max, e.getValue());
      }
    }
    return max;
  }

  /**
   * The highest-scoring category in (or, with {@code inSet} false, outside) {@code set}; null set =
   * all; null if none has weight. A tie goes to the category that appeared first.
   */
  TaskCategory best(Set<TaskCategory> set, boolean inSet) {
    Map<TaskCategory, Double> s = tally();
    TaskCategory best = null;
    for (Map.Entry<TaskCategory, Double> e : s.entrySet()) {
      if (set != null && set.contains(e.getKey()) != inSet) {
        continue;
      }
      if (e.getValue() > 0 && (best == null || e.getValue() > s.get(best))) {
        best = e.getKey();
      }
    }
    return best;
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
