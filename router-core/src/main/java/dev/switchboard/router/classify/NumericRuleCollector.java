package dev.switchboard.router.classify;

/**
 * {@code math-problem} ("a label by a rule over figures"): a label asked of pasted rows of figures
 * by a rule that itself holds a number is arithmetic, whatever verb asks for it: "Classify each rep
 * as ABOVE or BELOW quota. Quota is £150k per quarter; H1 = Q1+Q2" over a table of quarters, "yes or
 * no: did we meet the 3 business day SLA on these?" over opened and resolved times, "Classify each
 * claim as WITHIN_POLICY or OVER_POLICY. Policy: meals max £35/day" over a day-by-day claim. It needs
 * label evidence (a classification signal that decides alone), a word of a rule in the instruction
 * (quota, budget, policy, limit, max, at least, within, eligible, compared…), a number in the
 * instruction outside a rating scale, and pasted rows of figures: at least three lines that hold two
 * numbers or more each, so that each answer compares a figure computed from a row. A rubric without
 * numbers ("P1 = checkout or payments down") and a single stated figure per item ("flag the orders
 * over £500" over one total per line) stay labels. Runs after the scale collector, whose finding it
 * reads.
 */
final class NumericRuleCollector implements SignalCollector {
  /** Lines of pasted figures a rule is applied to. */
  private static final int ROWS = 3;

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    if (!prompt.textBesideInstruction() || evidence.any(SignalName.MATH_PROBLEM::is) || evidence.any(SignalName.SCALE::is)
        || !evidence.any(s -> s.category().equals(TaskCategory.CLASSIFICATION) && s.weight() >= Vocabulary.STRONG)) {
      return;
    }
    Words w = prompt.instruction();
    String rule = null;
    for (int i = 0; i < w.size() && rule == null; i++) {
      String t = w.get(i);
      String next = i + 1 < w.size() ? w.get(i + 1) : "";
      if (RULE_WORDS.contains(t) || ((t.equals("at") || t.equals("no")) && (next.equals("least") || next.equals("most")
          || next.equals("more") || next.equals("less"))) || (COMPARATIVES.contains(t) && next.equals("than"))) {
        rule = t.equals("at") || t.equals("no") || COMPARATIVES.contains(t) ? t + " " + next : t;
      }
    }
    String said = prompt.instructionText();
    if (rule == null || CodeShape.numbers(said, 1) == 0 || !rowsOfFigures(prompt.given())) {
      return;
    }
    evidence.add(SignalName.MATH_PROBLEM.signal(TaskCategory.REASONING, Vocabulary.STRONG,
        "a label by a rule over figures: " + rule));
  }

  /** Whether at least {@link #ROWS} lines of {@code text} hold two numbers or more each. */
  private static boolean rowsOfFigures(String text) {
    int rows = 0;
    for (int start = 0; start < text.length() && rows < ROWS; ) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      if (CodeShape.numbers(text, start, end, 2) >= 2) {
        rows++;
      }
      start = end + 1;
    }
    return rows >= ROWS;
  }

  /** "more than 20", "longer than 7.5 hours", "fewer than 3": a comparison with a figure. */
  private static final WordTable<Boolean> COMPARATIVES = WordTable.set("more", "less", "longer", "shorter",
      "greater", "fewer", "higher", "lower", "bigger", "smaller", "later", "earlier");

  private static final WordTable<Boolean> RULE_WORDS = WordTable.set("quota", "budget", "policy", "limit", "limits",
      "max", "maximum", "min", "minimum", "threshold", "within", "eligible", "eligibility", "sla", "exceeds",
      "exceed", "exceeding", "compared", "cheaper", "allowance", "cap", "capped", "deadline", "terms", "overdue");
}
