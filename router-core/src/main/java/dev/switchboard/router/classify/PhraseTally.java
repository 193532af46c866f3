package dev.switchboard.router.classify;

import java.util.Arrays;

/**
 * What the phrase collectors keep while they read one text: the phrases seen (each counts once)
 * and the weight so far per category (each has a cap). A handful of each per request, so arrays
 * scanned in order, where a HashSet and a HashMap of boxed doubles cost more than the lookups.
 */
final class PhraseTally {
  private String[] seen = new String[8];
  private int seenCount;
  private TaskCategory[] categories = new TaskCategory[4];
  private double[] totals = new double[4];
  private int categoryCount;

  /** Whether {@code phrase} is new here; it is seen from now on. */
  boolean firstTime(String phrase) {
    for (int i = 0; i < seenCount; i++) {
      if (seen[i].equals(phrase)) {
        return false;
      }
    }
    if (seenCount == seen.length) {
      seen = Arrays.copyOf(seen, 2 * seenCount);
    }
    seen[seenCount++] = phrase;
    return true;
  }

  /** The weight added to {@code category} so far, 0 if none. */
  double total(TaskCategory category) {
    for (int i = 0; i < categoryCount; i++) {
      if (categories[i].equals(category)) {
        return totals[i];
      }
    }
    return 0.0;
  }

  void add(TaskCategory category, double weight) {
    for (int i = 0; i < categoryCount; i++) {
      if (categories[i].equals(category)) {
        totals[i] += weight;
        return;
      }
    }
    if (categoryCount == categories.length) {
      categories = Arrays.copyOf(categories, 2 * categoryCount);
      totals = Arrays.copyOf(totals, 2 * categoryCount);
    }
    categories[categoryCount] = category;
    totals[categoryCount++] = weight;
  }
}
