package dev.switchboard.router.quality;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text folding and tokenising shared by the built-in scorers. */
final class Tokens {
  /** Longer answers are cut to this many tokens before quadratic comparisons. */
  static final int MAX_TOKENS = 2_000;

  private Tokens() {}

  /** Lowercase letter-or-digit runs, accents folded, at most {@link #MAX_TOKENS}. */
  static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String folded = fold(text);
    int i = 0;
    int n = folded.length();
    while (i < n && out.size() < MAX_TOKENS) {
      while (i < n && !Character.isLetterOrDigit(folded.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && (Character.isLetterOrDigit(folded.charAt(i))
          || (folded.charAt(i) == '.' && i > start && i + 1 < n && Character.isDigit(folded.charAt(i + 1))))) {
        i++;
      }
      if (i > start) {
        out.add(folded.substring(start, i));
      }
    }
    return out;
  }

  /** Lowercase, accents removed, whitespace collapsed and trimmed. */
  static String fold(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
