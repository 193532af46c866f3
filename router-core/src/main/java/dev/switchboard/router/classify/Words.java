package dev.switchboard.router.classify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
  private static final byte SENTENCE_START = 1;
  private static final byte CLAUSE_START = 2;
  private static final byte IN_QUESTION = 4;

  private final String[] words;
  /** Per word: {@link #SENTENCE_START}, {@link #CLAUSE_START}, {@link #IN_QUESTION}. */
  private final byte[] flags;
  private final int size;

  private Words(String[] words, byte[] flags) {
    this.words = words;
    this.flags = flags;
    this.size = words.length;
  }

  /** Per-thread scratch space: a tokenisation allocates its words and two exact-size arrays, nothing else. */
  private static final class Scratch {
    String[] words = new String[64];
    byte[] flags = new byte[64];
    char[] word = new char[32];
    byte[] lower = new byte[32];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Tokenizes {@code text[from, to)}; at most {@code maxWords} words are kept. */
  public static Words of(CharSequence text, int from, int to, int maxWords) {
    Scratch s = SCRATCH.get();
    String[] out = s.words;
    byte[] flags = s.flags;
    char[] w = s.word;
    byte[] lower = s.lower;
    int n = 0;
    boolean atStart = true;
    boolean afterComma = false;
    int sentence = 0; // index of the first word of the current sentence
    int len = 0; // the word being read: w[0, len), lower-cased in lower[0, len) while it is ASCII
    boolean ascii = true;
    boolean lastCjk = false;
    int i = from;
    while (i < to && n < maxWords) {
      char c = text.charAt(i);
      boolean apostrophe = (c == '\'' || c == '\u2019') && len > 0 && i + 1 < to
          && Character.isLetter(text.charAt(i + 1));
      boolean wordChar = (c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          : Character.isLetterOrDigit(c)) || apostrophe;
      // a word ends at a separator, or where the script changes: "Pythonで" is two words
      if (len > 0 && (!wordChar || isCjk(c) != lastCjk)) {
        if (n == out.length) {
          out = s.words = Arrays.copyOf(out, 2 * n);
          flags = s.flags = Arrays.copyOf(flags, 2 * n);
        }
        out[n] = word(w, lower, len, ascii);
        flags[n++] = (byte) ((atStart ? SENTENCE_START : 0) | (afterComma ? CLAUSE_START : 0));
        len = 0;
        ascii = true;
        atStart = false;
        afterComma = false;
      }
      if (wordChar) {
        char a = apostrophe ? '\'' : c;
        if (len == w.length) {
          w = s.word = Arrays.copyOf(w, 2 * len);
          lower = s.lower = Arrays.copyOf(lower, 2 * len);
        }
        w[len] = a;
        lower[len++] = (byte) (a >= 'A' && a <= 'Z' ? a + 32 : a);
        ascii &= a < 0x80;
        lastCjk = isCjk(a);
      } else {
        if (c == '?' || c == '\uff1f') {
          // the words of a sentence that ends with a question mark
          for (int k = sentence; k < n; k++) {
            flags[k] |= IN_QUESTION;
          }
        }
        if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' || c == '\uff1f' || c == '\u2014'
            || c == '\u2013') {
          atStart = true;
          sentence = n;
        } else if (c == ',') {
          afterComma = true;
        }
      }
      i++;
    }
    if (len > 0 && n < maxWords) {
      if (n == out.length) {
        out = s.words = Arrays.copyOf(out, 2 * n);
        flags = s.flags = Arrays.copyOf(flags, 2 * n);
      }
      out[n] = word(w, lower, len, ascii);
      flags[n++] = (byte) ((atStart ? SENTENCE_START : 0) | (afterComma ? CLAUSE_START : 0));
    }
    Words words = new Words(Arrays.copyOf(out, n), Arrays.copyOf(flags, n));
    Arrays.fill(out, 0, n, null); // the scratch holds no text between calls
    return words;
  }

  /**
   * The word read, lower-cased as {@code String.toLowerCase(Locale.ROOT)} does: ASCII by table,
   * anything else by that method itself (it knows about final sigma and dotted capital I).
   */
  private static String word(char[] w, byte[] lower, int len, boolean ascii) {
    return ascii ? new String(lower, 0, len, StandardCharsets.ISO_8859_1)
        : new String(w, 0, len).toLowerCase(Locale.ROOT);
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
    return (flags[i] & SENTENCE_START) != 0;
  }

  /** True for a word of a sentence that ends with a question mark. */
  public boolean inQuestion(int i) {
    return i < size && (flags[i] & IN_QUESTION) != 0;
  }

  /** True for the first word after a comma. */
  public boolean followsComma(int i) {
    return (flags[i] & CLAUSE_START) != 0;
  }
}
