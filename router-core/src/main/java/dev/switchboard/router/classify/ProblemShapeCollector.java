package dev.switchboard.router.classify;


/**
 * {@code math-problem}: the shape of a maths or logic problem, which goes to the capable tier
 * whatever verb is in front of it ("Extract the answer: ...", "Classify your answers into a-e"):
 * the word "solve" or "the solution to"; lettered answer choices (a-e) around numbers; or numbers
 * with a question about a quantity ("how many ... in total", "what is the average"). The numbers
 * are read in the instruction when the text has a pasted part, else in the whole (short) text — a
 * word problem's numbers are in its statement. {@code counting} is the exception: "How many times
 * does 'refund' appear in this email?" (no numbers of its own, input after it) is a lookup, and
 * replaces the "how many" phrase. Runs after the phrase collector.
 */
final class ProblemShapeCollector implements SignalCollector {
  private static final WordTable<Boolean> SERVINGS = WordTable.set("people", "persons", "guests", "servings",
      "portions", "serves", "recipe", "adults", "kids");
  private static final WordTable<Boolean> HOW_QUANTITY = WordTable.set("many", "much", "long", "far", "old", "fast");

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    String text = prompt.text();
    String said = prompt.instructionText();
    Words instruction = prompt.instruction();
    boolean quantity = false;
    boolean arithmetic = false;
    boolean howMany = false;
    boolean choosing = false;
    boolean scaling = false;
    boolean servings = false;
    String cue = null;
    for (int i = 0; i < instruction.size(); i++) {
      String t = instruction.get(i);
      // "for 6 people instead of 4": a recipe or a head count to scale
      scaling |= t.equals("instead") && i + 1 < instruction.size() && instruction.get(i + 1).equals("of");
      servings |= SERVINGS.contains(t);
      int r = prompt.roles(i);
      if (r == 0) {
        continue;
      }
      choosing |= (r & WordRoles.CHOOSING_WORD) != 0;
      String next = i + 1 < instruction.size() ? instruction.get(i + 1) : "";
      if ((r & WordRoles.SOLVING) != 0 && (!t.equals("solution") || next.equals("to") || next.equals("of"))) {
        cue = t;
      } else if (t.equals("how") && HOW_QUANTITY.contains(next)) {
        quantity = true;
        howMany |= next.equals("many");
      } else if (((r & WordRoles.ARITHMETIC_WORD) != 0 && !notArithmetic(instruction, i))
          || (t.equals("in") && next.equals("all")) || (r & WordRoles.MATH_OBJECT) != 0) {
        quantity = true;
        arithmetic = true;
      }
    }
    quantity |= scaling && servings;
    // Numbers in pasted input are not the problem's, unless the input is itself a question.
    String numbersIn = prompt.hasInput() && !prompt.endsWithQuestion() ? said : text;
    boolean quoted = Cues.quotedSpan(said);
    if (cue == null && howMany && (prompt.pastedInput() || quoted) && !arithmetic && CodeShape.numbers(said, 1) == 0
        && (Cues.refersToText(said) || said.contains("times") || quoted)) {
      // counting in pasted text: the question has no quantities of its own
      boolean replaced = evidence.removeIf(s -> SignalName.PHRASE.is(s) && s.detail().equals("how many"));
      if (replaced) {
        evidence.add(SignalName.COUNTING.signal(TaskCategory.EXTRACTION, Vocabulary.STRONG, "how many ... in the text"));
      }
      return;
    }
    if (cue == null && quantity && CodeShape.numbers(numbersIn, 2) >= 2) {
      cue = "numbers and a quantity asked";
    }
    if (cue == null && choosing && !prompt.document() && CodeShape.answerChoices(text) && CodeShape.numbers(text, 2) >= 2) {
      cue = "answer choices around numbers";
    }
    if (cue != null) {
      evidence.add(SignalName.MATH_PROBLEM.signal(TaskCategory.REASONING, Vocabulary.STRONG, cue));
    }
  }

  /** "how many times" (counting), "sum up" and "sum the article" (summaries) are not arithmetic. */
  private static boolean notArithmetic(Words w, int i) {
    String t = w.get(i);
    return (t.equals("times") && i > 0 && w.get(i - 1).equals("many"))
        || (t.equals("sum") && Cues.namesText(w, i + 1));
  }
}
