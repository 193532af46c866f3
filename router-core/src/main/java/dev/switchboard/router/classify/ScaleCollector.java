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
    String range = null;
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      rating |= (prompt.roles(i) & WordRoles.RATING_WORD) != 0;
      if (!isSmallNumber(t) && !t.equals("out") && !t.equals("scale")) {
        continue; // no range starts here: most words
      }
      String next = i + 1 < w.size() ? w.get(i + 1) : "";
      String after = i + 2 < w.size() ? w.get(i + 2) : "";
      if (isSmallNumber(t) && (isSmallNumber(next) || ((next.equals("to") || next.equals("and")) && isSmallNumber(after)))) {
        range = t + " to " + (isSmallNumber(next) ? next : after);
      } else if (t.equals("out") && next.equals("of") && (isSmallNumber(after) || after.equals("five") || after.equals("ten"))) {
        range = "out of " + after;
      } else if (t.equals("scale") && (next.equals("of") || next.equals("from"))) {
        range = "scale";
      }
    }
    if (rating && range != null && (prompt.hasInput() || Cues.refersToText(w))) {
      evidence.add(SignalName.SCALE.signal(TaskCategory.CLASSIFICATION, Vocabulary.STRONG, range));
    }
  }

  private static boolean isSmallNumber(String t) {
    return !t.isEmpty() && t.length() <= 3 && Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(t.length() - 1));
  }
}
