package dev.switchboard.router.classify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

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

  /** {@code words} may be longer than {@code flags}: only the first {@code flags.length} are words. */
  private Words(String[] words, byte[] flags) {
    this.words = words;
    this.flags = flags;
    this.size = flags.length;
  }

  /**
   * Per-thread scratch space for what does not outlive a tokenisation. (The array of words is
   * allocated per call: storing new strings into a long-lived array costs a GC write barrier each.)
   */
  private static final class Scratch {
    byte[] flags = new byte[64];
    char[] text = new char[256];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  /** Longer texts (the classifier reads at most a system prompt's 4,000 characters) get an array of their own. */
  private static final int MAX_SCRATCH_TEXT = 8192;

  /** Tokenizes {@code text[from, to)}; at most {@code maxWords} words are kept. */
  public static Words of(CharSequence text, int from, int to, int maxWords) {
    Scratch s = SCRATCH.get();
    String[] out = new String[Math.max(0, Math.min(maxWords, (to - from) / 5 + 4))]; // grows if the words are short
    byte[] flags = s.flags;
    int n = 0;
    boolean atStart = true;
    boolean afterComma = false;
    int sentence = 0; // index of the first word of the current sentence
    int len = 0; // the word being read: t[start, start + len)
    int start = 0;
    boolean ascii = true;
    int hash = 0; // String.hashCode of the lower-cased word, while it is ASCII
    long key = 0; // its last eight characters, a byte each (see word)
    boolean lastCjk = false;
    // the text's characters copied out at once (an intrinsic for a String), then read from the array
    // one more for a space after the text, so the last word ends as every other word does
    char[] t = s.text;
    if (t.length < to - from + 1) {
      t = new char[to - from + 1];
      if (t.length <= MAX_SCRATCH_TEXT) {
        s.text = t;
      }
    }
    if (text instanceof String str) {
      str.getChars(from, to, t, 0);
    } else {
      for (int k = from; k < to; k++) {
        t[k - from] = text.charAt(k);
      }
    }
    to -= from;
    t[to] = ' ';
    int i = 0;
    while (i <= to && n < maxWords) {
      char c = t[i];
      char lc;
      if (c < 0x80 && (lc = ASCII_LOWER[c]) != 0 && !lastCjk) {
        // the common case, in a tight loop: a run of ASCII letters and digits, which starts or continues a word
        if (len == 0) {
          start = i;
        }
        int first = i;
        do {
          hash = 31 * hash + lc;
          key = key << 8 | lc;
        } while (++i < to && (c = t[i]) < 0x80 && (lc = ASCII_LOWER[c]) != 0);
        len += i - first;
        continue;
      }
      boolean space = c == ' '; // the usual separator, which only ends a word
      boolean apostrophe = !space && (c == '\'' || c == '\u2019') && len > 0 && i + 1 < to
          && Character.isLetter(t[i + 1]);
      boolean wordChar = !space && ((c < 0x80 ? ASCII_WORD[c] : Character.isLetterOrDigit(c)) || apostrophe);
      // a word ends at a separator, or where the script changes: "Pythonで" is two words
      if (len > 0 && (!wordChar || isCjk(c) != lastCjk)) {
        if (n == out.length) {
          out = Arrays.copyOf(out, 2 * n + 8);
        }
        if (n == flags.length) {
          flags = s.flags = Arrays.copyOf(flags, 2 * n);
        }
        out[n] = word(t, start, len, ascii, hash, key);
        flags[n++] = (byte) ((atStart ? SENTENCE_START : 0) | (afterComma ? CLAUSE_START : 0));
        len = 0;
        ascii = true;
        hash = 0;
        key = 0;
        atStart = false;
        afterComma = false;
      }
      if (space) {
        i++;
        continue;
      }
      if (wordChar) {
        char a = apostrophe ? '\'' : c;
        if (len == 0) {
          start = i;
        }
        len++;
        hash = 31 * hash + lower(a);
        key = key << 8 | (lower(a) & 0xff);
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
    return new Words(out, Arrays.copyOf(flags, n));
  }

  /** The ASCII letters and digits: {@code Character.isLetterOrDigit} for the characters most text is made of. */
  private static final boolean[] ASCII_WORD = new boolean[0x80];

  /** Per ASCII character: the letter or digit as a word keeps it (lower case), 0 for any other. */
  private static final char[] ASCII_LOWER = new char[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      ASCII_WORD[c] = Character.isLetterOrDigit(c);
      ASCII_LOWER[c] = ASCII_WORD[c] ? lower(c) : 0;
    }
  }

  /**
   * The word read, lower-cased as {@code String.toLowerCase(Locale.ROOT)} does: ASCII by table,
   * anything else by that method itself (it knows about final sigma and dotted capital I).
   */
  private static String word(char[] t, int start, int len, boolean ascii, int hash, long key) {
    if (!ascii) {
      // as read, with a typographic apostrophe (inside a word, the only kind there is) made plain
      return new String(t, start, len).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
    }
    if (len > MAX_RECENT_LENGTH) {
      return lowerCased(t, start, len);
    }
    int slot = (hash ^ (hash >>> 11) ^ (hash >>> 22)) & (RECENT.length - 1);
    Recent known = RECENT[slot];
    // a word of up to eight characters is its key (no character of a word is 0); a longer one is compared
    if (known != null && known.key == key && known.length == len
        && (len <= Long.BYTES || (known.word.hashCode() == hash && sameWord(known.word, t, start, len)))) {
      return known.word;
    }
    String word = lowerCased(t, start, len);
    word.hashCode(); // computed here once, then read by every table lookup of the word
    RECENT[slot] = new Recent(word, key, len);
    return word;
  }

  /**
   * A character of an ASCII word as the word keeps it: lower case, and the typographic apostrophe
   * (inside a word, the only kind there is) made plain.
   */
  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c == '\u2019' ? '\'' : c;
  }

  /** The ASCII word {@code t[start, start + len)} as the word keeps it ({@link #lower}). */
  private static String lowerCased(char[] t, int start, int len) {
    char[] w = new char[len];
    for (int k = 0; k < len; k++) {
      w[k] = lower(t[start + k]);
    }
    return new String(w);
  }

  private static boolean sameWord(String known, char[] t, int start, int len) {
    if (known.length() != len) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (known.charAt(k) != lower(t[start + k])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Words read lately, by any thread: most words of a prompt were read before ("the", "please",
   * the application's own system prompt), and one found here is neither allocated nor hashed
   * again. Direct-mapped by hash, a slot overwritten on a miss; bounded (4,096 short ASCII words,
   * about 300 KB at most). Racy on purpose and safe: an entry, like its String, is immutable and
   * safely published through its final fields, so a reader sees some complete entry or none, and
   * checks it before use.
   */
  private static final Recent[] RECENT = new Recent[4096];

  /**
   * A word read lately, with its last eight characters a byte each (ASCII: the word itself when it
   * is that short, so it is recognised by one comparison of longs) and its length.
   */
  private record Recent(String word, long key, int length) {}
  private static final int MAX_RECENT_LENGTH = 24;

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
    return words[Objects.checkIndex(i, size)];
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
