package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores one request: every piece of evidence becomes a {@link Signal} for a category; the
 * category with the most weight wins if the evidence is strong and clear enough, and a cheap
 * category only wins when the evidence for a capable one is clearly weaker. Otherwise: general.
 */
final class Engine {
  /** Texts longer than this hold a pasted document: only its head and tail are read as instruction. */
  static final int DOCUMENT_CHARS = 1200;
  static final int HEAD_CHARS = 300;
  static final int TAIL_CHARS = 200;
  static final int SHORT_PARAGRAPH = 400;
  static final int MAX_INSTRUCTION_WORDS = 400;
  static final double PHRASE_CAP = 4.0;

  /** The knobs, validated by the public builder. */
  public record Settings(Map<String, TaskCategory> leadingVerbs, List<PhraseTable.Phrase> phrases,
      List<PhraseTable.Phrase> systemPhrases, Set<String> politeWords, double minScore, double minConfidence,
      double capableGuard, Set<TaskCategory> cheapCategories) {}

  private final Settings settings;
  private final PhraseTable phrases;
  private final CjkPhrases cjkPhrases;
  private final PhraseTable systemPhrases;

  public Engine(Settings settings) {
    this.settings = settings;
    List<PhraseTable.Phrase> words = new ArrayList<>();
    List<PhraseTable.Phrase> cjk = new ArrayList<>();
    for (PhraseTable.Phrase p : settings.phrases()) {
      (CjkPhrases.isCjk(p) ? cjk : words).add(p);
    }
    this.phrases = new PhraseTable(words);
    this.cjkPhrases = new CjkPhrases(cjk);
    this.systemPhrases = new PhraseTable(settings.systemPhrases());
  }

  public Classification classify(ChatRequest request) {
    List<Signal> signals = new ArrayList<>();
    String text = request.lastUserMessage().map(ChatMessage::text).orElse("");
    boolean document = text.length() > DOCUMENT_CHARS;
    int payload = document ? -1 : payloadStart(text);
    String said = instructionText(text);
    Words instruction = Words.of(said, 0, said.length(), MAX_INSTRUCTION_WORDS);

    leadingVerb(instruction, signals);
    List<PhraseTable.Match> phrasesSaid = phraseSignals(instruction, signals);
    dropAskingVerbBeside(signals);
    int[] roles = roles(instruction);
    compoundRequest(instruction, roles, phrasesSaid, signals);
    scale(instruction, roles, payload > 0 || document, signals);
    structure(request, signals);
    textShape(text, said, instruction, document, signals);
    problemShape(text, said, instruction, roles, payload > 0, document, signals);
    nothingToSummarise(request, text, said, instruction, payload > 0 || document, signals);
    List<Words> system = systemWords(request);
    systemPrompt(system, signals);
    List<Signal> systemTask = systemTask(system);
    List<Signal> task = decisiveOnly(systemTask);
    if (!task.isEmpty() && userTurnIsInput(signals, text)) {
      // The system prompt sets the task and the user turn is only the input to it ("You classify
      // tweets..." + a tweet): words in the input are not instructions.
      signals.removeIf(s -> USER_WORDING.contains(SignalName.of(s)));
      signals.addAll(task);
    }

    Map<TaskCategory, Double> score = new LinkedHashMap<>();
    for (Signal s : signals) {
      score.merge(s.category(), s.weight(), Double::sum);
    }
    if (document) {
      // A short command over a long paste is how extraction and summaries are asked for.
      TaskCategory cheap = best(score, settings.cheapCategories(), true);
      if (cheap != null && score.get(cheap) >= settings.minScore()) {
        Signal s = SignalName.INSTRUCTION_OVER_DOCUMENT.signal(cheap, 1.0, text.length() + " chars");
        signals.add(s);
        score.merge(cheap, s.weight(), Double::sum);
      }
    }
    int tail = trailingQuestion(text);
    if (payload > 0 || document) {
      questionAboutText(said, instruction, score, signals);
    } else if (tail > 0) {
      // the text first, then a question about it on its own line
      String question = text.substring(tail);
      questionAboutText(question, Words.of(question, 0, question.length(), MAX_INSTRUCTION_WORDS), score, signals);
    }
    if (!decisive(score)) {
      taskFromContext(request, systemTask, instruction, text, score, signals);
    }
    return decide(score, signals, payload > 0 || document);
  }

  /** The words that carry the instruction in a user turn. */
  private static Words instructionOf(String text) {
    String said = instructionText(text);
    return Words.of(said, 0, said.length(), MAX_INSTRUCTION_WORDS);
  }

  /**
   * The part of a user turn that is the user's instruction, at most a few hundred characters: the
   * text before pasted input ({@link #payloadStart}), plus a short closing paragraph after the
   * input when it asks or commands ("... Is this an automatic renewal clause? yes or no.", "To sum
   * up this dialog:"), or a question after a closing quote ("... at all.' What's the customer's
   * mood?"). With no marked input, a text of some length followed by a closing question or command
   * on its own line is input too: the instruction is that closing part, with the first line when
   * it is short ("Read the passage and answer the question."). For a long document, see
   * {@link #instructionAroundDocument}.
   */
  static String instructionText(String text) {
    if (text.length() > DOCUMENT_CHARS) {
      return instructionAroundDocument(text);
    }
    int payload = payloadStart(text);
    int end = contentEnd(text);
    if (payload <= 0) {
      int closing = implicitClosing(text);
      if (closing < 0) {
        return text;
      }
      int firstLine = text.indexOf('\n');
      String head = firstLine > 0 && firstLine < closing && firstLine <= SHORT_HEAD ? text.substring(0, firstLine) : "";
      return head + "\n" + text.substring(closing, end);
    }
    String head = text.substring(0, payload);
    int closing = closingParagraph(text, payload);
    if (closing < 0) {
      int tail = trailingQuestion(text);
      if (tail > 0 && !labelledLine(text, tail, end, false)) {
        // a closing question on its own line; if the input starts inside that line ("Question: ..."), from there
        closing = Math.max(tail, payload);
      }
    }
    if (closing >= 0) {
      // A passage first (no question, no command) and the instruction after it: the passage is input.
      boolean passage = payload > SHORT_HEAD && head.indexOf('?') < 0 && !startsWithCommand(text, 0);
      return (passage ? "" : head) + "\n" + text.substring(closing, end);
    }
    int after = questionAfterQuote(text, payload);
    return after > 0 ? head + "\n" + text.substring(after, end) : head;
  }

  static final int SHORT_HEAD = 200;
  /** How much text must come before a closing question for it to count as pasted input. */
  static final int IMPLICIT_INPUT = 150;

  /**
   * Where a closing question or command starts after unmarked input (a passage, then "What is the
   * main idea?" on its own line or paragraph); -1 when there is none or the text before it is short
   * (a short statement and its question are read whole: a word problem's numbers are in it).
   */
  private static int implicitClosing(String text) {
    int closing = closingParagraph(text, IMPLICIT_INPUT);
    if (closing < 0) {
      int tail = trailingQuestion(text);
      closing = tail >= IMPLICIT_INPUT && !labelledLine(text, tail, contentEnd(text), false) ? tail : -1;
    }
    return closing;
  }

