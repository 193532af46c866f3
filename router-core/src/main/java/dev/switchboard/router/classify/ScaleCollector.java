package dev.switchboard.router.classify;

/**
 * {@code scale}: "Rate the politeness of this reply from 1 to 5", "Score each headline 0-3", "On a
 * scale of 1-10, how positive is this?": a rating on a given scale of given items (pasted, or
 * pointed at) is a label.
 */
final class ScaleCollector implements SignalCollector {
  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    Words w = prompt.instruction();
    boolean rating = false;
    int range = -1; // where the last range starts; its words are put into a detail only when it is used
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      rating |= (prompt.roles(i) & WordRoles.RATING_WORD) != 0;
      if (!isSmallNumber(t) && !t.equals("out") && !t.equals("scale")) {
        continue; // no range starts here: most words
      }
      if (rangeKind(w, i) != 0) {
        range = i;
      }
    }
    if (rating && range >= 0 && (prompt.hasInput() || Cues.refersToText(w))) {
      evidence.add(SignalName.SCALE.signal(TaskCategory.CLASSIFICATION, Vocabulary.STRONG, range(w, range)));
    }
  }

  /** The range that starts at word {@code i} ("1 to 5", "out of ten", "scale"), in words; null if none. */
  private static String range(Words w, int i) {
    return describe(w, i, rangeKind(w, i));
  }

  private static final int NUMBERS = 1;
  private static final int OUT_OF = 2;
  private static final int SCALE_OF = 3;

  /** Which range starts at word {@code i}: {@link #NUMBERS}, {@link #OUT_OF}, {@link #SCALE_OF}, or 0 for none. */
  private static int rangeKind(Words w, int i) {
    String t = w.get(i);
    String next = i + 1 < w.size() ? w.get(i + 1) : "";
    String after = i + 2 < w.size() ? w.get(i + 2) : "";
    if (isSmallNumber(t) && (isSmallNumber(next) || ((next.equals("to") || next.equals("and")) && isSmallNumber(after)))) {
      return NUMBERS;
    } else if (t.equals("out") && next.equals("of") && (isSmallNumber(after) || after.equals("five") || after.equals("ten"))) {
      return OUT_OF;
    } else if (t.equals("scale") && (next.equals("of") || next.equals("from"))) {
      return SCALE_OF;
    }
    return 0;
  }

  /** The words of a range of {@code kind} at word {@code i}. */
  private static String describe(Words w, int i, int kind) {
    String t = w.get(i);
    String next = i + 1 < w.size() ? w.get(i + 1) : "";
    String after = i + 2 < w.size() ? w.get(i + 2) : "";
    return switch (kind) {
      case NUMBERS -> t + " to " + (isSmallNumber(next) ? next : after);
      case OUT_OF -> "out of " + after;
      case SCALE_OF -> "scale";
      default -> null;
    };
  }

  private static boolean isSmallNumber(String t) {
    return !t.isEmpty() && t.length() <= 3 && Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(t.length() - 1));
  }
}
