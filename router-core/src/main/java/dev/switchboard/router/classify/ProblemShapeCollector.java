package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import java.util.List;
import java.util.Set;

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
  /** Figures that are computed from numbers unless the text states them. */
  private static final WordTable<Boolean> FIGURES = WordTable.set("total", "totals", "sum", "average", "difference",
      "percent", "percentage", "altogether");
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
    boolean change = false;
    String headCount = null; // "for 60 people": the number a recipe or a plan is asked for
    String cue = null;
    String figure = null; // the first arithmetic word asked for ("total", "average", "difference")
    // a word is glued into a field name ("plus_one", "total_gbp") only by an underscore: the tokens are
    // whole runs of letters and digits, so without one every arithmetic word stands alone
    boolean fieldNames = said.indexOf('_') >= 0;
    for (int i = 0; i < instruction.size(); i++) {
      int r = prompt.roles(i);
      if ((r & WordRoles.BEFORE_CHANGE) == 0) {
        // CHANGES and COMPUTED looked up once per word, with the other roles
        change |= (r & WordRoles.CHANGE) != 0;
        if (figure == null && (r & WordRoles.COMPUTED) != 0 && standalone(said, instruction.get(i))) {
          figure = instruction.get(i); // "extract revenue per product", "what will I owe"
        }
        if (headCount == null && i + 1 < instruction.size() && (prompt.roles(i + 1) & WordRoles.SERVING) != 0
            && isCount(instruction.get(i)) && HEADS.contains(instruction.get(i + 1))) {
          headCount = instruction.get(i);
        }
        continue; // most words: nothing else here reads them
      }
      String t = instruction.get(i);
      // "for 6 people instead of 4": a recipe or a head count to scale
      scaling |= (r & WordRoles.INSTEAD) != 0 && i + 1 < instruction.size() && instruction.get(i + 1).equals("of");
      servings |= (r & WordRoles.SERVING) != 0;
      choosing |= (r & WordRoles.CHOOSING_WORD) != 0;
      String next = i + 1 < instruction.size() ? instruction.get(i + 1) : "";
      if ((r & WordRoles.SOLVING) != 0 && (!t.equals("solution") || next.equals("to") || next.equals("of"))) {
        cue = t;
      } else if (t.equals("how") && HOW_QUANTITY.contains(next)) {
        quantity = true;
        howMany |= next.equals("many");
      } else if (((r & WordRoles.ARITHMETIC_WORD) != 0 && !notArithmetic(instruction, i)
          && (!fieldNames || standalone(said, t)))
          || (t.equals("in") && next.equals("all")) || (r & WordRoles.MATH_OBJECT) != 0) {
        quantity = true;
        arithmetic = true;
        if (figure == null && FIGURES.contains(t) && standalone(said, t)) {
          figure = t;
        }
      }
    }
    quantity |= scaling && servings;
    if (figure == null && change && said.indexOf('%') >= 0) {
      figure = "percent"; // "add a column with the % change", "growth % per region"
    }
    // Numbers in pasted input are not the problem's, unless the input is itself a question.
    String numbersIn = prompt.hasInput() && !prompt.endsWithQuestion() ? said : text;
    boolean quoted = cue == null && howMany && !arithmetic && Cues.quotedSpan(said); // read only when it matters
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
    if (cue == null && figure != null && prompt.textBesideInstruction() && computedFromInput(prompt.given(), figure)) {
      cue = "a figure the text does not state: " + figure;
    }
    // the servings stated in the pasted recipe, or in the request itself ("my recipe serves 4 and I need it for 10 people")
    if (cue == null && headCount != null && otherServings(text, headCount)) {
      cue = "a recipe for " + headCount + " " + "that serves another number";
    }
    if (cue == null && choosing && !prompt.document() && CodeShape.answerChoices(text) && CodeShape.numbers(text, 2) >= 2) {
      cue = "answer choices around numbers";
    }
    if (cue != null) {
      evidence.add(SignalName.MATH_PROBLEM.signal(TaskCategory.REASONING, Vocabulary.STRONG, cue));
    }
  }

  /**
   * A figure asked of pasted numbers that the pasted text does not itself name: "extract the total
   * hours worked by each person" over a timesheet with no total column is a sum to compute, while
   * "extract the total" over an invoice with a "Total:" line is a lookup. The word counts as named
   * when it appears in the text outside the instruction, inside a longer word too ("Subtotal"), so
   * the check errs towards the lookup. At least three numbers in the text outside the instruction.
   */
  static boolean computedFromInput(String given, String figure) {
    boolean named = containsIgnoreCase(given, figure) || (figure.startsWith("percent") && given.indexOf('%') >= 0);
    return !named && CodeShape.numbers(given, 3) >= 3;
  }

  /**
   * The first figure a system prompt asks for ("give the total per employee", "convert each mark to a
   * percentage", "each one reduces the remaining budget"), standing on its own in the prompt's text;
   * null when there is none. A word in a list of fields ("keys vendor, subtotal, tax, total") names a
   * field to read, and "in total" after a length ("60 words in total") is a limit.
   */
  static String figureAsked(List<Words> system, ChatRequest request) {
    for (Words w : system) {
      for (int i = 0; i < w.size(); i++) {
        String t = w.get(i);
        boolean listed = w.followsComma(i) || i + 1 < w.size() && w.followsComma(i + 1); // "subtotal, tax, total"
        boolean limit = i > 0 && w.get(i - 1).equals("in"); // "60 words in total"
        if ((FIGURES.contains(t) || COMPUTED.contains(t) || t.equals("remaining")) && !notArithmetic(w, i) && !listed
            && !limit) {
          for (ChatMessage m : request.messages()) {
            if ((m.role().equals(ChatMessage.SYSTEM) || m.role().equals(ChatMessage.DEVELOPER)) && standalone(m.text(), t)) {
              return t;
            }
          }
        }
      }
    }
    return null;
  }

  /** The word appears in the instruction on its own, not only inside a field name ("line_total", "total_due"). */
  private static boolean standalone(String said, String word) {
    for (int i = indexOfIgnoreCase(said, word, 0); i >= 0; i = indexOfIgnoreCase(said, word, i + 1)) {
      int end = i + word.length();
      boolean gluedBefore = i > 0 && (said.charAt(i - 1) == '_' || Character.isLetterOrDigit(said.charAt(i - 1)));
      boolean gluedAfter = end < said.length() && (said.charAt(end) == '_' || Character.isLetterOrDigit(said.charAt(end)));
      if (!gluedBefore && !gluedAfter) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsIgnoreCase(String text, String word) {
    return indexOfIgnoreCase(text, word, 0) >= 0;
  }

  private static int indexOfIgnoreCase(String text, String word, int from) {
    for (int i = from; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the given text states a number of servings other than {@code asked}: "(serves 8)",
   * "Serves: 4", "6 portions", "for 4 people", "feeds 10". A recipe asked "for 60 people" that serves
   * 8 is scaled, whatever verb asks for it ("convert this recipe for 60 people", "rewrite it for
   * 10"); one that already serves 60 is only rewritten.
   */
  static boolean otherServings(String given, String asked) {
    java.util.regex.Matcher m = SERVINGS_STATED.matcher(given);
    while (m.find()) {
      String n = m.group(1) != null ? m.group(1) : m.group(2);
      if (!n.equals(asked)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCount(String t) {
    return !t.isEmpty() && t.length() <= 4 && Character.isDigit(t.charAt(0)) && t.chars().allMatch(Character::isDigit);
  }

  private static final java.util.regex.Pattern SERVINGS_STATED = java.util.regex.Pattern.compile(
      "(?i)\\b(?:serves|feeds|serving size|servings?)\\W{0,3}(\\d{1,4})\\b|\\b(\\d{1,4})\\s+(?:servings|portions|people|persons|guests)\\b");

  /** People a recipe or a plan is for ("for 60 people"): not "recipe" or "serves", which name the thing. */
  private static final WordTable<Boolean> HEADS = WordTable.set("people", "persons", "guests", "servings", "portions",
      "adults", "kids");

  /**
   * Figures that are computed from line items unless the text names them: revenue, profit or margin
   * over orders, what someone owes under a plan, a weighted mark, a campaign's cost per acquisition,
   * click-through rate or return on ad spend.
   */
  static final Set<String> COMPUTED = Set.of("revenue", "profit", "profits", "margin",
      "margins", "owe", "owed", "owes", "weighted", "cpa", "cpc", "cpm", "ctr", "roas", "roi");

  /** Words of a change between two figures: with a % in the instruction, a percentage to compute. */
  static final Set<String> CHANGES = Set.of("change", "changes", "changed", "growth", "grew",
      "increase", "increased", "decrease", "decreased", "decline", "declined", "drop", "dropped", "rise", "rose",
      "fell", "difference");

  /** "how many times" (counting), "sum up" and "sum the article" (summaries) are not arithmetic. */
  private static boolean notArithmetic(Words w, int i) {
    String t = w.get(i);
    return (t.equals("times") && i > 0 && w.get(i - 1).equals("many"))
        || (t.equals("sum") && Cues.namesText(w, i + 1));
  }
}
