package dev.switchboard.router.internal.classify;

import dev.switchboard.router.TaskCategory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A small linear model over hashed n-grams of an instruction: word unigrams and bigrams, and the
 * character 3-, 4- and 5-grams of each word (padded with {@code <} and {@code >}). Each feature is
 * hashed into one of 2^bits buckets; a bucket holds one signed byte per class, scaled per class.
 * The classes are the cheap categories, then one class for everything that needs the capable tier.
 *
 * <p>Immutable and thread-safe; scoring allocates only a few small arrays. The same
 * {@link #features} walk serves training ({@link ModelTrainer}), scoring and explaining, so the
 * three can never disagree about what a feature is.
 */
public final class NgramModel {
  static final int MAGIC = 0x53424e47; // "SBNG"
  static final int VERSION = 1;
  /** Only this much of the model's text is read: the cost stays bounded whatever is pasted. */
  static final int MAX_CHARS = 1000;
  static final int MAX_WORD = 24;
  static final int WORD = 0;
  static final int BIGRAM = 1;
  static final int CHARS = 2;

  private final int bits;
  private final List<TaskCategory> cheap;
  private final float[] bias;
  private final float[] scale;
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
    this.weights = weights;
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
    return new NgramModel(bits, cheap, bias, scale, weights, t);
  }

  int bits() {
    return bits;
  }

  int classes() {
    return cheap.size() + 1;
  }

  /** The model's probabilities for {@code text}: one per cheap category, the capable class last. */
  public double[] probabilities(String text) {
    int k = classes();
    int[] sum = new int[k];
    int mask = (1 << bits) - 1;
    int n = features(text, (bucket, kind, a, b, c, d) -> {
      int at = (bucket & mask) * k;
      for (int j = 0; j < k; j++) {
        sum[j] += weights[at + j];
      }
    });
    double norm = n == 0 ? 0 : 1.0 / Math.sqrt(n);
    double[] p = new double[k];
    for (int j = 0; j < k; j++) {
      p[j] = bias[j] + scale[j] * sum[j] * norm;
    }
    return softmax(p);
  }

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
   * words ("subject line") or part of a word ("<headl in headline", with {@code <} and {@code >}
   * marking the word's start and end).
   */
  public record Contribution(String feature, double weight) {}

  /**
   * The features of {@code text} that pushed hardest towards class {@code toward} and away from
   * class {@code against}, strongest first, each feature once.
   */
  public List<Contribution> strongest(String text, int toward, int against, int limit) {
    int k = classes();
    int mask = (1 << bits) - 1;
    int candidates = limit * 4;
    long[] where = new long[candidates];
    int[] kinds = new int[candidates];
    double[] gain = new double[candidates];
    int[] size = {0};
    int n = features(text, (bucket, kind, a, b, c, d) -> {
      int at = (bucket & mask) * k;
      double g = scale[toward] * weights[at + toward] - scale[against] * weights[at + against];
      if (g <= 0) {
        return;
      }
      long pos = ((long) a << 48) | ((long) b << 32) | ((long) c << 16) | d;
      for (int i = 0; i < size[0]; i++) {
        if (kinds[i] == kind && where[i] == pos) {
          return;
        }
      }
      int slot = size[0] < candidates ? size[0]++ : weakest(gain, candidates);
      if (gain[slot] < g) {
        gain[slot] = g;
        kinds[slot] = kind;
        where[slot] = pos;
      }
    });
    double norm = n == 0 ? 0 : 1.0 / Math.sqrt(n);
    List<Contribution> out = new ArrayList<>();
    boolean[] used = new boolean[size[0]];
    while (out.size() < limit) {
      int best = -1;
      for (int i = 0; i < size[0]; i++) {
        if (!used[i] && (best < 0 || gain[i] > gain[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      used[best] = true;
      String name = describe(text, kinds[best], where[best]);
      if (out.stream().noneMatch(c -> c.feature().equals(name))) {
        out.add(new Contribution(name, Math.round(gain[best] * norm * 100) / 100.0));
      }
    }
    return out;
  }

  private static int weakest(double[] gain, int size) {
    int w = 0;
    for (int i = 1; i < size; i++) {
      if (gain[i] < gain[w]) {
        w = i;
      }
    }
    return w;
  }

  private static String describe(String text, int kind, long pos) {
    int a = (int) (pos >>> 48) & 0xffff;
    int b = (int) (pos >>> 32) & 0xffff;
    int c = (int) (pos >>> 16) & 0xffff;
    int d = (int) pos & 0xffff;
    String word = lower(text, a, b);
    if (kind == WORD) {
      return word;
    }
    if (kind == BIGRAM) {
      return lower(text, c, d) + " " + word;
    }
    String padded = "<" + (b > MAX_WORD ? word.substring(0, MAX_WORD) : word) + ">";
    return padded.substring(c, c + d) + " in " + word;
  }

  /** Lower-cased char by char, as {@link #features} hashes it, so offsets stay valid. */
  private static String lower(String text, int from, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = Character.toLowerCase(text.charAt(from + i));
    }
    return new String(out);
  }

  /** Receives each feature: its hash and where it came from (for explaining). */
  @FunctionalInterface
  interface Sink {
    /**
     * For a word or a character n-gram: {@code a, b} are the word's offset and length in the
     * lower-cased text, {@code c, d} the n-gram's offset and length in the padded word. For a
     * bigram: {@code a, b} the second word, {@code c, d} the first.
     */
    void accept(int hash, int kind, int a, int b, int c, int d);
  }

  /**
   * Walks the features of {@code text}: words are runs of letters and digits, lower-cased, as in
   * {@link Words}. Returns how many features there were.
   */
  static int features(String text, Sink sink) {
    int end = Math.min(text.length(), MAX_CHARS);
    int count = 0;
    int prevStart = -1;
    int prevLen = 0;
    int prevHash = 0;
    int i = 0;
    while (i < end) {
      while (i < end && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int start = i;
      int wordHash = 0x811c9dc5;
      while (i < end && Character.isLetterOrDigit(text.charAt(i))) {
        wordHash = (wordHash ^ Character.toLowerCase(text.charAt(i))) * 0x01000193;
        i++;
      }
      int len = i - start;
      if (len == 0) {
        break;
      }
      sink.accept(mix(wordHash, WORD), WORD, start, len, 0, len);
      count++;
      if (prevStart >= 0) {
        sink.accept(mix(prevHash * 31 + wordHash, BIGRAM), BIGRAM, start, len, prevStart, prevLen);
        count++;
      }
      prevStart = start;
      prevLen = len;
      prevHash = wordHash;
      int padded = Math.min(len, MAX_WORD) + 2;
      for (int n = 3; n <= 5; n++) {
        for (int from = 0; from + n <= padded; from++) {
          int h = 0x811c9dc5;
          for (int j = from; j < from + n; j++) {
            char ch = j == 0 ? '<' : j == padded - 1 ? '>' : Character.toLowerCase(text.charAt(start + j - 1));
            h = (h ^ ch) * 0x01000193;
          }
          sink.accept(mix(h, CHARS + n), CHARS, start, len, from, n);
          count++;
        }
      }
    }
    return count;
  }

  /** Murmur3's finaliser, salted by the kind of feature so a word and a 4-gram never share a hash. */
  private static int mix(int h, int salt) {
    h ^= salt * 0x9e3779b9;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
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
    data.write(weights);
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
