package dev.switchboard.router.classify;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a word of the instruction can mean to the compound-request, maths-problem and scale
 * collectors, as bits: one table lookup per word, once per request, instead of one per rule and
 * word set.
 */
final class WordRoles {
  /** "and", "then", "also" (und, y, et...): a second ask may follow. */
  static final int COORDINATING = 1;
  /** "solve", "solution" (resuelve, löse...). */
  static final int SOLVING = 2;
  /** "total", "left", "average", "percent"...: a quantity asked. */
  static final int ARITHMETIC_WORD = 4;
  /** Objects of school maths: "triangle", "ratio", "prime"... */
  static final int MATH_OBJECT = 8;
  /** "answer", "option", "choose"...: lettered items are answer choices. */
  static final int CHOOSING_WORD = 16;
  /** "rate", "score", "stars"...: a rating. */
  static final int RATING_WORD = 32;
  /** "how" and "in", which open a quantity ("how many", "in all"). */
  static final int HOW = 64;
  /** "people", "guests", "servings", "recipe"...: what a recipe or a head count is for. */
  static final int SERVING = 128;
  /** "instead" ("for 6 people instead of 4"). */
  static final int INSTEAD = 256;

  private static final Set<String> COORDINATORS = Set.of("and", "then", "also", "plus", "finally", "afterwards",
      "but", "und", "dann", "aber", "y", "luego", "después", "pero", "et", "puis", "ensuite", "mais");
  private static final Set<String> SOLVE = Set.of("solve", "solving", "resuelve", "resolver", "löse", "lösen",
      "résous", "résoudre", "risolvi", "solution");
  private static final Set<String> ARITHMETIC = Set.of("total", "altogether", "left", "remain", "remains",
      "remaining", "average", "sum", "difference", "percent", "percentage", "plus", "minus", "divided", "equals",
      "squared", "speed", "times");
  /** Objects of school maths: with numbers beside them, a problem ("the triangle with sides 3, 4 and 5"). */
  private static final Set<String> MATH_OBJECTS = Set.of("triangle", "angle", "angles", "perimeter", "area",
      "radius", "diameter", "circumference", "hypotenuse", "prime", "primes", "divisible", "fraction", "fractions",
      "ratio", "probability", "equation", "sequence", "digits");
  /** Words that say the letters are answer choices, not a legal list "(a) ... (b) ... (c)". */
  private static final Set<String> CHOOSING = Set.of("answer", "answers", "option", "options", "choice", "choices",
      "correct", "choose", "pick", "select");
  private static final Set<String> RATING = Set.of("rate", "rating", "score", "grade", "scale", "stars");
  private static final Set<String> SERVINGS = Set.of("people", "persons", "guests", "servings", "portions", "serves",
      "recipe", "adults", "kids");
  private static final WordTable<Integer> ROLES;

  static {
    Map<String, Integer> roles = new HashMap<>();
    Map<Set<String>, Integer> sets = new LinkedHashMap<>();
    sets.put(COORDINATORS, COORDINATING);
    sets.put(SOLVE, SOLVING);
    sets.put(ARITHMETIC, ARITHMETIC_WORD);
    sets.put(MATH_OBJECTS, MATH_OBJECT);
    sets.put(CHOOSING, CHOOSING_WORD);
    sets.put(RATING, RATING_WORD);
    sets.put(Set.of("how", "in"), HOW);
    sets.put(SERVINGS, SERVING);
    sets.put(Set.of("instead"), INSTEAD);
    sets.forEach((words, bit) -> words.forEach(word -> roles.merge(word, bit, (a, b) -> a | b)));
    ROLES = WordTable.map(roles);
  }

  private WordRoles() {}

  /** The roles of each word of {@code w}. */
  static int[] of(Words w) {
    int[] r = new int[w.size()];
    for (int i = 0; i < r.length; i++) {
      Integer roles = ROLES.get(w.get(i));
      r[i] = roles == null ? 0 : roles;
    }
    return r;
  }
}
