package dev.switchboard.router.classify;

import java.util.Arrays;

/**
 * What the phrase collectors keep while they read one text: the phrases seen (each counts once)
 * and the weight so far per category (each has a cap). A handful of each per request, so arrays
 * scanned in order, where a HashSet and a HashMap of boxed doubles cost more than the lookups.
 * The arrays are made at the first phrase: most texts have none.
 */
final class PhraseTally {
  private static final String[] NO_PHRASES = {};
  private static final TaskCategory[] NO_CATEGORIES = {};
  private static final double[] NO_TOTALS = {};

  private String[] seen = NO_PHRASES;
  private int seenCount;
  private TaskCategory[] categories = NO_CATEGORIES;
  private double[] totals = NO_TOTALS;
  private int categoryCount;

  /** Whether {@code phrase} is new here; it is seen from now on. */
  boolean firstTime(String phrase) {
    for (int i = 0; i < seenCount; i++) {
      if (seen[i].equals(phrase)) {
        return false;
      }
    }
    if (seenCount == seen.length) {
      seen = Arrays.copyOf(seen, Math.max(8, 2 * seenCount));
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
      categories = Arrays.copyOf(categories, Math.max(4, 2 * categoryCount));
      totals = Arrays.copyOf(totals, Math.max(4, 2 * categoryCount));
    }
    categories[categoryCount] = category;
    totals[categoryCount++] = weight;
  }
}
