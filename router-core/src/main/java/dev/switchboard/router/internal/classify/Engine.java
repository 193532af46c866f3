package dev.switchboard.router.internal.classify;

import dev.switchboard.router.ChatMessage;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.Classification;
import dev.switchboard.router.Signal;
import dev.switchboard.router.TaskCategory;
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
public final class Engine {
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
  private final PhraseTable systemPhrases;

  public Engine(Settings settings) {
    this.settings = settings;
    this.phrases = new PhraseTable(settings.phrases());
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
    phraseSignals(instruction, signals);
    dropAskingVerbBeside(signals);
    structure(request, signals);
    textShape(text, said, instruction, document, signals);
    List<Words> system = systemWords(request);
    systemPrompt(system, signals);
    List<Signal> systemTask = systemTask(system);
    List<Signal> task = decisiveOnly(systemTask);
    if (!task.isEmpty() && userTurnIsInput(signals, text)) {
      // The system prompt sets the task and the user turn is only the input to it ("You classify
      // tweets..." + a tweet): words in the input are not instructions.
      signals.removeIf(s -> USER_WORDING.contains(s.name()));
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
        Signal s = new Signal("instruction-over-document", cheap, 1.0, text.length() + " chars");
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
   * input when it asks or commands ("... Is this an automatic renewal clause? yes or no."); for a
   * long document, see {@link #instructionAroundDocument}.
   */
  static String instructionText(String text) {
    if (text.length() > DOCUMENT_CHARS) {
      return instructionAroundDocument(text);
    }
    int payload = payloadStart(text);
    if (payload <= 0) {
      return text;
    }
    String head = text.substring(0, payload);
    int end = contentEnd(text);
    int lastBreak = text.lastIndexOf("\n\n", end - 1);
    if (lastBreak >= payload && end - lastBreak <= SHORT_PARAGRAPH
        && (text.indexOf('?', lastBreak) >= 0 || startsWithCommand(text, lastBreak))) {
      return head + "\n" + text.substring(lastBreak, end);
    }
    return head;
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
  private static final Set<String> USER_WORDING = Set.of("phrase", "math", "several-questions", "too-short",
      "leading-verb");

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
        out.add(new Signal("system-instruction", f.category(), f.weight() * SYSTEM_DISCOUNT, f.detail()));
      }
    }
    return out;
  }

  /** No command of the user's own (no leading verb, no short question): the turn is input. */
  private static boolean userTurnIsInput(List<Signal> signals, String text) {
    for (Signal s : signals) {
      if (s.name().equals("leading-verb") && !ASKING_VERBS.contains(s.detail())) {
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
            if (!settings.cheapCategories().contains(e.category()) && !e.name().equals("too-short")) {
              capable += e.weight();
            }
          }
          TaskCategory task = best(earlierScore, null, true);
          // A cheap task is carried over only from a turn with no hint of harder work in it.
          boolean clean = capable == 0 || !settings.cheapCategories().contains(task);
          if (task != null && clean && earlierScore.get(task) >= settings.minScore()) {
            Signal s = new Signal("follow-up", task, settings.minScore(), "continues a " + task + " turn");
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
    if (mark > 0) {
      // the first word of the sentence that ends with the question mark
      int from = mark - 1;
      while (from >= 0 && ".!?\n".indexOf(head.charAt(from)) < 0) {
        from--;
      }
      Words question = Words.of(head, from + 1, mark, 60);
      int first = 0;
      while (first < question.size() && settings.politeWords().contains(question.get(first))) {
        first++;
      }
      String w = first < question.size() ? question.get(first) : "";
      if (YES_NO.contains(w) || (either && WH.contains(w))) {
        c = TaskCategory.CLASSIFICATION;
        cue = w;
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
      Signal s = new Signal("question-about-text", c, 2.0, cue + " ...?");
      signals.add(s);
      score.merge(c, s.weight(), Double::sum);
    }
  }

  private static final Set<String> WH = Set.of("who", "what", "what's", "whats", "when", "where", "which",
      "whose");
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

  private static final String[] PAYLOAD_MARKERS = {"\n\n", ":\n", "?\n", ": '", ": \"", ": \u201c", ":\r\n"};

  private static boolean refersToText(String head) {
    Words w = Words.of(head);
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      if (t.equals("this") || t.equals("these") || t.equals("following") || t.equals("below")) {
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
      signals.add(new Signal("instruction-over-input", top, 0, "weak evidence is enough over pasted input"));
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
      if (codeRewrite || capable >= settings.capableGuard() * topScore) {
        // Conservative: a hard task sent to a small model is the expensive mistake.
        TaskCategory hard = best(score, settings.cheapCategories(), false);
        TaskCategory chosen = hard == null || score.get(hard) < settings.minScore() ? TaskCategory.GENERAL : hard;
        signals.add(new Signal("capable-evidence", chosen, 0, String.format(java.util.Locale.ROOT,
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
          && !s.name().equals("too-short")) {
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
    int firstBreak = text.indexOf("\n\n");
    int end = contentEnd(text);
    int lastBreak = text.lastIndexOf("\n\n", end - 1);
    boolean lastShort = lastBreak > 0 && end - lastBreak <= SHORT_PARAGRAPH;
    if (lastShort && (text.indexOf('?', lastBreak) >= 0 || startsWithCommand(text, lastBreak))) {
      // A question or a command after the paste is the instruction, even under a short title line.
      return text.substring(lastBreak, end);
    }
    if (firstBreak > 0 && firstBreak <= SHORT_PARAGRAPH) {
      return text.substring(0, firstBreak);
    }
    if (lastShort) {
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
    return COMMAND_WORDS.contains(first) || Vocabulary.leadingVerbs().containsKey(first) || ASKING_VERBS.contains(first);
  }

  private static final Set<String> COMMAND_WORDS = Set.of("please", "pls", "can", "could", "now", "ok", "okay",
      "so", "then", "based", "using", "given", "from", "tell", "write", "give", "i", "we");

  private void leadingVerb(Words words, List<Signal> signals) {
    Map<TaskCategory, Signal> best = new HashMap<>();
    boolean first = true;
    String opener = "";
    for (int i = 0; i < words.size(); i++) {
      if (words.startsSentence(i)) {
        opener = words.get(i);
      } else if (!(words.followsComma(i) && INTRODUCTIONS.contains(opener))) {
        // "From the following posting, pull ...": a command after an introductory phrase counts too
        continue;
      }
      int j = i;
      while (j < words.size() && settings.politeWords().contains(words.get(j)) && j - i < 6) {
        j++;
      }
      if (j < words.size()) {
        String verb = words.get(j);
        String next = j + 1 < words.size() ? words.get(j + 1) : "";
        TaskCategory c = settings.leadingVerbs().get(verb);
        double w = first ? 3.0 : 2.5;
        if (c != null && verb.equals("decide") && (next.equals("whether") || next.equals("if"))) {
          c = TaskCategory.CLASSIFICATION; // "Decide whether this is spam": a yes/no label
        } else if (c == null && ASKING_VERBS.contains(verb)) {
          c = TaskCategory.EXTRACTION; // "Find the tracking number", "Give me all the emails": weak alone
          w = 1.5;
        }
        if (c != null) {
          Signal prev = best.get(c);
          if (prev == null || prev.weight() < w) {
            best.put(c, new Signal("leading-verb", c, w, verb));
          }
        }
      }
      first = false;
    }
    signals.addAll(best.values());
  }

  /** "Give me the gist": an asking verb says nothing when a strong phrase says what is asked for. */
  private static void dropAskingVerbBeside(List<Signal> signals) {
    boolean strongElsewhere = false;
    for (Signal s : signals) {
      strongElsewhere |= s.name().equals("phrase") && s.weight() >= Vocabulary.STRONG
          && !s.category().equals(TaskCategory.EXTRACTION);
    }
    if (strongElsewhere) {
      signals.removeIf(s -> s.name().equals("leading-verb") && ASKING_VERBS.contains(s.detail()));
    }
  }

  /** Sentence openers after which the command comes after a comma. */
  private static final Set<String> INTRODUCTIONS = Set.of("from", "in", "for", "based", "using", "given", "with",
      "after", "reading", "looking", "below", "above", "attached");
  /** Verbs that ask for something to be found or handed over: evidence for extraction, never enough alone. */
  private static final Set<String> ASKING_VERBS = Set.of("find", "list", "get", "give", "show", "pick", "tell");


  private void phraseSignals(Words words, List<Signal> signals) {
    Map<TaskCategory, Double> total = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (PhraseTable.Match m : phrases.matches(words)) {
      PhraseTable.Phrase p = m.phrase();
      if (!seen.add(p.text())) {
        continue;
      }
      double room = PHRASE_CAP - total.getOrDefault(p.category(), 0.0);
      if (room <= 0) {
        continue;
      }
      double w = Math.min(room, p.weight());
      total.merge(p.category(), w, Double::sum);
      signals.add(new Signal("phrase", p.category(), w, p.text()));
    }
  }

  private static void structure(ChatRequest request, List<Signal> signals) {
    String type = request.responseFormatType().orElse("");
    if (type.equals("json_schema")) {
      signals.add(new Signal("json-schema", TaskCategory.EXTRACTION, 2.0, "response_format json_schema"));
    } else if (type.equals("json_object")) {
      signals.add(new Signal("json-mode", TaskCategory.EXTRACTION, 1.0, "response_format json_object"));
    }
    if (request.hasTools()) {
      signals.add(new Signal("tools", TaskCategory.GENERAL, 1.0, "the model may call tools"));
    }
    request.maxTokens().ifPresent(max -> {
      if (max <= 5) {
        signals.add(new Signal("max-tokens", TaskCategory.CLASSIFICATION, 1.5, "max_tokens " + max));
      } else if (max <= 16) {
        signals.add(new Signal("max-tokens", TaskCategory.CLASSIFICATION, 1.0, "max_tokens " + max));
      }
    });
    request.temperature().ifPresent(t -> {
      if (t >= 1.0) {
        signals.add(new Signal("temperature", TaskCategory.CREATIVE, 1.0, "temperature " + t));
      }
    });
  }

  private static void textShape(String text, String head, Words instruction, boolean document,
      List<Signal> signals) {
    // Maths and question marks count in the instruction only: a pasted chat log or price list is input.
    CodeShape code = CodeShape.of(text);
    if (code.stackTrace()) {
      signals.add(new Signal("stack-trace", TaskCategory.CODE, 3.0, code.detail()));
    } else if (code.fencedCode()) {
      signals.add(new Signal("code-block", TaskCategory.CODE, 2.0, code.detail()));
    } else if (code.codeLike()) {
      signals.add(new Signal("code-like", TaskCategory.CODE, 1.5, code.detail()));
    }
    int math = CodeShape.mathOperators(head);
    if (math >= 2 || CodeShape.hasMathSymbol(head)) {
      signals.add(new Signal("math", TaskCategory.REASONING, 2.0, math + " operators"));
    }
    int questions = 0;
    for (int i = 0; i < head.length(); i++) {
      if (head.charAt(i) == '?') {
        questions++;
      }
    }
    if (questions >= 3) {
      signals.add(new Signal("several-questions", TaskCategory.GENERAL, 2.0, questions + " questions"));
    }
    if (!document && instruction.size() > 0 && instruction.size() <= 4 && questions == 0) {
      signals.add(new Signal("too-short", TaskCategory.GENERAL, 0.5, instruction.size() + " words"));
    }
  }

  private void systemPrompt(List<Words> system, List<Signal> signals) {
    Set<String> seen = new HashSet<>();
    for (Words w : system) {
      Map<TaskCategory, Double> total = new HashMap<>();
      for (PhraseTable.Match match : systemPhrases.matches(w)) {
        PhraseTable.Phrase p = match.phrase();
        if (seen.add(p.text()) && total.getOrDefault(p.category(), 0.0) < 1.5) {
          total.merge(p.category(), p.weight(), Double::sum);
          signals.add(new Signal("system-prompt", p.category(), p.weight(), p.text()));
        }
      }
    }
  }
}
