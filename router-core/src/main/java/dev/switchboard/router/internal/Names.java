package dev.switchboard.router.internal;

import dev.switchboard.router.classify.TaskCategory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * "Did you mean": the known name closest to a misspelt one, for every error that names an unknown
 * key, tier, category, backend or provider. Not API.
 */
public final class Names {
  private Names() {}

  /** The known name {@code name} most likely misspells, when one is close enough to suggest. */
  public static Optional<String> closest(String name, Collection<String> known) {
    String n = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(n, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // A third of the name's length, at least one and at most three edits: "extracton" -> "extraction",
    // never "cloud" -> "local".
    int allowed = Math.max(1, Math.min(3, n.length() / 3));
    return best != null && bestDistance <= allowed && !best.equals(name) ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"}, or nothing when no known name is close. */
  public static String didYouMean(String name, Collection<String> known) {
    return closest(name, known).map(k -> "; did you mean '" + k + "'?").orElse("");
  }

  /**
   * What is wrong with using {@code category} where only the built-ins and {@code declared} are
   * known, or empty when it is one of them. {@code howToDeclare} ends the message: how a new
   * category is declared where the mistake was made.
   */
  public static Optional<String> undeclaredCategory(TaskCategory category, Set<TaskCategory> declared,
      String howToDeclare) {
    if (category.isBuiltIn() || declared.contains(category)) {
      return Optional.empty();
    }
    java.util.List<String> known = new java.util.ArrayList<>();
    TaskCategory.builtIns().forEach(c -> known.add(c.name()));
    declared.forEach(c -> known.add(c.name()));
    return Optional.of("category '" + category + "' is neither built in nor declared" + didYouMean(category.name(), known)
        + " (" + howToDeclare + ")");
  }

  /** The category a declaration names: a valid name that is not a built-in one. */
  public static TaskCategory newCategory(String name) {
    TaskCategory c = TaskCategory.of(name);
    if (c.isBuiltIn()) {
      throw new IllegalArgumentException("category '" + c + "' is built in; declare only new ones");
    }
    return c;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
