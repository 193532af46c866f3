package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into lower-case words in one pass. A word is a run of letters and digits (an
 * apostrophe inside a word is kept, the typographic one as a plain one: "don't"). Everything else
 * separates words, so matching on words is whole-word by construction: "planet" never matches
 * "plan". A run of Chinese, Japanese or Korean characters is a word of its own even when it
 * touches Latin letters ("Pythonで" is "python" and "で"); such runs are matched by substring
 * ({@link CjkPhrases}). Sentence starts (after . ! ? : ; a line break or a dash) are remembered so
 * leading verbs can be found after a greeting or a pasted preamble ("Recipe below — I just want ...").
 */
final class Words {
  private final String[] words;
  private final boolean[] sentenceStart;
  private final boolean[] clauseStart;
  private final BitSet question;
  private final int size;

  private Words(String[] words, boolean[] sentenceStart, boolean[] clauseStart, BitSet question, int size) {
    this.words = words;
    this.sentenceStart = sentenceStart;
    this.clauseStart = clauseStart;
    this.question = question;
    this.size = size;
  }

  /** Tokenizes {@code text[from, to)}; at most {@code maxWords} words are kept. */
  public static Words of(CharSequence text, int from, int to, int maxWords) {
    List<String> out = new ArrayList<>();
    List<Boolean> starts = new ArrayList<>();
    List<Boolean> clauses = new ArrayList<>();
    boolean atStart = true;
    boolean afterComma = false;
    int sentence = 0; // index of the first word of the current sentence
    BitSet question = null; // allocated at the first question mark
    int i = from;
    StringBuilder w = new StringBuilder(16);
    while (i < to && out.size() < maxWords) {
      char c = text.charAt(i);
      boolean apostrophe = (c == '\'' || c == '\u2019') && w.length() > 0 && i + 1 < to
          && Character.isLetter(text.charAt(i + 1));
      boolean wordChar = Character.isLetterOrDigit(c) || apostrophe;
      // a word ends at a separator, or where the script changes: "Pythonで" is two words
      if (w.length() > 0 && (!wordChar || isCjk(c) != isCjk(w.charAt(w.length() - 1)))) {
        out.add(w.toString().toLowerCase(Locale.ROOT));
        starts.add(atStart);
        clauses.add(afterComma);
        w.setLength(0);
        atStart = false;
        afterComma = false;
      }
      if (wordChar) {
        w.append(apostrophe ? '\'' : c);
      } else {
        if (c == '?' || c == '\uff1f') {
          // the words of a sentence that ends with a question mark
          question = question == null ? new BitSet() : question;
          question.set(sentence, out.size());
        }
        if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' || c == '\uff1f' || c == '\u2014'
            || c == '\u2013') {
          atStart = true;
          sentence = out.size();
        } else if (c == ',') {
          afterComma = true;
        }
      }
      i++;
    }
    if (w.length() > 0 && out.size() < maxWords) {
      out.add(w.toString().toLowerCase(Locale.ROOT));
      starts.add(atStart);
      clauses.add(afterComma);
    }
    boolean[] s = new boolean[starts.size()];
    boolean[] cl = new boolean[starts.size()];
    for (int k = 0; k < s.length; k++) {
      s[k] = starts.get(k);
      cl[k] = clauses.get(k);
    }
    return new Words(out.toArray(new String[0]), s, cl, question, out.size());
  }

  /**
   * Whether {@code c} is a Han, Hiragana, Katakana or Hangul character: scripts written without
   * spaces between words (Korean has spaces, but its words carry endings). One comparison for
   * Latin text.
   */
  public static boolean isCjk(char c) {
    return c >= 0x1100 && ((c <= 0x11FF) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0xFF66 && c <= 0xFF9F));
  }

  /** Whether word {@code i} is a run of CJK characters. */
  public boolean isCjk(int i) {
    return isCjk(words[i].charAt(0));
  }

  /** Whether any word is CJK: word counts mean nothing in a script without spaces. */
  public boolean hasCjk() {
    for (int i = 0; i < size; i++) {
      if (isCjk(i)) {
        return true;
      }
    }
    return false;
  }

  public static Words of(CharSequence text) {
    return of(text, 0, text.length(), Integer.MAX_VALUE);
  }

  public int size() {
    return size;
  }

  public String get(int i) {
    return words[i];
  }

  public boolean startsSentence(int i) {
    return sentenceStart[i];
  }

  /** True for a word of a sentence that ends with a question mark. */
  public boolean inQuestion(int i) {
    return question != null && question.get(i);
  }

  /** True for the first word after a comma. */
  public boolean followsComma(int i) {
    return clauseStart[i];
  }
}
