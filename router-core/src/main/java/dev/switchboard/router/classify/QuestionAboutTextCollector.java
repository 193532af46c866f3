package dev.switchboard.router.classify;

import java.util.Set;

/**
 * {@code question-about-text}: a question about a text the user pasted ("Who signed this letter?
 * ...", "Is this review about the food or the price? '...'") with no other evidence is a lookup or
 * a label: extraction for wh-questions, summarization for "what is it about?", classification for
 * yes/no and either/or questions. Any capable evidence wins. The question is the instruction over
 * pasted input, or a closing question after unmarked text. Reads the score.
 */
final class QuestionAboutTextCollector implements SignalCollector {
  private final Set<TaskCategory> cheap;
  private final double minScore;
  private final WordTable<Boolean> politeWords;

  QuestionAboutTextCollector(Engine.Settings settings) {
    this.cheap = settings.cheapCategories();
    this.minScore = settings.minScore();
    this.politeWords = WordTable.set(settings.politeWords());
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    String head = prompt.hasInput() ? prompt.instructionText() : prompt.closingQuestion();
    if (head.isEmpty() && !prompt.hasInput()) {
      return;
    }
    if (evidence.decisive(minScore) || evidence.strongest(cheap, false) > Vocabulary.CONTEXT) {
      return; // decided already, or capable evidence beyond a context word
    }
    // the text first, then a question about it on its own line: that line is read on its own
    Words instruction = prompt.hasInput() ? prompt.instruction()
        : Words.of(head, 0, head.length(), Segmenter.MAX_INSTRUCTION_WORDS);
    boolean asks = head.indexOf('?') >= 0;
    boolean either = false;
    for (int i = 0; i < instruction.size(); i++) {
      either |= instruction.get(i).equals("or");
    }
    TaskCategory c = null;
    String cue = null;
    int mark = asks ? head.lastIndexOf('?') : -1; // the backward search is not vectorised: only when there is one
    if (mark < 0 && instruction.size() > 0 && WH.contains(instruction.get(0))) {
      mark = head.length(); // "what's the order id here -> '...'": a question without its mark, before the input
    }
    if (mark > 0) {
      // the first word of the sentence that ends with the question mark, or of its first clause
      // that opens with a question word ("Given the following dialogue, what does ...", "Question: Where ...")
      int from = mark - 1;
      while (from >= 0 && ".!?\n:".indexOf(head.charAt(from)) < 0) {
        from--;
      }
      Words question = Words.of(head, from + 1, mark, 60);
      String w = "";
      for (int k = 0; k < question.size() && w.isEmpty(); k++) {
        if (k > 0 && !question.followsComma(k)) {
          continue;
        }
        String opener = question.get(k);
        String subject = k + 1 < question.size() ? question.get(k + 1) : "";
        if (MODALS.contains(opener) && !ADDRESSED.contains(subject)) {
          w = opener; // "Would they recommend it?", "Will the customer renew?": yes or no about the text
          continue;
        }
        int first = k;
        while (first < question.size() && politeWords.contains(question.get(first))) {
          first++;
        }
        String t = first < question.size() ? question.get(first) : "";
        w = YES_NO.contains(t) || WH.contains(t) ? t : "";
      }
      if (asksForOpinion(question) && !either) {
        w = ""; // "What would you change?", "Should I sign it?", "What did she mean?": judgement, not a lookup
      }
      if (YES_NO.contains(w) || MODALS.contains(w) || (either && WH.contains(w))) {
        c = TaskCategory.CLASSIFICATION;
        cue = w;
      } else if (w.startsWith("what") && aboutTheText(question)) {
        c = TaskCategory.SUMMARIZATION; // "What is this email about?", "What's the article saying?"
        cue = w + " ... about";
      } else if (WH.contains(w)) {
        c = TaskCategory.EXTRACTION;
        cue = w;
      }
    }
    if (c == null && either && asks) {
      c = TaskCategory.CLASSIFICATION; // "positive, negative or neutral? '...'"
      cue = "or";
    }
    if (c != null) {
      evidence.add(SignalName.QUESTION_ABOUT_TEXT.signal(c, 2.0, cue + " ...?"));
    }
  }

  /** "would you", "do you", "should I/we", "what did she mean": the question asks what the model thinks. */
  private static boolean asksForOpinion(Words q) {
    for (int i = 0; i < q.size(); i++) {
      String a = q.get(i);
      if (INTERPRETING.contains(a)) {
        return true;
      }
      String b = i + 1 < q.size() ? q.get(i + 1) : "";
      if (((a.equals("would") || a.equals("do")) && b.equals("you")) || (a.equals("should") && (b.equals("i")
          || b.equals("we")))) {
        return true;
      }
      if (i > 0 && WH.contains(q.get(0)) && HYPOTHETICAL.contains(a)) {
        return true; // "What grade would it get?", "Which would sell better?": a prediction, not a lookup
      }
    }
    return false;
  }

  /** A what-question that ends in "about" or asks what a text says: "What is this email about?", "What's it saying?". */
  private static boolean aboutTheText(Words q) {
    for (int i = 0; i < q.size(); i++) {
      String t = q.get(i);
      if ((t.equals("about") && i == q.size() - 1) || t.equals("say") || t.equals("says") || t.equals("saying")) {
        return true;
      }
    }
    return false;
  }

  private static final WordTable<Boolean> HYPOTHETICAL = WordTable.set("would", "should", "could", "might");
  private static final WordTable<Boolean> INTERPRETING = WordTable.set("mean", "means", "meant", "imply", "implies",
      "implied", "really", "actually");
  private static final WordTable<Boolean> WH = WordTable.set("who", "what", "what's", "whats", "when", "where", "which",
      "whose");
  private static final WordTable<Boolean> MODALS = WordTable.set("would", "will", "can", "could");
  /** Subjects that make a modal a polite request or a question to the model: "Could you ...", "Can I ...". */
  private static final WordTable<Boolean> ADDRESSED = WordTable.set("you", "u", "i", "we", "me", "someone", "somebody");
  private static final WordTable<Boolean> YES_NO = WordTable.set("is", "are", "does", "do", "did", "was", "were", "has",
      "have");
}
