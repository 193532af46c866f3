package dev.switchboard.router.classify;

/** Words and text shapes that more than one part of the engine reads: the segmenter and several collectors. */
final class Cues {
  private Cues() {}

  /** Verbs that ask for something to be found or handed over: evidence for extraction, never enough alone. */
  static final WordTable<Boolean> ASKING_VERBS = WordTable.set("find", "list", "get", "give", "show", "pick", "tell",
      "need");

  /** Words that point at a given text: "this", "these", "the following", "below" (and a few in other languages). */
  static final WordTable<Boolean> REFERS = WordTable.set("this", "these", "following", "below", "cet", "cette", "ces",
      "suivant", "suivante", "diese", "dieser", "dieses", "diesen", "diesem", "folgenden", "folgende", "este", "esta",
      "estos", "estas", "siguiente");

  /** Words in front of a noun that make it the input: "this poem", "my story", "the following email". */
  static final WordTable<Boolean> INPUT_REFERENCES = WordTable.set("this", "these", "that", "following", "above",
      "below", "my", "our");

  private static final WordTable<Boolean> TEXT_NOUNS = WordTable.set("up", "article", "articles", "text", "passage",
      "paragraph", "dialog", "dialogue", "conversation", "email", "mail", "story", "review", "reviews", "document",
      "report", "thread", "chat", "transcript", "post", "message", "letter", "essay", "news", "notes", "meeting",
      "call", "discussion");

  static boolean refersToText(String head) {
    return refersToText(Words.of(head));
  }

  /** Whether the words point at a text ({@link #REFERS}). */
  static boolean refersToText(Words w) {
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      if (REFERS.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the next few words names a text ("the following article", "this dialog", "up"). */
  static boolean namesText(Words w, int from) {
    for (int k = from; k < Math.min(w.size(), from + 4); k++) {
      if (TEXT_NOUNS.contains(w.get(k))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s} quotes something inline: "in the word 'encyclopedia'". */
  static boolean quotedSpan(String s) {
    return quotedSpan(s, false);
  }

  /**
   * As {@link #quotedSpan(String)}; with {@code titlesAside}, a quoted title ("key takeaways from
   * 'Thinking, Fast and Slow'": at most eight words, every word of four letters or more capitalised)
   * names a work rather than giving a text, and does not count.
   */
  static boolean quotedSpan(String s, boolean titlesAside) {
    int open = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == '\'' || c == '"' || c == '\u201c' || c == '\u2018') && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
        open = i;
      } else if (open >= 0 && i > open + 1 && (c == '\'' || c == '"' || c == '\u201d' || c == '\u2019')
          && (i + 1 == s.length() || !Character.isLetter(s.charAt(i + 1)))) {
        if (!titlesAside || !title(s, open + 1, i)) {
          return true;
        }
        open = -1;
      }
    }
    return false;
  }

  private static boolean title(String s, int from, int to) {
    int words = 0;
    int i = from;
    while (i < to) {
      while (i < to && !Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < to && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        words++;
        if (i - start >= 4 && !Character.isUpperCase(s.charAt(start))) {
          return false;
        }
      }
    }
    return words > 0 && words <= 8;
  }
}
