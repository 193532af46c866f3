package dev.switchboard.router.classify;

/** Cheap single-pass checks for code, stack traces and math in a text. */
record CodeShape(boolean stackTrace, boolean fencedCode, boolean codeLike, String detail) {
  private static final String[] DATA_FENCES = {"json", "csv", "text", "txt", "xml", "yaml", "yml", "markdown",
      "md", "html"};

  static CodeShape of(String text) {
    // A search for a string costs as much as the text is long, and about six times as much as a
    // search for one character (which the JDK vectorises further): a marker that holds a character
    // prose seldom has (a tab, a line break, a backtick, '#', '=', '(', a capital E or L) is found
    // by hopping over that character (see indexOf), which is several times faster.
    if (indexOf(text, TRACEBACK, '(', 10, 0) >= 0) {
      return new CodeShape(true, false, false, "python traceback");
    }
    boolean exception = false;
    for (int i = indexOf(text, "Exception", 'E', 0, 0); i >= 0; i = indexOf(text, "Exception", 'E', 0, i + 9)) {
      exception = true;
      if (text.startsWith(" in thread", i + 9)) {
        return new CodeShape(true, false, false, "java stack trace");
      }
    }
    boolean indentedAt = false; // "\n    at "
    boolean pytestLine = false; // "\nE   "
    for (int i = text.indexOf('\n'); i >= 0 && !(indentedAt && pytestLine); i = text.indexOf('\n', i + 1)) {
      indentedAt |= text.startsWith("    at ", i + 1);
      pytestLine |= text.startsWith("E   ", i + 1);
    }
    if (exception && (indentedAt || count(text, '\t', 0, "\tat ") > 0)) {
      return new CodeShape(true, false, false, "java stack trace");
    }
    if (pytestLine && (text.contains("Error") || text.contains("assert "))) {
      return new CodeShape(true, false, false, "pytest failure");
    }
    int fence = -1;
    for (int i = text.indexOf('`'); i >= 0 && fence < 0; i = text.indexOf('`', i + 1)) {
      fence = text.startsWith("```", i) ? i : -1;
    }
    while (fence >= 0) {
      int eol = text.indexOf('\n', fence);
      String lang = eol < 0 ? "" : text.substring(fence + 3, Math.min(eol, fence + 20)).strip()
          .toLowerCase(java.util.Locale.ROOT);
      if (!isData(lang)) {
        return new CodeShape(false, true, false, "```" + lang);
      }
      int close = text.indexOf("```", fence + 3);
      fence = close < 0 ? -1 : text.indexOf("```", close + 3);
    }
    int semicolons = 0;
    for (int i = text.indexOf(';'); i >= 0 && i + 1 < text.length(); i = text.indexOf(';', i + 1)) {
      if (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == ' ') {
        semicolons++;
      }
    }
    int keywords = count(text, "def ") + count(text, "return ") + count(text, "c ", "public ", "func ")
        + count(text, '=', 0, "=> ") + count(text, 'L', 2, "SELECT ") + count(text, "rt ", "import ", "assert ")
        + countStarting(text, "cons", "const ", "console.log") + count(text, "function ") + count(text, '#', 0, "#include");
    if (semicolons + keywords >= 3 && keywords >= 1) {
      return new CodeShape(false, false, true, keywords + " keywords, " + semicolons + " statements");
    }
    return new CodeShape(false, false, false, "");
  }

  private static boolean isData(String lang) {
    for (String d : DATA_FENCES) {
      if (lang.equals(d)) {
        return true;
      }
    }
    return false;
  }

  /** Each keyword counts at most this many times. */
  private static final int MAX_COUNT = 50;

  /** Occurrences of {@code needle} (one that cannot overlap itself), at most {@link #MAX_COUNT}. */
  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0 && n < MAX_COUNT; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static final String TRACEBACK = "Traceback (most recent call last)";
  /** Hops over a character, without finding the marker, after which the marker itself is searched for. */
  private static final int HOPS = 32;

