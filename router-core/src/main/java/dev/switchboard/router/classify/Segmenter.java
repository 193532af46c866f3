package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import java.util.List;

/**
 * Finds the instruction in a prompt: which turn holds it (the last user turn), where pasted input
 * starts in it, which part of it is the user's instruction (before the input, after it, or around
 * a long document), and the words of the system prompts. Reads text only; what the words mean is
 * for the collectors. Cost: a bounded number of scans of the turn, no copy of it per marker.
 */
final class Segmenter {
  /** Texts longer than this hold a pasted document: only its head and tail are read as instruction. */
  static final int DOCUMENT_CHARS = 1200;
  static final int HEAD_CHARS = 300;
  static final int TAIL_CHARS = 200;
  static final int SHORT_PARAGRAPH = 400;
  static final int MAX_INSTRUCTION_WORDS = 400;
  static final int SHORT_HEAD = 200;
  /** How much text must come before a closing question for it to count as pasted input. */
  static final int IMPLICIT_INPUT = 150;
  static final int SYSTEM_WORDS = 600;
  static final int SYSTEM_CHARS = 4000;

  private Segmenter() {}

  /** The request as the rules read it: its last user turn holds the instruction. */
  static SegmentedPrompt segment(ChatRequest request) {
    return segment(request, SystemPrompts.of(request));
  }

  /** As {@link #segment(ChatRequest)}, with the system prompts already read (from an engine's memo). */
  static SegmentedPrompt segment(ChatRequest request, SystemPrompts system) {
    return segment(request, lastUserText(request), system);
  }

