package dev.switchboard.router.classify;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A small linear model over hashed n-grams of an instruction: word unigrams and bigrams, and the
 * character 3-, 4- and 5-grams of each word (padded with {@code <} and {@code >}). Each feature is
 * hashed into one of 2^bits buckets; a bucket holds one signed byte per class, scaled per class.
 * The classes are the cheap categories, then one class for everything that needs the capable tier.
 *
 * <p>Immutable and thread-safe; scoring uses per-thread scratch arrays and allocates only a few
 * small ones. The same {@link #features} walk serves training ({@link ModelTrainer}), scoring and
 * explaining, so the three can never disagree about what a feature is.
 */
final class NgramModel {
  static final int MAGIC = 0x53424e47; // "SBNG"
  static final int VERSION = 1;
  /** Only this much of the model's text is read: the cost stays bounded whatever is pasted. */
  static final int MAX_CHARS = 300;
  static final int MAX_WORD = 24;
  /** A word of L characters gives at most 3L features (see {@link #features}). */
  static final int MAX_FEATURES = 3 * MAX_CHARS + 8;
  static final int WORD = 0;
  static final int BIGRAM = 1;
  static final int CHARS = 2;

  private final int bits;
  private final List<TaskCategory> cheap;
  private final float[] bias;
  private final float[] scale;
  /** The weights, then {@link Long#BYTES} bytes of padding: a bucket's weights are read as one long. */
  private final byte[] weights;
  private final double threshold;

  NgramModel(int bits, List<TaskCategory> cheap, float[] bias, float[] scale, byte[] weights, double threshold) {
    int k = cheap.size() + 1;
    if (bits < 10 || bits > 24 || bias.length != k || scale.length != k || weights.length != (k << bits)) {
      throw new IllegalArgumentException("inconsistent model: " + bits + " bits, " + k + " classes, "
          + weights.length + " weights");
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("model threshold must be within (0, 1]: " + threshold);
    }
    this.bits = bits;
    this.cheap = List.copyOf(cheap);
    this.bias = bias.clone();
    this.scale = scale.clone();
    this.weights = java.util.Arrays.copyOf(weights, weights.length + Long.BYTES);
    this.threshold = threshold;
  }

  /** The cheap categories the model tells apart; the last class is "needs the capable tier". */
  public List<TaskCategory> cheapCategories() {
    return cheap;
  }

  /** The probability of a cheap category the model needs before it moves a general answer. */
  public double threshold() {
    return threshold;
  }

  /** The same weights with another threshold. */
  NgramModel withThreshold(double t) {
    return new NgramModel(bits, cheap, bias, scale, java.util.Arrays.copyOf(weights, classes() << bits), t);
  }

  int bits() {
    return bits;
  }

  int classes() {
    return cheap.size() + 1;
  }

  /** The model's probabilities for {@code text}: one per cheap category, the capable class last. */
  public double[] probabilities(CharSequence text) {
    return score(text).probabilities();
  }

  /**
   * The text's features and the model's probabilities for them. The feature arrays and the
   * lower-cased text they point into belong to the scoring thread and are valid until it scores
   * again: use them at once (for {@link #strongest}).
   */
  record Scored(double[] probabilities, int count, int[] buckets, long[] where, char[] lowerCased, long[] weights,
      Prefix prefix) {}

  /** Scores the first {@link #MAX_CHARS} characters of {@code text}, which is not kept. */
  Scored score(CharSequence text) {
    return score(text, null);
  }

  /**
   * As {@link #score(CharSequence)}, with the features of the start of {@code text} already found
   * ({@code prefix}, from {@link #prefix}; ignored unless it is this model's and {@code text} starts with it).
   */
  Scored score(CharSequence text, Prefix prefix) {
    Buffers buf = BUFFERS.get();
    int length = buf.read(text);
    if (prefix != null && !prefix.startOf(this, buf.raw, length)) {
      prefix = null;
    }
    int n = features(buf, length, bits, prefix);
    int k = classes();
    int[] buckets = buf.buckets;
    double[] z = new double[k];
    long[] packed = null;
    int first = prefix == null ? 0 : prefix.count;
    if (prefix != null) {
      // the prefix's features and their weights, as scoring them would have found them: sums of
      // small integers, so adding the rest to them gives the same totals in any order
      for (int j = 0; j < k; j++) {
        z[j] = prefix.sums[j];
      }
      if (k == 5) {
        System.arraycopy(prefix.packed, 0, buf.weights, 0, first);
      }
    }
    if (k == 5) {
      // the usual shape (four cheap categories and the capable class), unrolled: a bucket's five
      // weights in one read, kept per feature so that explaining reads them in order (not from
      // all over the table again)
      packed = buf.weights;
      int s0 = (int) z[0];
      int s1 = (int) z[1];
      int s2 = (int) z[2];
      int s3 = (int) z[3];
      int s4 = (int) z[4];
      for (int f = first; f < n; f++) {
        long v = (long) LONGS.get(weights, buckets[f] * 5);
        packed[f] = v;
        s0 += (byte) v;
        s1 += (byte) (v >> 8);
        s2 += (byte) (v >> 16);
        s3 += (byte) (v >> 24);
        s4 += (byte) (v >> 32);
      }
      z[0] = s0;
      z[1] = s1;
      z[2] = s2;
      z[3] = s3;
      z[4] = s4;
    } else {
      for (int f = first; f < n; f++) {
        int at = buckets[f] * k;
        for (int j = 0; j < k; j++) {
          z[j] += weights[at + j];
        }
      }
    }
    double norm = n == 0 ? 0 : 1.0 / Math.sqrt(n);
    for (int j = 0; j < k; j++) {
      z[j] = bias[j] + scale[j] * z[j] * norm;
    }
    return new Scored(softmax(z), n, buckets, buf.where, buf.text, packed, prefix);
  }

  /** Eight bytes of the weights at once, the first in the lowest bits. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double total = 0;
    for (int j = 0; j < logits.length; j++) {
      logits[j] = Math.exp(logits[j] - max);
      total += logits[j];
    }
    for (int j = 0; j < logits.length; j++) {
      logits[j] /= total;
    }
    return logits;
  }

  /**
   * A feature of the text and how much it moved the decision, in logit units: a word ("gist"), two
   * words ("subject line") or part of a word ({@code "<headl in headline"}, with {@code <} and {@code >}
   * marking the word's start and end).
   */
  public record Contribution(String feature, double weight) {}

  /**
   * The features of a scored text that pushed hardest towards class {@code toward} and away from
   * class {@code against}, strongest first, each feature once. No second walk over the text: the
   * features found while scoring are reused.
   */
  List<Contribution> strongest(Scored s, int toward, int against, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    // the features of a known prefix come first, and the selection over them is always the same:
    // it is made once per pair of classes and goes on from there
    Prefix prefix = s.prefix();
    Selection kept = prefix == null ? null : prefix.selection(toward, against, limit);
    Selection sel = kept == null ? new Selection(limit) : kept.copy();
    select(sel, s.weights(), s.buckets(), kept == null ? 0 : prefix.count, s.count(), toward, against);
    int n = s.count();
    double norm = n == 0 ? 0 : 1.0 / Math.sqrt(n);
    List<Contribution> out = new ArrayList<>(sel.size);
    for (int i = 0; i < sel.size; i++) {
      out.add(new Contribution(describe(s.lowerCased(), s.where()[sel.top[i]]),
          Math.round(sel.best[i] * norm * 100) / 100.0));
    }
    return out;
  }

  /** The best few features so far, strongest first, and what a feature must beat to join them. */
  private static final class Selection {
    final int[] top;
    final double[] best;
    int size;
    double floor; // 0, then the weakest of the best once there are enough

    Selection(int limit) {
      this(new int[limit], new double[limit], 0, 0);
    }

    private Selection(int[] top, double[] best, int size, double floor) {
      this.top = top;
      this.best = best;
      this.size = size;
      this.floor = floor;
    }

    Selection copy() {
      return new Selection(top.clone(), best.clone(), size, floor);
    }
  }

  /**
   * Goes on with {@code sel} over features {@code [from, to)}: one pass, keeping the best few in
   * order (the first of equals wins); an n-gram seen again has the same bucket and counts once.
   */
  private void select(Selection sel, long[] packed, int[] buckets, int from, int to, int toward, int against) {
    int k = classes();
    float st = scale[toward];
    float sa = scale[against];
    int limit = sel.top.length;
    int[] top = sel.top;
    double[] best = sel.best;
    int size = sel.size;
    double floor = sel.floor;
    for (int f = from; f < to; f++) {
      double g;
      if (packed != null) {
        long v = packed[f];
        g = st * (byte) (v >> (8 * toward)) - sa * (byte) (v >> (8 * against));
      } else {
        int at = buckets[f] * k;
        g = st * weights[at + toward] - sa * weights[at + against];
      }
      if (g <= floor) {
        continue;
      }
      int b = buckets[f];
      boolean again = false;
      for (int i = 0; i < size; i++) {
        again |= buckets[top[i]] == b;
      }
      if (again) {
        continue;
      }
      int i = size < limit ? size++ : limit - 1;
      while (i > 0 && best[i - 1] < g) {
        best[i] = best[i - 1];
        top[i] = top[i - 1];
        i--;
      }
      best[i] = g;
      top[i] = f;
      floor = size == limit ? best[limit - 1] : 0;
    }
    sel.size = size;
    sel.floor = floor;
  }

  /** Per-thread scratch space: scoring allocates nothing that grows with the text. */
  private static final class Buffers {
    /** The text as given, the first {@link #MAX_CHARS} characters of it. */
    final char[] raw = new char[MAX_CHARS];
    /** The lower-cased text from index 1, with room for a separator on either side. */
    final char[] text = new char[MAX_CHARS + 2];
    final char[] word = new char[MAX_WORD + 2];
    final int[] buckets = new int[MAX_FEATURES];
    final long[] where = new long[MAX_FEATURES];
    /** Per feature, the weights of its bucket (five classes: one byte each). */
    final long[] weights = new long[MAX_FEATURES];
    /** Set only while a {@link Prefix} is made: where the walk stopped goes there. */
    Prefix prefix;

    /**
     * Copies the first {@link #MAX_CHARS} characters of {@code text} into {@link #raw} at once (a
     * String's or a StringBuilder's own copy), not a call per character; returns how many.
     */
    int read(CharSequence text) {
      int length = Math.min(text.length(), MAX_CHARS);
      if (text instanceof String str) {
        str.getChars(0, length, raw, 0);
      } else if (text instanceof StringBuilder sb) {
        sb.getChars(0, length, raw, 0);
      } else {
        for (int i = 0; i < length; i++) {
          raw[i] = text.charAt(i);
        }
      }
      return length;
    }
  }

  /**
   * What scoring finds in the start of a text that it will see again (what the model reads of the
   * system prompts, the same on every request of an application): the lower-cased characters and
   * features of that start, their weights, and where the walk over it stopped. Immutable once made;
   * kept in {@link SystemPrompts}. A text that starts with it is scored exactly as without it.
   */
  static final class Prefix {
    private final NgramModel model;
    private final String source;
    private final char[] sourceChars;
    /** The walk's characters up to the prefix's end, from index 0 (index 0 and the end are separators). */
    private char[] text;
    private int count;
    private int[] buckets;
    private long[] where;
    private long[] packed;
    private int[] sums;
    private int resume;
    private int prevStart;
    private int prevLen;
    private int prevHash;

    /** Per pair of classes (toward * classes + against), the selection over these features; made on first use. */
    private final AtomicReferenceArray<Selection> selections;

    private Prefix(NgramModel model, String source) {
      this.model = model;
      this.source = source;
      this.sourceChars = source.toCharArray();
      this.selections = new AtomicReferenceArray<>(model.classes() * model.classes());
    }

    /** {@link #strongest}'s selection over this prefix's features (not to be changed: copy it), or null for another limit. */
    private Selection selection(int toward, int against, int limit) {
      int at = toward * model.classes() + against;
      Selection sel = selections.get(at);
      if (sel == null) {
        sel = new Selection(limit);
        model.select(sel, model.classes() == 5 ? packed : null, buckets, 0, count, toward, against);
        selections.compareAndSet(at, null, sel);
        sel = selections.get(at);
      }
      return sel.top.length == limit ? sel : null;
    }

    private void stop(int at, int start, int len, int hash) {
      this.resume = at;
      this.prevStart = start;
      this.prevLen = len;
      this.prevHash = hash;
    }

    boolean madeBy(NgramModel m) {
      return m == model;
    }

    /** Whether the text read into {@code raw} ({@code length} characters) starts with this prefix, which {@code m} made. */
    private boolean startOf(NgramModel m, char[] raw, int length) {
      int p = source.length();
      return m == model && length >= p && java.util.Arrays.equals(raw, 0, p, sourceChars, 0, p);
    }
  }

  /**
   * The features of {@code start}, the start of texts to be scored later ({@link #score(CharSequence, Prefix)});
   * null unless it ends with a line break before {@link #MAX_CHARS}, so no word runs on past it.
   */
  Prefix prefix(String start) {
    int length = start.length();
    if (length == 0 || length >= MAX_CHARS || start.charAt(length - 1) != '\n') {
      return null;
    }
    Buffers buf = new Buffers();
    Prefix p = new Prefix(this, start);
    buf.prefix = p;
    int n = features(start, bits, buf);
    int k = classes();
    p.text = java.util.Arrays.copyOf(buf.text, length + 1);
    p.count = n;
    p.buckets = java.util.Arrays.copyOf(buf.buckets, n);
    p.where = java.util.Arrays.copyOf(buf.where, n);
    p.packed = new long[n];
    p.sums = new int[k];
    for (int f = 0; f < n; f++) {
      int at = buf.buckets[f] * k;
      if (k == 5) {
        p.packed[f] = (long) LONGS.get(weights, at);
      }
      for (int j = 0; j < k; j++) {
        p.sums[j] += weights[at + j];
      }
    }
    return p;
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** The feature at {@code where} in words, from the text as {@link #features} lower-cased and hashed it. */
  private static String describe(char[] lowerCased, long where) {
    int kind = (int) (where >>> 48);
    int a = (int) (where >>> 36) & 0xfff;
    int b = (int) (where >>> 24) & 0xfff;
    int c = (int) (where >>> 12) & 0xfff;
    int d = (int) where & 0xfff;
    if (kind == WORD) {
      return new String(lowerCased, a, b);
    }
    // the words and n-grams copied into this thread's buffer, then one String made of it: no
    // intermediate strings (the word, the padded word, its substring, the concatenations)
    char[] out = DESCRIBED.get();
    int n = 0;
    if (kind == BIGRAM) {
      System.arraycopy(lowerCased, c, out, n, d); // "subject line"
      n += d;
      out[n++] = ' ';
    } else {
      // characters [c, c + d) of the word padded with '<' and '>' (at most MAX_WORD characters of it), then " in "
      int kept = Math.min(b, MAX_WORD);
      for (int p = c; p < c + d; p++) {
        out[n++] = p == 0 ? '<' : p == kept + 1 ? '>' : lowerCased[a + p - 1];
      }
      out[n++] = ' ';
      out[n++] = 'i';
      out[n++] = 'n';
      out[n++] = ' ';
    }
    System.arraycopy(lowerCased, a, out, n, b);
    return new String(out, 0, n + b);
  }

  /** Per thread, room for {@link #describe}'s longest text: an n-gram, " in " and a word, or two words. */
  private static final ThreadLocal<char[]> DESCRIBED = ThreadLocal.withInitial(() -> new char[2 * MAX_CHARS + 16]);

  private static long where(int kind, int a, int b, int c, int d) {
    return ((long) kind << 48) | ((long) a << 36) | ((long) b << 24) | ((long) c << 12) | d;
  }

  /** The kind of feature (WORD, BIGRAM, CHARS) recorded at {@code where}. */
  static int kind(long where) {
    return (int) (where >>> 48);
  }

  /** Walks the features of {@code text} into fresh arrays (for training); returns the buckets. */
  static int[] buckets(CharSequence text, int bits) {
    Buffers buf = new Buffers();
    int n = features(text, bits, buf);
    return java.util.Arrays.copyOf(buf.buckets, n);
  }

  /** Walks the features of {@code text} into fresh arrays and returns where each came from (for tests). */
  static long[] where(CharSequence text) {
    Buffers buf = new Buffers();
    int n = features(text, 16, buf);
    return java.util.Arrays.copyOf(buf.where, n);
  }

  /**
   * Finds the features of {@code text}: words are runs of letters and digits, lower-cased, as in
   * {@link Words}; for each, the word, the bigram with the word before it, and the character 3-,
   * 4- and 5-grams of the word padded with {@code <} and {@code >} (at most {@link #MAX_WORD}
   * characters of it). Only the first {@link #MAX_CHARS} characters are read. Hashes are FNV-1a
   * over the lower-cased characters, then {@link #bucket}.
   */
  private static int features(CharSequence text, int bits, Buffers buf) {
    return features(buf, buf.read(text), bits, null);
  }

  /**
   * As {@link #features(CharSequence, int, Buffers)}, of the {@code length} characters {@link Buffers#read}
   * put in {@code buf}; with a {@code prefix} of the text already
   * walked, its features and lower-cased characters are copied and the walk goes on where it stopped.
   */
  private static int features(Buffers buf, int length, int bits, Prefix prefix) {
    int shift = 32 - bits;
    int end = length + 1;
    char[] raw = buf.raw;
    // the text from t[1]: every word has a character before it and one after it, where its padded
    // n-grams put '<' and '>' (see below)
    char[] t = buf.text;
    char[] padded = buf.word;
    int[] buckets = buf.buckets;
    long[] where = buf.where;
    int n = 0;
    int prevStart = -1;
    int prevLen = 0;
    int prevHash = 0;
    int i = 1;
    if (prefix != null) {
      System.arraycopy(prefix.text, 0, t, 0, prefix.text.length);
      n = prefix.count;
      System.arraycopy(prefix.buckets, 0, buckets, 0, n);
      System.arraycopy(prefix.where, 0, where, 0, n);
      prevStart = prefix.prevStart;
      prevLen = prefix.prevLen;
      prevHash = prefix.prevHash;
      i = prefix.resume;
    }
    for (int j = prefix == null ? 1 : prefix.text.length; j < end; j++) {
      char c = raw[j - 1];
      t[j] = c < 0x80 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
    }
    while (i < end) {
      while (i < end && !letterOrDigit(t[i])) {
        i++;
      }
      int start = i;
      int wordHash = FNV_OFFSET;
      while (i < end && letterOrDigit(t[i])) {
        wordHash = (wordHash ^ t[i]) * FNV_PRIME;
        i++;
      }
      int len = i - start;
      if (len == 0) {
        if (buf.prefix != null) {
          buf.prefix.stop(i, prevStart, prevLen, prevHash);
        }
        break;
      }
      buckets[n] = bucket(wordHash, WORD, shift);
      where[n++] = where(WORD, start, len, 0, len);
      if (prevStart >= 0) {
        buckets[n] = bucket(prevHash * 31 + wordHash, BIGRAM, shift);
        where[n++] = where(BIGRAM, start, len, prevStart, prevLen);
      }
      prevStart = start;
      prevLen = len;
      prevHash = wordHash;
      // The word padded with '<' and '>' (at most MAX_WORD characters of it): the separators on
      // either side of the word are overwritten in place, which changes nothing that is read
      // later (the walk goes on at a separator either way, and describe reads only words). A
      // longer word is copied, its cut end being a letter that describe still reads.
      int p = Math.min(len, MAX_WORD) + 2;
      char[] w;
      int o;
      if (len <= MAX_WORD) {
        w = t;
        o = start - 1;
        t[o] = '<';
        t[i] = '>';
      } else {
        w = padded;
        o = 0;
        padded[0] = '<';
        System.arraycopy(t, start, padded, 1, p - 2);
        padded[p - 1] = '>';
      }
      // the 3-, 4- and 5-gram at each position, unrolled: the salts are constants
      for (int from = 0; from + 3 <= p; from++) {
        int h = (((FNV_OFFSET ^ w[o + from]) * FNV_PRIME ^ w[o + from + 1]) * FNV_PRIME ^ w[o + from + 2]) * FNV_PRIME;
        buckets[n] = bucket(h, CHARS + 3, shift);
        where[n++] = where(CHARS, start, len, from, 3);
        if (from + 4 <= p) {
          h = (h ^ w[o + from + 3]) * FNV_PRIME;
          buckets[n] = bucket(h, CHARS + 4, shift);
          where[n++] = where(CHARS, start, len, from, 4);
          if (from + 5 <= p) {
            h = (h ^ w[o + from + 4]) * FNV_PRIME;
            buckets[n] = bucket(h, CHARS + 5, shift);
            where[n++] = where(CHARS, start, len, from, 5);
          }
        }
      }
    }
    return n;
  }

  /** Letters and digits, with a fast path for the ASCII that most prompts are made of. */
  private static boolean letterOrDigit(char c) {
    return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        : Character.isLetterOrDigit(c);
  }

  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  /**
   * Fibonacci hashing of the FNV hash, salted by the kind of feature so a word and a 4-gram never
   * share a bucket on purpose: one multiply, the top bits.
   */
  private static int bucket(int h, int salt, int shift) {
    return ((h ^ (salt * 0x85ebca6b)) * 0x9e3779b1) >>> shift;
  }

  /** Writes the model as a gzip'd binary: header, classes, threshold, bias, scale, weights. */
  public void write(OutputStream out) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(out);
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(gz));
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(bits);
    data.writeInt(cheap.size());
    for (TaskCategory c : cheap) {
      data.writeUTF(c.name());
    }
    data.writeDouble(threshold);
    for (int j = 0; j < classes(); j++) {
      data.writeFloat(bias[j]);
      data.writeFloat(scale[j]);
    }
    data.write(weights, 0, classes() << bits);
    data.flush();
    gz.finish();
  }

  /** Reads a model written by {@link #write}; a file that is not one fails with a message saying so. */
  public static NgramModel read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in)));
    if (data.readInt() != MAGIC) {
      throw new IOException("not a Switchboard classifier model (bad magic number)");
    }
    int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("classifier model version " + version + ", this library reads version " + VERSION);
    }
    int bits = data.readInt();
    int n = data.readInt();
    if (bits < 10 || bits > 24 || n < 1 || n > 16) {
      throw new IOException("classifier model header is corrupt: " + bits + " bits, " + n + " classes");
    }
    List<TaskCategory> cheap = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cheap.add(TaskCategory.of(data.readUTF()));
    }
    double threshold = data.readDouble();
    float[] bias = new float[n + 1];
    float[] scale = new float[n + 1];
    for (int j = 0; j <= n; j++) {
      bias[j] = data.readFloat();
      scale[j] = data.readFloat();
    }
    byte[] weights = new byte[(n + 1) << bits];
    data.readFully(weights);
    return new NgramModel(bits, cheap, bias, scale, weights, threshold);
  }
}