  /**
   * Where {@code needle} first occurs at or after {@code from}, -1 if nowhere, found by hopping
   * over {@code rare}, a character the needle holds once, at {@code offset}. After {@link #HOPS}
   * of that character without the needle (a text in capitals, code full of parentheses) the rest
   * is a search for the needle itself, so a text full of that character costs no more than that search.
   */
  private static int indexOf(String text, String needle, char rare, int offset, int from) {
    int hops = 0;
    for (int i = text.indexOf(rare, from + offset); i >= 0; i = text.indexOf(rare, i + 1)) {
      if (text.startsWith(needle, i - offset)) {
        return i - offset;
      }
      if (++hops == HOPS) {
        return text.indexOf(needle, i - offset + 1);
      }
    }
    return -1;
  }

  /** {@link #count(String, String)} of a needle found by {@link #indexOf(String, String, char, int, int)}. */
  private static int count(String text, char rare, int offset, String needle) {
    int n = 0;
    for (int i = indexOf(text, needle, rare, offset, 0); i >= 0 && n < MAX_COUNT;
        i = indexOf(text, needle, rare, offset, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * {@link #count(String, String)} of two needles that start with the same rare {@code start}
   * ("cons" of "const " and "console.log"), in one search: each is counted at most {@link #MAX_COUNT} times.
   */
  private static int countStarting(String text, String start, String a, String b) {
    int na = 0;
    int nb = 0;
    for (int i = text.indexOf(start); i >= 0 && (na < MAX_COUNT || nb < MAX_COUNT); i = text.indexOf(start, i + 1)) {
      if (na < MAX_COUNT && text.startsWith(a, i)) {
        na++;
      } else if (nb < MAX_COUNT && text.startsWith(b, i)) {
        nb++;
      }
    }
    return na + nb;
  }

  /**
   * {@link #count(String, String)} of two needles that end with the same rare {@code ending}
   * ("rt " of "import " and "assert "), in one search: each is counted at most {@link #MAX_COUNT} times.
   */
  private static int count(String text, String ending, String a, String b) {
    int na = 0;
    int nb = 0;
    for (int i = text.indexOf(ending); i >= 0 && (na < MAX_COUNT || nb < MAX_COUNT); i = text.indexOf(ending, i + 1)) {
      int end = i + ending.length();
      if (na < MAX_COUNT && end >= a.length() && text.startsWith(a, end - a.length())) {
        na++;
      } else if (nb < MAX_COUNT && end >= b.length() && text.startsWith(b, end - b.length())) {
        nb++;
      }
    }
    return na + nb;
  }

  /**
   * What the characters of an instruction say, found in one pass: {@code operators} between
   * operands ("3x + 2 = 11", "n^2"; dashes and slashes are not counted: dates), whether a maths
   * symbol is there (∫, ∑, √, ≤, ≠, π...), and the question marks.
   */
  record Marks(int operators, boolean mathSymbol, int questions) {}

  static Marks marks(String text) {
    int operators = 0;
    boolean symbol = false;
    int questions = 0;
    int n = text.length();
    // the characters copied out at once (an intrinsic), then read from the array: charAt per
    // character checks the index and the string's coding each time
    char[] chars = MARKS_TEXT.get();
    if (chars.length < n) {
      chars = new char[n];
      if (n <= MAX_MARKS_TEXT) {
        MARKS_TEXT.set(chars);
      }
    }
    text.getChars(0, n, chars, 0);
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      if (c < 0x80) {
        byte kind = ASCII_MARK[c];
        if (kind == 0) {
          continue; // letters, digits, spaces and most punctuation: the common case
        }
        if (kind == QUESTION_MARK) {
          questions++;
        } else if (i > 0 && i < n - 1 && betweenOperands(text, i)) {
          operators++;
        }
      } else if (!symbol && c >= 'π') {
        symbol = c == '∫' || c == '∑' || c == '√' || c == '≤' || c == '≥' || c == '≠' || c == '∀' || c == '∃'
            || c == '∈' || c == 'π' || c == '∞';
      }
    }
    return new Marks(operators, symbol, questions);
  }

  /** This thread's copy of the instruction {@link #marks} reads; a longer one gets an array of its own. */
  private static final ThreadLocal<char[]> MARKS_TEXT = ThreadLocal.withInitial(() -> new char[1024]);
  private static final int MAX_MARKS_TEXT = 8192;

  /** The operator at {@code i} has an operand on either side, one space allowed between. */
  private static boolean betweenOperands(String text, int i) {
    char before = prevNonSpace(text, i);
    char after = nextNonSpace(text, i);
    return (Character.isLetterOrDigit(before) || before == ')') && (Character.isLetterOrDigit(after) || after == '(');
  }

  /**
   * How many numbers {@code text} holds, counting up to {@code limit}: runs of digits not glued to a
   * letter before them ("2.50" and "1,200" count once; "Q3", "A4", "v2" are names, not quantities).
   */
  static int numbers(String text, int limit) {
    return numbers(text, 0, text.length(), limit);
  }

  /** {@link #numbers(String, int)} of the characters from {@code from} to {@code to} (a line, without a copy). */
  static int numbers(String text, int from, int to, int limit) {
    int n = 0;
    boolean inRun = false; // inside a run of digits (with "." or "," between digits), counted or glued to a name
    for (int i = from; i < to && n < limit; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (!inRun && (i == from || !Character.isLetter(text.charAt(i - 1)))) {
          n++;
        }
        inRun = true;
      } else {
        inRun = inRun && (c == '.' || c == ',') && i + 1 < to && text.charAt(i + 1) >= '0'
            && text.charAt(i + 1) <= '9';
      }
    }
    return n;
  }

  /**
   * Lettered answer choices: "(A) 32 (B) 36 (C) 38", "a ) 60 , b ) 72 , c ) 80", "A) 20 B) 24 C) 27":
   * a, b and c each appear as a single letter followed by ")" (a space between is allowed), not glued
   * to a word before it ("call(a)"). Reads the first few thousand characters.
   */
  static boolean answerChoices(String text) {
    int seen = 0;
    int end = Math.min(text.length(), 4000);
    for (int i = 0; i < end; i++) {
      char c = Character.toLowerCase(text.charAt(i));
      int before = i > 0 && text.charAt(i - 1) == '(' ? i - 2 : i - 1; // "(a)" as a whole; "call(a)" is code
      if (c < 'a' || c > 'e' || (before >= 0 && Character.isLetterOrDigit(text.charAt(before)))) {
        continue;
      }
      int k = i + 1;
      if (k < end && text.charAt(k) == ' ') {
        k++;
      }
      if (k < end && text.charAt(k) == ')') {
        seen |= 1 << (c - 'a');
      }
    }
    return (seen & 0b111) == 0b111;
  }

  private static final byte OPERATOR = 1;
  private static final byte QUESTION_MARK = 2;
  /** Per ASCII character: {@link #OPERATOR}, {@link #QUESTION_MARK} or 0. */
  private static final byte[] ASCII_MARK = new byte[0x80];

  static {
    for (char c : "+=^*<>".toCharArray()) {
      ASCII_MARK[c] = OPERATOR;
    }
    ASCII_MARK['?'] = QUESTION_MARK;
  }

  private static char prevNonSpace(String s, int i) {
    int j = i - 1;
    if (j >= 0 && s.charAt(j) == ' ') {
      j--;
    }
    return j >= 0 ? s.charAt(j) : ' ';
  }

  private static char nextNonSpace(String s, int i) {
    int j = i + 1;
    if (j < s.length() && s.charAt(j) == ' ') {
      j++;
    }
    return j < s.length() ? s.charAt(j) : ' ';
  }
}