  /** {@code request.lastUserMessage().map(ChatMessage::text).orElse("")}, without its two Optionals per request. */
  private static String lastUserText(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals(ChatMessage.USER)) {
        return messages.get(i).text();
      }
    }
    return "";
  }

  /**
   * {@code turn} of {@code request} read as the instruction (an earlier user turn, for a
   * follow-up), with the system prompts' words already found.
   */
  static SegmentedPrompt segment(ChatRequest request, String turn, SystemPrompts system) {
    boolean document = turn.length() > DOCUMENT_CHARS;
    int input = document ? -1 : payloadStart(turn);
    String said = document ? instructionAroundDocument(turn) : instructionAround(turn, input);
    Words instruction = Words.of(said, 0, said.length(), MAX_INSTRUCTION_WORDS);
    return new SegmentedPrompt(request, turn, document, input, said, instruction, trailingQuestion(turn), system);
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
    return text.length() > DOCUMENT_CHARS ? instructionAroundDocument(text) : instructionAround(text, payloadStart(text));
  }

  /** {@link #instructionText} of a short text whose pasted input starts at {@code payload} (-1: none marked). */
  private static String instructionAround(String text, int payload) {
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
    int closing = closingParagraph(text, payload, !headAsks(text, payload));
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

  /**
   * Where a closing question or command starts after unmarked input (a passage, then "What is the
   * main idea?" on its own line or paragraph); -1 when there is none or the text before it is short
   * (a short statement and its question are read whole: a word problem's numbers are in it).
   */
  private static int implicitClosing(String text) {
    int closing = closingParagraph(text, IMPLICIT_INPUT);
    if (closing < 0) {
      int lastBreak = lastParagraphBreak(text, contentEnd(text));
      if (lastBreak >= IMPLICIT_INPUT && !headAsks(text, Math.min(lastBreak, SHORT_PARAGRAPH))) {
        closing = closingParagraph(text, IMPLICIT_INPUT, true);
      }
    }
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
    return closingParagraph(text, from, false);
  }

  /**
   * As {@link #closingParagraph(String, int)}; {@code loose} (only when the text before it holds no
   * request of its own) also takes a single short line that asks without a question mark or an
   * English command ({@link #requestAfterText}).
   */
  private static int closingParagraph(String text, int from, boolean loose) {
    int end = contentEnd(text);
    int lastBreak = lastParagraphBreak(text, end);
    if (lastBreak < from || lastBreak <= 0) {
      return -1;
    }
    boolean asks = text.indexOf('?', lastBreak) >= 0 || text.charAt(end - 1) == ':' || startsWithCommand(text, lastBreak)
        || (loose && requestAfterText(text, lastBreak, end));
    return asks && !labelledRecord(text, lastBreak, end) ? lastBreak : -1;
  }

  /**
   * Whether a closing paragraph reads as a request about the text before it, though it neither
   * asks with a question mark nor opens with an English command: it opens with a question word
   * ("which order ids are refunded"), a polite word or a cheap verb of another language ("Bitte
   * fass …", "Liste uniquement …", "कृपया …"), points back at the text ("title for this essay",
   * "from this hl7", "上のメールから"), or holds a CJK request form (请, ください, 주세요). Read only
   * when the other tests fail, over at most a short paragraph.
   */
  private static boolean requestAfterText(String text, int from, int end) {
    int start = from;
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (end - start > CLOSING_LINE || text.indexOf('\n', start) < end && text.indexOf('\n', start) >= 0) {
      return false; // one short line only: a pasted text's own last paragraph is longer, or several lines
    }
    return asks(text, start, end) || namesAFormat(text, start, end);
  }

  /**
   * A closing line that only names the form wanted: "→ yaml", "-> json", "markdown table: Date |
   * Time | Activity", "csv pls".
   */
  private static boolean namesAFormat(String text, int from, int end) {
    if (text.startsWith("\u2192", from) || text.startsWith("->", from) || text.startsWith("=>", from)) {
      return true;
    }
    Words w = Words.of(text, from, end, 2);
    return w.size() > 0 && FORMATS.contains(w.get(0));
  }

  /** Output formats a closing line may name on its own. */
  private static final WordTable<Boolean> FORMATS = WordTable.set("yaml", "json", "csv", "tsv", "markdown", "xml",
      "toml", "html");

  /**
   * Whether {@code text[from, to)} holds a request by its words: a CJK request form, a first word
   * that is a question word, a polite word or a cheap verb, or a word pointing at a text.
   */
  private static boolean asks(String text, int from, int end) {
    // a request form starts with a character of CJK_FIRST or above: with none in [from, end), none
    // starts there, and the two dozen searches (each a call, most texts being Latin-1) are skipped
    if (hasCharFrom(text, from, end, CJK_FIRST)) {
      for (String form : CJK_REQUESTS) {
        int at = text.indexOf(form, from);
        if (at >= 0 && at < end) {
          return true;
        }
      }
    }
    // the first few words first: a back reference is usually among them ("Vibe check on this one"),
    // and the first words of a text are the same however many are read after them
    Words w = Words.of(text, from, end, FIRST_WORDS);
    if (w.size() == 0) {
      return false;
    }
    if (QUESTION_WORDS.contains(w.get(0)) || POLITE.contains(w.get(0)) || DEFAULT_VERBS.contains(w.get(0))
        || FOREIGN_ASKS.contains(w.get(0))) {
      return true;
    }
    for (int i = 0; i < w.size(); i++) {
      if (BACK_REFERENCES.contains(w.get(i))) {
        return true;
      }
    }
    if (w.size() < FIRST_WORDS) {
      return false;
    }
    w = Words.of(text, from, end, ASKING_WORDS);
    for (int i = FIRST_WORDS; i < w.size(); i++) {
      if (BACK_REFERENCES.contains(w.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** How many words {@link #asks} reads for a back reference, the first few of them before the rest. */
  private static final int ASKING_WORDS = 40;
  private static final int FIRST_WORDS = 8;

  /**
   * Whether the text before pasted material (or before a closing line) is itself a request: a
   * question mark, a closing colon ("Translate this:", "把这段话翻成日语："), an English command, or
   * {@link #asks} words. Then a short closing line is part of the material, not a second instruction.
   */
  private static boolean headAsks(String text, int to) {
    int end = to;
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return false;
    }
    char last = text.charAt(end - 1);
    int q = text.indexOf('?');
    int fq = text.indexOf('\uff1f');
    if ((q >= 0 && q < end) || (fq >= 0 && fq < end) || startsWithCommand(text, 0)
        || asks(text, 0, Math.min(end, SHORT_PARAGRAPH))) {
      return true;
    }
    // a closing colon asks ("Pásame esto a inglés, que suene natural:"), unless it ends a label or a
    // title ("After your colonoscopy:", "Transactions:", "件名：", "以下是用户对一款App的评价：")
    return (last == ':' || last == '\uff1a') && end - lastSentenceStart(text, end) > LABEL_CHARS;
  }

  /** Where the sentence or line that ends at {@code end} starts. */
  private static int lastSentenceStart(String text, int end) {
    for (int i = end - 2; i >= 0; i--) {
      char c = text.charAt(i);
      if (c == '\n' || c == '.' || c == '!' || c == '\u3002' || c == '?') {
        return i + 1;
      }
    }
    return 0;
  }

  /** A colon after at most this many characters of its sentence ends a label or a title, not a request. */
  private static final int LABEL_CHARS = 40;

  /** The longest closing line read as a request without a question mark or an English command. */
  private static final int CLOSING_LINE = 160;

  /**
   * Request forms in CJK and Devanagari, found by substring (a CJK run is one word; Devanagari vowel
   * signs split words): 请, ください, 주세요, कृपया, "… बताइए", "इस सूचना".
   */
  private static final String[] CJK_REQUESTS = {"请", "請", "ください", "下さい", "주세요", "해줘", "해 줘", "上面", "上記",
      "以上の", "上の", "줘", "알려", "把", "帮我", "幫我", "给我", "給我", "कृपया", "बताइए", "बताएं", "दीजिए", "कीजिए", "इस "};

  /** The lowest first character of a {@link #CJK_REQUESTS} form. */
  private static final char CJK_FIRST = lowestFirst(CJK_REQUESTS);

  private static char lowestFirst(String[] forms) {
    char low = Character.MAX_VALUE;
    for (String f : forms) {
      low = (char) Math.min(low, f.charAt(0));
    }
    return low;
  }

  /** Whether a character of {@code text[from, end)} is {@code low} or above. */
  private static boolean hasCharFrom(String text, int from, int end, char low) {
    for (int i = Math.max(0, from), to = Math.min(end, text.length()); i < to; i++) {
      if (text.charAt(i) >= low) {
        return true;
      }
    }
    return false;
  }

  private static final WordTable<Boolean> QUESTION_WORDS = WordTable.set("which", "what", "what's", "whats",
      "welche", "welcher", "welches", "quel", "quelle", "quels", "quelles", "cuál", "cuáles", "qué", "quale",
      "quali", "qual", "quais");

  /** Imperatives of other languages that ask for something to be given or listed ("Liste uniquement …", "Dime …"). */
  private static final WordTable<Boolean> FOREIGN_ASKS = WordTable.set("liste", "listez", "donne", "donnez",
      "indique", "indiquez", "dites", "dame", "dime", "indica", "enumera", "gib", "nenne", "zeige", "elenca",
      "dimmi", "dammi", "noem", "geef", "podaj", "wymień");

  private static final WordTable<Boolean> POLITE = WordTable.set("bitte", "por", "porfa", "per", "merci", "proszę",
      "kérem", "kindly", "pls", "plz", "just");

  /** Words that point back at the text above: "this essay", "the above", "diesen Brief", "cette lettre". */
  private static final WordTable<Boolean> BACK_REFERENCES = WordTable.set("this", "these", "above", "diesen",
      "diese", "dieses", "diesem", "obigen", "oben", "ce", "cet", "cette", "ces", "ci", "dessus", "este", "esta",
      "estos", "estas", "esto", "anterior", "questo", "questa", "sopra", "deze", "dit", "bovenstaande",
      "tego", "tę", "powyższy");

  /**
   * Where the last blank line before {@code end} is, if it is at most a short paragraph away from
   * it; -1 otherwise. Reads only that last short paragraph (not back to the previous line break,
   * which in a long text may be far), with the intrinsic forward search, so a long text costs
   * nothing here.
   */
  private static int lastParagraphBreak(String text, int end) {
    // the last "\n\n" starting in [end - SHORT_PARAGRAPH - 2, end - 2], found with forward searches
    int last = -1;
    for (int at = text.indexOf("\n\n", Math.max(0, end - SHORT_PARAGRAPH - 2)); at >= 0 && at <= end - 2;
        at = text.indexOf("\n\n", at + 1)) {
      last = at;
    }
    return last;
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

  private static final WordTable<Boolean> INSTRUCTION_LABELS = WordTable.set("question", "q", "task", "instruction",
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
      if (at > 0 && at < SHORT_PARAGRAPH && Cues.refersToText(text.substring(0, at))) {
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
  static int contentEnd(String text) {
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
    boolean shortHead = firstBreak > 0 && firstBreak <= SHORT_PARAGRAPH;
    if (!headAsks(text, shortHead ? firstBreak : SHORT_PARAGRAPH)) {
      // a salutation or a title first ("Sehr geehrte Frau Kollegin,"), and a short request at the end
      int loose = closingParagraph(text, 1, true);
      if (loose > 0) {
        return text.substring(loose, end);
      }
    }
    if (shortHead) {
      return text.substring(0, firstBreak);
    }
    int lastBreak = lastParagraphBreak(text, end);
    if (lastBreak > 0) {
      return text.substring(lastBreak, end);
    }
    // copied into this thread's buffer, then one String made of it: a StringBuilder's own array and
    // the copy its toString makes were two allocations of the whole
    char[] both = HEAD_AND_TAIL.get();
    text.getChars(0, HEAD_CHARS, both, 0);
    both[HEAD_CHARS] = '\n';
    text.getChars(text.length() - TAIL_CHARS, text.length(), both, HEAD_CHARS + 1);
    return new String(both);
  }

  /** Per thread, the head and tail of a long document with a line break between them ({@link #instructionAroundDocument}). */
  private static final ThreadLocal<char[]> HEAD_AND_TAIL = ThreadLocal.withInitial(() -> new char[HEAD_CHARS + 1 + TAIL_CHARS]);

  /** Whether the paragraph at {@code from} opens with a polite word or a verb of the default vocabulary. */
  private static boolean startsWithCommand(String text, int from) {
    Words w = Words.of(text, from, Math.min(text.length(), from + 200), 8);
    if (w.size() == 0) {
      return false;
    }
    String first = w.get(0);
    if (first.equals("i'd") || first.equals("we'd")) {
      return true; // "I'd like you to …"
    }
    if (first.equals("i") || first.equals("we")) {
      // "I need ...", "We'd like ...": a request; "We followed 2,000 adults ..." opens a pasted text
      return w.size() > 1 && REQUESTING.contains(w.get(1));
    }
    return COMMAND_WORDS.contains(first) || DEFAULT_VERBS.contains(first) || Cues.ASKING_VERBS.contains(first);
  }

  /** The default leading verbs, built once (not per call). */
  private static final WordTable<TaskCategory> DEFAULT_VERBS = WordTable.map(Vocabulary.leadingVerbs());

  private static final WordTable<Boolean> REQUESTING = WordTable.set("need", "want", "would", "'d", "d", "just", "only",
      "also", "don't", "dont", "do", "wish", "require");

  private static final WordTable<Boolean> COMMAND_WORDS = WordTable.set("please", "pls", "can", "could", "now", "ok",
      "okay", "so", "then", "based", "using", "given", "from", "tell", "write", "give");
}