  /**
   * Where a short closing paragraph that asks, commands or ends with a colon ("Summary:") starts,
   * at or after {@code from}; -1 if none. A paragraph of labelled lines ("Question: ...\nAnswer:
   * ...") is a record to work on, not an instruction.
   */
  private static int closingParagraph(String text, int from) {
    int end = contentEnd(text);
    int lastBreak = lastParagraphBreak(text, end);
    if (lastBreak < from || lastBreak <= 0) {
      return -1;
    }
    boolean asks = text.indexOf('?', lastBreak) >= 0 || text.charAt(end - 1) == ':' || startsWithCommand(text, lastBreak);
    return asks && !labelledRecord(text, lastBreak, end) ? lastBreak : -1;
  }

  /**
   * Where the last blank line before {@code end} is, if it is at most a short paragraph away from
   * it; -1 otherwise. Scans back at most that far, so a long text costs nothing here.
   */
  private static int lastParagraphBreak(String text, int end) {
    for (int i = text.lastIndexOf('\n', end - 1); i > 0 && end - i <= SHORT_PARAGRAPH + 1; i = text.lastIndexOf('\n', i - 1)) {
      if (text.charAt(i - 1) == '\n') {
        return i - 1;
      }
    }
    return -1;
  }

  /** Two or more lines of {@code text[from, to)} open with a short label and a colon ("Premise: ...", "Ana: ..."). */
  private static boolean labelledRecord(String text, int from, int to) {
    int labelled = 0;
    int line = from;
    while (line < to && labelled < 2) {
      while (line < to && Character.isWhitespace(text.charAt(line))) {
        line++;
      }
      int eol = text.indexOf('\n', line);
      eol = eol < 0 || eol > to ? to : eol;
      if (labelledLine(text, line, eol, true)) {
        labelled++;
      }
      line = eol + 1;
    }
    return labelled >= 2;
  }

  /**
   * The line at {@code from} opens with one or two words and a colon ("Ana: ...", "Answer: ...");
   * unless {@code anyLabel}, "Question:" or "Task:" do not count (they introduce the instruction).
   */
  private static boolean labelledLine(String text, int from, int to, boolean anyLabel) {
    int colon = text.indexOf(':', from);
    if (colon < 0 || colon >= to || colon - from > 24) {
      return false;
    }
    Words label = Words.of(text, from, colon, 3);
    return label.size() >= 1 && label.size() <= 2 && (anyLabel || !INSTRUCTION_LABELS.contains(label.get(0)));
  }

  private static final Set<String> INSTRUCTION_LABELS = Set.of("question", "q", "task", "instruction",
      "instructions", "frage", "pregunta", "aufgabe");

  /** Where a question after the closing quote of a quoted input starts ("'...at all.' What's the mood?"); -1 if none. */
  private static int questionAfterQuote(String text, int payload) {
    int end = contentEnd(text);
    if (end == 0 || text.charAt(end - 1) != '?') {
      return -1;
    }
    for (int i = end - 2; i > payload && end - i <= 200; i--) {
      char c = text.charAt(i);
      if (c == '\n') {
        return -1;
      }
      if ((c == '\'' || c == '"' || c == '\u201d' || c == '\u300d') && i + 1 < end && text.charAt(i + 1) == ' ') {
        return i + 1;
      }
    }
    return -1;
  }

  private boolean decisive(Map<TaskCategory, Double> score) {
    for (double v : score.values()) {
      if (v >= settings.minScore()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The last user turn says what to work on but not what to do ("The delivery was late again.",
   * "Informal.", "Same for this one: ..."): the task was set elsewhere in the conversation. First
   * the system prompt, read as an instruction at a discount (applications put the task there and
   * only the input in the user turn); then, for a short or explicitly continuing turn, the task of
   * the previous user turn. Capable evidence in the last turn still counts against either.
   */
  private static final Set<SignalName> USER_WORDING = java.util.EnumSet.of(SignalName.PHRASE, SignalName.MATH,
      SignalName.SEVERAL_QUESTIONS, SignalName.TOO_SHORT, SignalName.LEADING_VERB, SignalName.COMPOUND_REQUEST,
      SignalName.MATH_PROBLEM, SignalName.COUNTING, SignalName.SCALE, SignalName.NO_INPUT);

  /** The system and developer prompts, tokenised once per request. */
  private static List<Words> systemWords(ChatRequest request) {
    List<Words> out = new ArrayList<>(1);
    for (ChatMessage m : request.messages()) {
      if (m.role().equals(ChatMessage.SYSTEM) || m.role().equals(ChatMessage.DEVELOPER)) {
        String t = m.text();
        out.add(Words.of(t, 0, Math.min(t.length(), 4000), SYSTEM_WORDS));
      }
    }
    return out;
  }

  /** {@code task} when it is decisive on its own (the system prompt sets a clear task), else empty. */
  private List<Signal> decisiveOnly(List<Signal> task) {
    Map<TaskCategory, Double> total = new HashMap<>();
    for (Signal s : task) {
      total.merge(s.category(), s.weight(), Double::sum);
    }
    return decisive(total) ? task : List.of();
  }

  /** The leading verbs and phrases of the system prompts, read as an instruction at a discount. */
  private List<Signal> systemTask(List<Words> system) {
    List<Signal> out = new ArrayList<>();
    for (Words w : system) {
      List<Signal> found = new ArrayList<>();
      leadingVerb(w, found);
      phraseSignals(w, found);
      for (Signal f : found) {
        out.add(SignalName.SYSTEM_INSTRUCTION.signal(f.category(), f.weight() * SYSTEM_DISCOUNT, f.detail()));
      }
    }
    return out;
  }

  /** No command of the user's own (no leading verb, no short question): the turn is input. */
  private static boolean userTurnIsInput(List<Signal> signals, String text) {
    for (Signal s : signals) {
      if (SignalName.LEADING_VERB.is(s) && !ASKING_VERBS.contains(s.detail())) {
        return false;
      }
    }
    return !(text.length() < 150 && text.indexOf('?') >= 0);
  }

  private void taskFromContext(ChatRequest request, List<Signal> systemTask, Words instruction, String text,
      Map<TaskCategory, Double> score, List<Signal> signals) {
    for (Signal s : systemTask) {
      signals.add(s);
      score.merge(s.category(), s.weight(), Double::sum);
    }
    if (decisive(score) || !continues(instruction, text)) {
      return;
    }
    List<ChatMessage> messages = request.messages();
    int last = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals(ChatMessage.USER)) {
        if (last < 0) {
          last = i;
        } else {
          List<Signal> earlier = new ArrayList<>();
          String earlierText = messages.get(i).text();
          Words w = instructionOf(earlierText);
          leadingVerb(w, earlier);
          phraseSignals(w, earlier);
          textShape(earlierText, instructionText(earlierText), w, earlierText.length() > DOCUMENT_CHARS, earlier);
          Map<TaskCategory, Double> earlierScore = new LinkedHashMap<>();
          double capable = 0;
          for (Signal e : earlier) {
            earlierScore.merge(e.category(), e.weight(), Double::sum);
            if (!settings.cheapCategories().contains(e.category()) && !SignalName.TOO_SHORT.is(e)) {
              capable += e.weight();
            }
          }
          TaskCategory task = best(earlierScore, null, true);
          // A cheap task is carried over only from a turn with no hint of harder work in it.
          boolean clean = capable == 0 || !settings.cheapCategories().contains(task);
          if (task != null && clean && earlierScore.get(task) >= settings.minScore()) {
            Signal s = SignalName.FOLLOW_UP.signal(task, settings.minScore(), "continues a " + task + " turn");
            signals.add(s);
            score.merge(task, s.weight(), Double::sum);
          }
          return;
        }
      }
    }
  }

  /** A turn that continues the previous task: it says so ("same", "now", "and this one"), or is a short statement. */
  private static boolean continues(Words instruction, String text) {
    if (instruction.size() == 0) {
      return false;
    }
    String a = instruction.get(0);
    String b = instruction.size() > 1 ? instruction.get(1) : "";
    if (CONTINUATION.contains(a) || ((a.equals("what") || a.equals("how")) && b.equals("about"))
        || (a.equals("this") && b.equals("one"))) {
      return true;
    }
    return text.indexOf('?') < 0 && instruction.size() <= SHORT_FOLLOW_UP_WORDS;
  }

  static final double SYSTEM_DISCOUNT = 0.6;
  static final int SYSTEM_WORDS = 600;
  static final int SHORT_FOLLOW_UP_WORDS = 8;
  private static final Set<String> CONTINUATION = Set.of("and", "ok", "okay", "same", "now", "also", "another",
      "next", "again", "then", "here", "here's", "heres", "similarly", "likewise");

  /**
   * A question about a text the user pasted ("Who signed this letter? ...", "Is this review about
   * the food or the price? '...'") with no other evidence is a lookup or a label: extraction for
   * wh-questions, classification for yes/no and either/or questions. Any capable evidence wins.
   */
  private void questionAboutText(String head, Words instruction, Map<TaskCategory, Double> score,
      List<Signal> signals) {
    for (Map.Entry<TaskCategory, Double> e : score.entrySet()) {
      boolean capable = !settings.cheapCategories().contains(e.getKey()) && e.getValue() > Vocabulary.CONTEXT;
      if (e.getValue() >= settings.minScore() || capable) {
        return;
      }
    }
    boolean asks = head.indexOf('?') >= 0;
    boolean either = false;
    for (int i = 0; i < instruction.size(); i++) {
      either |= instruction.get(i).equals("or");
    }
    TaskCategory c = null;
    String cue = null;
    int mark = head.lastIndexOf('?');
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
        while (first < question.size() && settings.politeWords().contains(question.get(first))) {
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
      Signal s = SignalName.QUESTION_ABOUT_TEXT.signal(c, 2.0, cue + " ...?");
      signals.add(s);
      score.merge(c, s.weight(), Double::sum);
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

  private static final Set<String> HYPOTHETICAL = Set.of("would", "should", "could", "might");
  private static final Set<String> INTERPRETING = Set.of("mean", "means", "meant", "imply", "implies", "implied",
      "really", "actually");

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

  private static final Set<String> WH = Set.of("who", "what", "what's", "whats", "when", "where", "which",
      "whose");
  private static final Set<String> MODALS = Set.of("would", "will", "can", "could");
  /** Subjects that make a modal a polite request or a question to the model: "Could you ...", "Can I ...". */
  private static final Set<String> ADDRESSED = Set.of("you", "u", "i", "we", "me", "someone", "somebody");
  private static final Set<String> YES_NO = Set.of("is", "are", "does", "do", "did", "was", "were", "has", "have");

  /**
   * Where pasted material starts in a short prompt: after a blank line, after a colon or question
   * mark that ends a line, or after a colon that opens a quote. -1 when there is none. Phrases in
   * the pasted part are not the user's instruction ("root cause" in a pasted thread).
   */
  static int payloadStart(String text) {
    int best = -1;
    for (String marker : PAYLOAD_MARKERS) {
      int at = text.indexOf(marker);
      if (at > 0 && (best < 0 || at < best)) {
        best = at + (marker.startsWith("\n") ? 0 : 1);
      }
    }
    if (best < 0) {
      // "... this thread? Ana: ..." : a question about "this"/"these"/"the following" text, then the text
      int q = text.indexOf("? ");
      int c = text.indexOf(": ");
      int at = q < 0 ? c : c < 0 ? q : Math.min(q, c);
      if (at > 0 && at < SHORT_PARAGRAPH && refersToText(text.substring(0, at))) {
        best = at + 1;
      }
    }
    if (best < 0) {
      best = quoteStart(text);
    }
    return best > 0 && best < SHORT_PARAGRAPH && text.length() - best >= 20 ? best : -1;
  }

  /** Where a closing question on its own line starts, after at least a few lines of text; -1 if none. */
  static int trailingQuestion(String text) {
    int end = contentEnd(text);
    if (end == 0 || text.charAt(end - 1) != '?') {
      return -1;
    }
    int nl = text.lastIndexOf('\n', end - 1);
    return nl >= 40 && end - nl <= 300 ? nl + 1 : -1;
  }

  /** The length of {@code text} without trailing white space, without copying it. */
  private static int contentEnd(String text) {
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** "what's the order id here -> 'Hi, I never ...'": a quotation that runs to the end of the text is input. */
  private static int quoteStart(String text) {
    int end = contentEnd(text);
    if (end == 0) {
      return -1;
    }
    char last = text.charAt(end - 1);
    if (last != '\'' && last != '"' && last != '\u201d') {
      return -1;
    }
    for (int i = 1; i < Math.min(end - 20, SHORT_PARAGRAPH); i++) {
      char c = text.charAt(i);
      if ((c == '\'' || c == '"' || c == '\u201c') && text.charAt(i - 1) == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static final String[] PAYLOAD_MARKERS = {"\n\n", ":\n", "?\n", ": '", ": \"", ": \u201c", ":\r\n",
      "\uff1a"};

  private static final Set<String> REFERS = Set.of("this", "these", "following", "below", "cet", "cette", "ces",
      "suivant", "suivante", "diese", "dieser", "dieses", "diesen", "diesem", "folgenden", "folgende", "este", "esta",
      "estos", "estas", "siguiente");

  private static boolean refersToText(String head) {
    return refersToText(Words.of(head));
  }

  /** Whether the words point at a text: "this", "these", "the following", "below" (and a few in other languages). */
  private static boolean refersToText(Words w) {
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      if (REFERS.contains(t)) {
        return true;
      }
    }
    return false;
  }

  private Classification decide(Map<TaskCategory, Double> score, List<Signal> signals, boolean input) {
    TaskCategory top = best(score, null, true);
    if (top == null) {
      return new Classification(TaskCategory.GENERAL, 0.3, signals, false);
    }
    if (input && settings.cheapCategories().contains(top) && score.get(top) >= WEAK_EVIDENCE
        && score.get(top) < settings.minScore() && noCapableEvidence(signals)) {
      // An instruction over pasted input, with nothing in it that asks for harder work: weak cheap
      // evidence is enough ("I need the flight number and gate from this: '...'").
      signals.add(SignalName.INSTRUCTION_OVER_INPUT.signal(top, 0, "weak evidence is enough over pasted input"));
      return new Classification(top, 0.5, signals, false);
    }
    double topScore = score.get(top);
    double second = 0;
    boolean topIsCheap = settings.cheapCategories().contains(top);
    for (Map.Entry<TaskCategory, Double> e : score.entrySet()) {
      // Confidence is about the tier: only evidence for the other side competes. Two cheap
      // categories in doubt are both cheap work; general evidence and a specific capable category
      // both go to the capable tier.
      if (!e.getKey().equals(top) && settings.cheapCategories().contains(e.getKey()) != topIsCheap) {
        second = Math.max(second, e.getValue());
      }
    }
    double confidence = Math.min(1.0, topScore / (topScore + second + 1.0));
    if (settings.cheapCategories().contains(top)) {
      double capable = 0;
      for (Map.Entry<TaskCategory, Double> e : score.entrySet()) {
        if (!settings.cheapCategories().contains(e.getKey())) {
          capable += e.getValue();
        }
      }
      // Rewriting code ("Convert this Python 2 to Python 3", "Translate this Java to Kotlin") is code work.
      boolean codeRewrite = top.equals(TaskCategory.TRANSFORMATION)
          && score.getOrDefault(TaskCategory.CODE, 0.0) >= settings.minScore();
      // A harder ask after the cheap one, a maths problem, or a summary of nothing given: whatever the cheap evidence.
      boolean harder = false;
      for (Signal s : signals) {
        harder |= SignalName.COMPOUND_REQUEST.is(s) || SignalName.MATH_PROBLEM.is(s) || SignalName.NO_INPUT.is(s);
      }
      if (codeRewrite || harder || capable >= settings.capableGuard() * topScore) {
        // Conservative: a hard task sent to a small model is the expensive mistake.
        TaskCategory hard = best(score, settings.cheapCategories(), false);
        TaskCategory chosen = hard == null || score.get(hard) < settings.minScore() ? TaskCategory.GENERAL : hard;
        signals.add(SignalName.CAPABLE_EVIDENCE.signal(chosen, 0, String.format(java.util.Locale.ROOT,
            "%.1f capable vs %.1f %s", capable, topScore, top)));
        return new Classification(chosen, Math.min(confidence, 0.5), signals, false);
      }
    }
    if (topScore < settings.minScore() || confidence < settings.minConfidence()) {
      return new Classification(TaskCategory.GENERAL, Math.min(confidence, 0.4), signals, false);
    }
    return new Classification(top, confidence, signals, false);
  }

  static final double WEAK_EVIDENCE = 1.0;

  private boolean noCapableEvidence(List<Signal> signals) {
    for (Signal s : signals) {
      if (!settings.cheapCategories().contains(s.category()) && s.weight() > Vocabulary.CONTEXT
          && !SignalName.TOO_SHORT.is(s)) {
        return false;
      }
    }
    return true;
  }

  /** The highest-scoring category in (or, with {@code inSet} false, outside) {@code set}; null set = all. */
  private static TaskCategory best(Map<TaskCategory, Double> score, Set<TaskCategory> set, boolean inSet) {
    TaskCategory best = null;
    for (Map.Entry<TaskCategory, Double> e : score.entrySet()) {
      if (set != null && set.contains(e.getKey()) != inSet) {
        continue;
      }
      if (e.getValue() > 0 && (best == null || e.getValue() > score.get(best))) {
        best = e.getKey();
      }
    }
    return best;
  }

  /**
   * The command around a pasted document: its first paragraph when that is short, else its last
   * paragraph when that is short, else the first and last few hundred characters. The document
   * itself is not read for phrases: words in a pasted report are not the user's instruction.
   */
  private static String instructionAroundDocument(String text) {
    int end = contentEnd(text);
    int closing = closingParagraph(text, 1);
    if (closing > 0) {
      // A question or a command after the paste is the instruction, even under a short title line.
      return text.substring(closing, end);
    }
    int firstBreak = text.indexOf("\n\n");
    if (firstBreak > 0 && firstBreak <= SHORT_PARAGRAPH) {
      return text.substring(0, firstBreak);
    }
    int lastBreak = lastParagraphBreak(text, end);
    if (lastBreak > 0) {
      return text.substring(lastBreak, end);
    }
    return text.substring(0, HEAD_CHARS) + "\n" + text.substring(text.length() - TAIL_CHARS);
  }

  /** Whether the paragraph at {@code from} opens with a polite word or a verb of the default vocabulary. */
  private static boolean startsWithCommand(String text, int from) {
    Words w = Words.of(text, from, Math.min(text.length(), from + 200), 8);
    if (w.size() == 0) {
      return false;
    }
    String first = w.get(0);
    if (first.equals("i") || first.equals("we")) {
      // "I need ...", "We'd like ...": a request; "We followed 2,000 adults ..." opens a pasted text
      return w.size() > 1 && REQUESTING.contains(w.get(1));
    }
    return COMMAND_WORDS.contains(first) || DEFAULT_VERBS.containsKey(first) || ASKING_VERBS.contains(first);
  }

  /** The default leading verbs, built once (not per call). */
  private static final Map<String, TaskCategory> DEFAULT_VERBS = Map.copyOf(Vocabulary.leadingVerbs());

  private static final Set<String> REQUESTING = Set.of("need", "want", "would", "'d", "d", "just", "only",
      "also", "don't", "dont", "do", "wish", "require");

  private static final Set<String> COMMAND_WORDS = Set.of("please", "pls", "can", "could", "now", "ok", "okay",
      "so", "then", "based", "using", "given", "from", "tell", "write", "give");

  private void leadingVerb(Words words, List<Signal> signals) {
    Map<TaskCategory, Signal> best = new HashMap<>();
    boolean first = true;
    String opener = "";
    for (int i = 0; i < words.size(); i++) {
      if (words.startsSentence(i)) {
        opener = words.get(i);
      } else if (!(words.followsComma(i) && INTRODUCTIONS.contains(opener))
          && !(READING.contains(opener) && words.get(i - 1).equals("and"))) {
        // "From the following posting, pull ...": a command after an introductory phrase counts too, and
        // so does the command after "Read this notice and ..."
        continue;
      }
      int j = i;
      boolean wanting = false;
      while (j < words.size() && settings.politeWords().contains(words.get(j)) && j - i < 6) {
        wanting |= words.get(j).equals("need") || words.get(j).equals("want");
        j++;
      }
      if (j < words.size()) {
        String verb = words.get(j);
        String next = j + 1 < words.size() ? words.get(j + 1) : "";
        TaskCategory c = settings.leadingVerbs().get(verb);
        double w = first ? 3.0 : 2.5;
        if (c == null && wanting && DETERMINERS.contains(verb)) {
          verb = "need"; // "I need the monthly rent, the deposit and ...": asking for things, like "give me"
        }
        if (c != null && verb.equals("decide") && (next.equals("whether") || next.equals("if"))) {
          c = TaskCategory.CLASSIFICATION; // "Decide whether this is spam": a yes/no label
        } else if (c != null && (verb.equals("sort") || verb.equals("group")) && !intoBins(words, j + 1)) {
          c = null; // "Sort it by age", "sort out my finances": not putting items into given bins
        } else if (c == null && verb.equals("sum") && namesText(words, j + 1)) {
          c = TaskCategory.SUMMARIZATION; // "Sum the following article in brief"; "sum these numbers" is maths
        } else if (c == null && ASKING_VERBS.contains(verb)) {
          c = TaskCategory.EXTRACTION; // "Find the tracking number", "Give me all the emails": weak alone
          w = 1.5;
        }
        if (c != null) {
          Signal prev = best.get(c);
          if (prev == null || prev.weight() < w) {
            best.put(c, SignalName.LEADING_VERB.signal(c, w, verb));
          }
        }
      }
      first = false;
    }
    signals.addAll(best.values());
  }

  /** "... into travel, food or office", "... under 'urgent' or 'can wait'": bins follow within a few words. */
  private static boolean intoBins(Words w, int from) {
    for (int k = from; k < Math.min(w.size(), from + 8); k++) {
      String t = w.get(k);
      if (t.equals("into") || t.equals("under") || t.equals("as")) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the next few words names a text ("the following article", "this dialog", "up"). */
  private static boolean namesText(Words w, int from) {
    for (int k = from; k < Math.min(w.size(), from + 4); k++) {
      if (TEXT_NOUNS.contains(w.get(k))) {
        return true;
      }
    }
    return false;
  }

  private static final Set<String> TEXT_NOUNS = Set.of("up", "article", "articles", "text", "passage", "paragraph",
      "dialog", "dialogue", "conversation", "email", "mail", "story", "review", "reviews", "document", "report",
      "thread", "chat", "transcript", "post", "message", "letter", "essay", "news", "notes", "meeting", "call",
      "discussion");

  /**
   * A cheap task with a harder ask coordinated after it is the harder task: "Extract the action
   * items and propose a timeline", "Translate this and tell me whether the terms favour us",
   * "Classify each transaction, then work out how much I can deduct". Looks at every clause after
   * the first — after "and"/"then" (or und, y, et...), a comma or a new sentence — for a verb that
   * asks for judgement, planning, explanation or a new piece of writing. Verbs that are also nouns
   * ("plan", "design", "estimate", "write") count only when an object follows ("and design the
   * tables", "and write a reply"), so "extract the name and design" is still a list of fields.
   * "Tell me whether ..." is a label when the instruction asks for one ("... whether it's positive
   * or negative"). A question sentence after a cheap command that holds a strong capable phrase is
   * a harder ask too ("Translate this. Is the tone appropriate for a client?"). The decision treats
   * the signal like code rewriting: the cheap category loses.
   */
  private void compoundRequest(Words w, int[] roles, List<PhraseTable.Match> phrasesSaid, List<Signal> signals) {
    boolean labels = false;
    boolean cheapCommand = false;
    for (Signal s : signals) {
      labels |= s.category().equals(TaskCategory.CLASSIFICATION) && s.weight() >= Vocabulary.STRONG;
      cheapCommand |= SignalName.LEADING_VERB.is(s) && settings.cheapCategories().contains(s.category());
    }
    for (PhraseTable.Match m : phrasesSaid) {
      PhraseTable.Phrase p = m.phrase();
      if (cheapCommand && w.inQuestion(m.at()) && laterSentence(w, m.at()) && p.weight() >= Vocabulary.STRONG
          && !settings.cheapCategories().contains(p.category())) {
        signals.add(SignalName.COMPOUND_REQUEST.signal(p.category(), 2.5, p.text() + " ...?"));
        return;
      }
    }
    for (int i = 1; i < w.size(); i++) {
      if (!(w.startsSentence(i) || w.followsComma(i) || (roles[i - 1] & COORDINATING) != 0)) {
        continue;
      }
      int j = i;
      boolean simple = false;
      while (j < w.size() && j - i < 3 && ((roles[j] & COORDINATING) != 0 || SIMPLY.contains(w.get(j))
          || settings.politeWords().contains(w.get(j)))) {
        simple |= SIMPLY.contains(w.get(j)); // "..., just explain what it says": declared the whole, simple ask
        j++;
      }
      // an item in a list of labels ("feat, fix, refactor, docs") is not an ask
      String after = j + 1 < w.size() ? w.get(j + 1) : "";
      boolean listItem = (j + 1 >= w.size() || w.followsComma(j + 1) || after.equals("or"))
          && !WHETHER.contains(after) && !OBJECT_STARTS.contains(after);
      TaskCategory c = j < w.size() && !simple && !listItem ? harderAsk(w, j, labels) : null;
      if (c != null) {
        signals.add(SignalName.COMPOUND_REQUEST.signal(c, 2.5, w.get(j)));
        return;
      }
    }
  }

  /** Whether word {@code at} is in a sentence after the first one. */
  private static boolean laterSentence(Words w, int at) {
    for (int k = at; k > 0; k--) {
      if (w.startsSentence(k)) {
        return true;
      }
    }
    return false;
  }

  /** The category of the harder ask that starts at word {@code j}, or null when it is no harder ask. */
  private static TaskCategory harderAsk(Words w, int j, boolean labels) {
    String verb = w.get(j);
    int k = j + 1;
    while (k < w.size() && k - j < 3 && ASKED.contains(w.get(k))) {
      k++; // "tell me", "let me know", "dis-moi", "sag mir"
    }
    String next = k < w.size() ? w.get(k) : "";
    if (TELLING.contains(verb)) {
      if (WHETHER.contains(next) || next.equals("which")) {
        return labels ? null : TaskCategory.REASONING; // "... and tell me whether it's positive or negative" is a label
      }
      return next.equals("how") || next.equals("why") ? TaskCategory.REASONING : null;
    }
    if (CHECKING.contains(verb)) {
      // "and check each one for errors", "then verify that the totals match": checking is judgement
      String object = j + 1 < w.size() ? w.get(j + 1) : "";
      if (WHETHER.contains(object)) {
        return labels ? null : TaskCategory.REASONING;
      }
      return OBJECT_STARTS.contains(object) || object.equals("for") ? TaskCategory.REASONING : null;
    }
    TaskCategory c = HARDER_ASKS.get(verb);
    if (c != null) {
      return verb.equals("decide") && WHETHER.contains(next) ? null : c;
    }
    c = HARDER_ASKS_WITH_OBJECT.get(verb);
    String object = j + 1 < w.size() ? w.get(j + 1) : "";
    if (c == null) {
      return null;
    }
    if (verb.equals("figure") || verb.equals("work") || verb.equals("point")) {
      return object.equals("out") ? c : null;
    }
    if (verb.equals("come")) {
      return object.equals("up") ? c : null;
    }
    if (WRITING.contains(verb)) {
      // writing something new ("write a reply", "draft the dataclasses", "write me 3 ideas"), not
      // putting the result somewhere ("write them as CSV", "write each on its own line")
      return object.isEmpty() || NOT_NEW.contains(object) ? null : c;
    }
    return OBJECT_STARTS.contains(object) ? c : null;
  }

  private static final Set<String> COORDINATORS = Set.of("and", "then", "also", "plus", "finally", "afterwards",
      "but", "und", "dann", "aber", "y", "luego", "después", "pero", "et", "puis", "ensuite", "mais");
  private static final Set<String> SIMPLY = Set.of("just", "only", "simply", "merely");
  private static final Set<String> TELLING = Set.of("tell", "let", "say", "dime", "dis", "sag", "sage");
  private static final Set<String> CHECKING = Set.of("check", "verify", "confirm", "validate", "double");
  private static final Set<String> ASKED = Set.of("me", "us", "know", "moi", "mir", "uns");
  private static final Set<String> WHETHER = Set.of("whether", "if", "si", "ob");
  private static final Set<String> WRITING = Set.of("write", "draft", "compose", "create");
  private static final Set<String> NOT_NEW = Set.of("them", "it", "down", "out", "back", "each", "every", "all",
      "these", "those", "this", "that", "in", "as", "to", "on", "into", "one", "per");
  private static final Set<String> OBJECT_STARTS = Set.of("the", "a", "an", "this", "that", "these", "those", "it",
      "them", "my", "our", "your", "their", "its", "how", "what", "which", "who", "whether", "if", "why", "when",
      "where", "each", "every", "all", "some", "any");
  private static final Map<String, TaskCategory> HARDER_ASKS = new HashMap<>();
  private static final Map<String, TaskCategory> HARDER_ASKS_WITH_OBJECT = new HashMap<>();

  static {
    for (String v : List.of("propose", "suggest", "recommend", "advise", "judge", "argue", "predict", "explain",
        "justify", "evaluate", "assess", "analyse", "analyze", "compare", "prove", "derive", "deduce", "solve",
        "calculate", "compute", "critique", "criticise", "criticize", "prioritise", "prioritize", "improve",
        "diagnose", "weigh", "interpret", "discuss", "decide", "erkläre", "erklären", "bewerte", "beurteile",
        "begründe", "schlage", "explica", "explique", "expliquez", "evalúa", "evalua", "évalue", "évaluez",
        "sugiere", "suggère", "suggérez", "propón", "propon", "proposez", "recomienda", "recommande", "recommandez",
        "analiza", "analysez")) {
      HARDER_ASKS.put(v, TaskCategory.REASONING);
    }
    for (String v : List.of("implement", "debug", "refactor", "optimize", "optimise")) {
      HARDER_ASKS.put(v, TaskCategory.CODE);
    }
    for (String v : List.of("brainstorm", "imagine", "invent")) {
      HARDER_ASKS.put(v, TaskCategory.CREATIVE);
    }
    for (String v : List.of("plan", "schedule", "design", "estimate", "rank", "reason", "figure", "work", "point")) {
      HARDER_ASKS_WITH_OBJECT.put(v, TaskCategory.REASONING);
    }
    for (String v : List.of("code", "program")) {
      HARDER_ASKS_WITH_OBJECT.put(v, TaskCategory.CODE);
    }
    for (String v : List.of("write", "draft", "compose", "create", "come", "review")) {
      HARDER_ASKS_WITH_OBJECT.put(v, TaskCategory.GENERAL);
    }
  }

  /**
   * The shape of a maths or logic problem, which goes to the capable tier whatever verb is in
   * front of it ("Extract the answer: ...", "Classify your answers into a-e"): the word "solve" or
   * "the solution to"; lettered answer choices (a-e) around numbers; or numbers with a question
   * about a quantity ("how many ... in total", "what is the average"). The numbers are read in the
   * instruction when the text has a pasted part, else in the whole (short) text — a word problem's
   * numbers are in its statement. Counting over pasted text is the exception: "How many times does
   * 'refund' appear in this email?" (no numbers of its own, input after it) is a lookup.
   */
  private void problemShape(String text, String said, Words instruction, int[] roles, boolean pasted,
      boolean document, List<Signal> signals) {
    boolean quantity = false;
    boolean arithmetic = false;
    boolean howMany = false;
    boolean choosing = false;
    String cue = null;
    for (int i = 0; i < instruction.size(); i++) {
      int r = roles[i];
      if (r == 0) {
        continue;
      }
      String t = instruction.get(i);
      choosing |= (r & CHOOSING_WORD) != 0;
      String next = i + 1 < instruction.size() ? instruction.get(i + 1) : "";
      if ((r & SOLVING) != 0 && (!t.equals("solution") || next.equals("to") || next.equals("of"))) {
        cue = t;
      } else if (t.equals("how") && HOW_QUANTITY.contains(next)) {
        quantity = true;
        howMany |= next.equals("many");
      } else if (((r & ARITHMETIC_WORD) != 0 && !notArithmetic(instruction, i)) || (t.equals("in") && next.equals("all"))
          || (r & MATH_OBJECT) != 0) {
        quantity = true;
        arithmetic = true;
      }
    }
    // Numbers in pasted input are not the problem's, unless the input is itself a question.
    String numbersIn = (pasted || document) && text.charAt(contentEnd(text) - 1) != '?' ? said : text;
    boolean quoted = quotedSpan(said);
    if (cue == null && howMany && (pasted || quoted) && !arithmetic && CodeShape.numbers(said, 1) == 0
        && (refersToText(said) || said.contains("times") || quoted)) {
      // counting in pasted text: the question has no quantities of its own
      boolean replaced = signals.removeIf(s -> SignalName.PHRASE.is(s) && s.detail().equals("how many"));
      if (replaced) {
        signals.add(SignalName.COUNTING.signal(TaskCategory.EXTRACTION, Vocabulary.STRONG, "how many ... in the text"));
      }
      return;
    }
    if (cue == null && quantity && CodeShape.numbers(numbersIn, 2) >= 2) {
      cue = "numbers and a quantity asked";
    }
    if (cue == null && choosing && !document && CodeShape.answerChoices(text) && CodeShape.numbers(text, 2) >= 2) {
      cue = "answer choices around numbers";
    }
    if (cue != null) {
      signals.add(SignalName.MATH_PROBLEM.signal(TaskCategory.REASONING, Vocabulary.STRONG, cue));
    }
  }

  /**
   * "Summarise the arguments for and against a four-day week", "Summarize the plot of Hamlet": a
   * summary with nothing given to summarise is written from the model's knowledge. Fires for
   * summary evidence in a lone user message (no system prompt, no earlier turns) with no input in it:
   * nothing pasted or quoted, no colon or line break, no CJK, and no word pointing at a text
   * ("this", "the following", "my notes", "it").
   */
  private static void nothingToSummarise(ChatRequest request, String text, String said, Words instruction,
      boolean pasted, List<Signal> signals) {
    boolean summary = false;
    for (Signal s : signals) {
      summary |= s.category().equals(TaskCategory.SUMMARIZATION) && s.weight() >= Vocabulary.STRONG;
    }
    if (!summary || pasted || request.messages().size() != 1 || !said.equals(text) || text.indexOf(':') >= 0
        || text.indexOf('\n') >= 0 || quotedSpan(text) || hasCjk(instruction)) {
      return;
    }
    for (int i = 0; i < instruction.size(); i++) {
      if (INPUT_REFERENCES.contains(instruction.get(i)) || REFERS.contains(instruction.get(i))
          || POINTING.contains(instruction.get(i))) {
        return;
      }
    }
    signals.add(SignalName.NO_INPUT.signal(TaskCategory.GENERAL, Vocabulary.STRONG, "nothing given to summarise"));
  }

  private static final Set<String> POINTING = Set.of("it", "here", "attached", "enclosed", "those", "your",
      "thread", "conversation", "chat", "email", "call", "meeting");

  /** Whether {@code s} quotes something inline: "in the word 'encyclopedia'". */
  private static boolean quotedSpan(String s) {
    int open = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == '\'' || c == '"' || c == '\u201c' || c == '\u2018') && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
        open = i;
      } else if (open >= 0 && i > open + 1 && (c == '\'' || c == '"' || c == '\u201d' || c == '\u2019')
          && (i + 1 == s.length() || !Character.isLetter(s.charAt(i + 1)))) {
        return true;
      }
    }
    return false;
  }

  /** "how many times" (counting), "sum up" and "sum the article" (summaries) are not arithmetic. */
  private static boolean notArithmetic(Words w, int i) {
    String t = w.get(i);
    return (t.equals("times") && i > 0 && w.get(i - 1).equals("many"))
        || (t.equals("sum") && namesText(w, i + 1));
  }

  /** Objects of school maths: with numbers beside them, a problem ("the triangle with sides 3, 4 and 5"). */
  private static final Set<String> MATH_OBJECTS = Set.of("triangle", "angle", "angles", "perimeter", "area",
      "radius", "diameter", "circumference", "hypotenuse", "prime", "primes", "divisible", "fraction", "fractions",
      "ratio", "probability", "equation", "sequence", "digits");
  private static final Set<String> SOLVE = Set.of("solve", "solving", "resuelve", "resolver", "löse", "lösen",
      "résous", "résoudre", "risolvi", "solution");
  /** Words that say the letters are answer choices, not a legal list "(a) ... (b) ... (c)". */
  private static final Set<String> CHOOSING = Set.of("answer", "answers", "option", "options", "choice", "choices",
      "correct", "choose", "pick", "select");
  private static final Set<String> HOW_QUANTITY = Set.of("many", "much", "long", "far", "old", "fast");
  private static final Set<String> ARITHMETIC = Set.of("total", "altogether", "left", "remain", "remains",
      "remaining", "average", "sum", "difference", "percent", "percentage", "plus", "minus", "divided", "equals",
      "squared", "speed", "times");

  /**
   * "Rate the politeness of this reply from 1 to 5", "Score each headline 0-3", "On a scale of 1-10,
   * how positive is this?": a rating on a given scale is a label.
   */
  private static void scale(Words w, int[] roles, boolean pasted, List<Signal> signals) {
    boolean rating = false;
    String range = null;
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      rating |= (roles[i] & RATING_WORD) != 0;
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
    if (rating && range != null && (pasted || refersToText(w))) {
      signals.add(SignalName.SCALE.signal(TaskCategory.CLASSIFICATION, Vocabulary.STRONG, range));
    }
  }

  private static final Set<String> RATING = Set.of("rate", "rating", "score", "grade", "scale", "stars");

  /**
   * What a word can mean to the compound, problem and scale rules, as bits: one lookup per word of
   * the instruction instead of one per rule and set.
   */
  private static final int COORDINATING = 1;
  private static final int SOLVING = 2;
  private static final int ARITHMETIC_WORD = 4;
  private static final int MATH_OBJECT = 8;
  private static final int CHOOSING_WORD = 16;
  private static final int RATING_WORD = 32;
  private static final int HOW = 64;
  private static final Map<String, Integer> ROLES = new HashMap<>();

  static {
    Map<Set<String>, Integer> sets = new LinkedHashMap<>();
    sets.put(COORDINATORS, COORDINATING);
    sets.put(SOLVE, SOLVING);
    sets.put(ARITHMETIC, ARITHMETIC_WORD);
    sets.put(MATH_OBJECTS, MATH_OBJECT);
    sets.put(CHOOSING, CHOOSING_WORD);
    sets.put(RATING, RATING_WORD);
    sets.put(Set.of("how", "in"), HOW);
    sets.forEach((words, bit) -> words.forEach(word -> ROLES.merge(word, bit, (a, b) -> a | b)));
  }

  private static int[] roles(Words w) {
    int[] r = new int[w.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = ROLES.getOrDefault(w.get(i), 0);
    }
    return r;
  }

  private static boolean isSmallNumber(String t) {
    return !t.isEmpty() && t.length() <= 3 && Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(t.length() - 1));
  }

  /** "Give me the gist": an asking verb says nothing when a strong phrase says what is asked for. */
  private static void dropAskingVerbBeside(List<Signal> signals) {
    boolean strongElsewhere = false;
    for (Signal s : signals) {
      strongElsewhere |= SignalName.PHRASE.is(s) && s.weight() >= Vocabulary.STRONG
          && !s.category().equals(TaskCategory.EXTRACTION);
    }
    if (strongElsewhere) {
      signals.removeIf(s -> SignalName.LEADING_VERB.is(s) && ASKING_VERBS.contains(s.detail()));
    }
  }

  /** Verbs that only say what to look at: the command is the verb after "and" ("Read this and tell me ..."). */
  private static final Set<String> READING = Set.of("read", "look", "see", "take", "scan", "check", "go");
  private static final Set<String> DETERMINERS = Set.of("the", "all", "every", "each", "any");

  /** Sentence openers after which the command comes after a comma. */
  private static final Set<String> INTRODUCTIONS = Set.of("from", "in", "for", "based", "using", "given", "with",
      "after", "reading", "looking", "below", "above", "attached", "without", "no", "don't", "dont", "do", "skip",
      "never", "forget", "ignore", "instead", "rather", "not", "i");
  /** Verbs that ask for something to be found or handed over: evidence for extraction, never enough alone. */
  private static final Set<String> ASKING_VERBS = Set.of("find", "list", "get", "give", "show", "pick", "tell",
      "need");


  /** Adds a signal per phrase that counts; returns those phrases (with their positions). */
  private List<PhraseTable.Match> phraseSignals(Words words, List<Signal> signals) {
    List<PhraseTable.Match> counted = new ArrayList<>();
    Map<TaskCategory, Double> total = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<PhraseTable.Match> matches = phrases.matches(words);
    if (!cjkPhrases.isEmpty()) {
      matches.addAll(cjkPhrases.matches(words));
    }
    boolean[] negated = negated(words);
    for (PhraseTable.Match m : matches) {
      PhraseTable.Phrase p = m.phrase();
      if ((negated != null && negated[m.at()]) || reported(words, m) || namesTheInput(words, m)
          || !seen.add(p.text())) {
        continue;
      }
      double room = PHRASE_CAP - total.getOrDefault(p.category(), 0.0);
      if (room <= 0) {
        continue;
      }
      double w = Math.min(room, JUDGEMENT_NOUNS.contains(p.text()) && m.at() > 0 && SEARCHING.contains(words.get(m.at() - 1))
          ? Vocabulary.RECOMMENDATION : p.weight());
      total.merge(p.category(), w, Double::sum);
      signals.add(SignalName.PHRASE.signal(p.category(), w, p.text()));
      counted.add(m);
    }
    return counted;
  }

  /**
   * Which words sit inside a negated command, or null when there is none: "Don't evaluate the
   * design, just give me the gist", "Without explaining why, label ...", "I don't want your
   * opinion, just ...", "Skip the critique, ...". A negated clause opens a sentence or follows a
   * comma and runs to the next comma, sentence, "and", or "just"/"only"/"but"; its words are not
   * evidence. "Don't just summarise it" negates nothing (see the phrase "don't just").
   */
  private static boolean[] negated(Words w) {
    boolean[] out = null;
    for (int i = 0; i < w.size(); i++) {
      if (!(w.startsSentence(i) || w.followsComma(i))) {
        continue;
      }
      int j = i;
      boolean subject = j < w.size() && (w.get(j).equals("i") || w.get(j).equals("we"));
      if (subject || (j < w.size() && w.get(j).equals("please"))) {
        j++;
      }
      int k = j + negatorLength(w, j);
      if (k == j || (k < w.size() && SCOPE_ENDS.contains(w.get(k)))) {
        continue;
      }
      if (subject && !(k < w.size() && (w.get(k).equals("want") || w.get(k).equals("need")))) {
        continue; // "I don't want your opinion" is a negated request; "I don't know why" is not
      }
      for (; k < w.size() && !w.startsSentence(k) && !w.followsComma(k) && !SCOPE_ENDS.contains(w.get(k)); k++) {
        if (out == null) {
          out = new boolean[w.size()];
        }
        out[k] = true;
      }
    }
    return out;
  }

  /** How many words at {@code j} say "do not": "don't", "do not", "no need to", "without", "skip"...; 0 if none. */
  private static int negatorLength(Words w, int j) {
    if (j >= w.size()) {
      return 0;
    }
    String a = w.get(j);
    String b = j + 1 < w.size() ? w.get(j + 1) : "";
    if ((a.equals("do") && b.equals("not")) || (a.equals("never") && b.equals("mind"))
        || (a.equals("instead") && b.equals("of")) || (a.equals("rather") && b.equals("than"))) {
      return 2;
    }
    return NEGATORS.contains(a) ? 1 : 0;
  }

  private static final Set<String> NEGATORS = Set.of("don't", "dont", "never", "no", "without", "skip", "forget",
      "not", "ignore");
  private static final Set<String> SCOPE_ENDS = Set.of("just", "only", "simply", "merely", "but", "and", "instead");

  /**
   * "Summarise the pros and cons mentioned in these reviews", "List the risks the author raises",
   * "Would the reviewer recommend it?": trade-offs, risks and recommendations reported by a text
   * are a summary of it or a label, not a judgement asked of the model. Such a phrase (a trade-off,
   * a judgement noun, a recommendation) followed within a few words by a word that attributes it to
   * a text, or with a third person just before it, does not count, nor does a trade-off that a
   * summary is asked of ("a short summary of the main pros and cons"); "the pros and cons of
   * leasing", "what would you recommend" still do (and a summary with nothing given is capable anyway).
   */
  private static boolean reported(Words w, PhraseTable.Match m) {
    String p = m.phrase().text();
    boolean recommendation = m.phrase().weight() >= Vocabulary.RECOMMENDATION;
    boolean judgement = JUDGEMENT_NOUNS.contains(p);
    if (!TRADE_OFFS.contains(p) && !recommendation && !judgement) {
      return false;
    }
    int after = m.at() + m.phrase().words().length;
    if (judgement && after < w.size() && NOUN_HEADS.contains(w.get(after))) {
      return true; // "the liability cap", "the risks section": a field or a part of the text
    }
    for (int k = Math.max(0, m.at() - 4); k < m.at(); k++) {
      if ((k >= m.at() - 2 && THIRD_PERSON.contains(w.get(k))) || (TRADE_OFFS.contains(p) && SUMMING.contains(w.get(k)))) {
        return true; // "would they recommend", "a short summary of the main pros and cons"
      }
    }
    int from = m.at() + m.phrase().words().length;
    for (int k = from; k < Math.min(w.size(), from + 6); k++) {
      if (ATTRIBUTIONS.contains(w.get(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * "What is the mood of this poem?", "Summarise my story": a creative noun after "this", "these",
   * "the following" or "my" names the input, not the task.
   */
  private static boolean namesTheInput(Words w, PhraseTable.Match m) {
    return m.phrase().category().equals(TaskCategory.CREATIVE) && m.at() > 0 && INPUT_REFERENCES.contains(w.get(m.at() - 1));
  }

  private static final Set<String> INPUT_REFERENCES = Set.of("this", "these", "that", "following", "above",
      "below", "my", "our");
  private static final Set<String> THIRD_PERSON = Set.of("they", "he", "she", "reviewer", "reviewers", "customer",
      "customers", "author", "authors", "writer", "user", "users", "report", "article", "text");
  private static final Set<String> JUDGEMENT_NOUNS = Set.of("risks", "fallacy", "fallacies", "loophole",
      "loopholes", "weaknesses", "inconsistencies", "red flags", "liability", "liabilities", "assumption",
      "assumptions");
  /** Words in front of a judgement noun that make it a search: "any risks", "the logical fallacy". */
  private static final Set<String> SEARCHING = Set.of("any", "all", "potential", "possible", "hidden", "main",
      "biggest", "major", "key", "logical", "legal", "obvious", "every");
  private static final Set<String> NOUN_HEADS = Set.of("cap", "caps", "limit", "limits", "clause", "clauses",
      "section", "insurance", "level", "levels", "score", "rating", "register", "class", "category", "amount");
  private static final Set<String> SUMMING = Set.of("summary", "summarise", "summarize", "recap", "overview", "gist",
      "sum");
  private static final Set<String> TRADE_OFFS = Set.of("pros and cons", "trade off", "trade offs", "tradeoff",
      "tradeoffs", "advantages and disadvantages", "strengths and weaknesses", "benefits and drawbacks");
  private static final Set<String> ATTRIBUTIONS = Set.of("mentioned", "given", "gives", "listed", "discussed",
      "raised", "raises", "described", "stated", "cited", "expressed", "noted", "named", "reported", "identified",
      "author", "authors", "reviewer", "reviewers", "writer", "text", "article", "paragraph", "review", "reviews",
      "passage", "thread", "document", "email", "transcript", "comments", "feedback", "report", "minutes", "notes");

  private static void structure(ChatRequest request, List<Signal> signals) {
    String type = request.responseFormatType().orElse("");
    if (type.equals("json_schema")) {
      signals.add(SignalName.JSON_SCHEMA.signal(TaskCategory.EXTRACTION, 2.0, "response_format json_schema"));
    } else if (type.equals("json_object")) {
      signals.add(SignalName.JSON_MODE.signal(TaskCategory.EXTRACTION, 1.0, "response_format json_object"));
    }
    if (request.hasTools()) {
      signals.add(SignalName.TOOLS.signal(TaskCategory.GENERAL, 1.0, "the model may call tools"));
    }
    request.maxTokens().ifPresent(max -> {
      if (max <= 5) {
        signals.add(SignalName.MAX_TOKENS.signal(TaskCategory.CLASSIFICATION, 1.5, "max_tokens " + max));
      } else if (max <= 16) {
        signals.add(SignalName.MAX_TOKENS.signal(TaskCategory.CLASSIFICATION, 1.0, "max_tokens " + max));
      }
    });
    request.temperature().ifPresent(t -> {
      if (t >= 1.0) {
        signals.add(SignalName.TEMPERATURE.signal(TaskCategory.CREATIVE, 1.0, "temperature " + t));
      }
    });
  }

  private static void textShape(String text, String head, Words instruction, boolean document,
      List<Signal> signals) {
    // Maths and question marks count in the instruction only: a pasted chat log or price list is input.
    CodeShape code = CodeShape.of(text);
    if (code.stackTrace()) {
      signals.add(SignalName.STACK_TRACE.signal(TaskCategory.CODE, 3.0, code.detail()));
    } else if (code.fencedCode()) {
      signals.add(SignalName.CODE_BLOCK.signal(TaskCategory.CODE, 2.0, code.detail()));
    } else if (code.codeLike()) {
      signals.add(SignalName.CODE_LIKE.signal(TaskCategory.CODE, 1.5, code.detail()));
    }
    int math = CodeShape.mathOperators(head);
    if (math >= 2 || CodeShape.hasMathSymbol(head)) {
      signals.add(SignalName.MATH.signal(TaskCategory.REASONING, 2.0, math + " operators"));
    }
    int questions = 0;
    for (int i = 0; i < head.length(); i++) {
      if (head.charAt(i) == '?') {
        questions++;
      }
    }
    if (questions >= 3) {
      signals.add(SignalName.SEVERAL_QUESTIONS.signal(TaskCategory.GENERAL, 2.0, questions + " questions"));
    }
    if (!document && instruction.size() > 0 && instruction.size() <= 4 && questions == 0 && !hasCjk(instruction)) {
      signals.add(SignalName.TOO_SHORT.signal(TaskCategory.GENERAL, 0.5, instruction.size() + " words"));
    }
  }

  /** Whether any word is CJK: word counts mean nothing in a script without spaces. */
  private static boolean hasCjk(Words w) {
    for (int i = 0; i < w.size(); i++) {
      if (w.isCjk(i)) {
        return true;
      }
    }
    return false;
  }

  private void systemPrompt(List<Words> system, List<Signal> signals) {
    Set<String> seen = new HashSet<>();
    for (Words w : system) {
      Map<TaskCategory, Double> total = new HashMap<>();
      for (PhraseTable.Match match : systemPhrases.matches(w)) {
        PhraseTable.Phrase p = match.phrase();
        if (seen.add(p.text()) && total.getOrDefault(p.category(), 0.0) < 1.5) {
          total.merge(p.category(), p.weight(), Double::sum);
          signals.add(SignalName.SYSTEM_PROMPT.signal(p.category(), p.weight(), p.text()));
        }
      }
    }
  }
}
