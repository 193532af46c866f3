package dev.switchboard.router.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.RoutingChatClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Trains an {@link NgramModel}: multinomial logistic regression over the hashed features, plain
 * Java, deterministic (fixed seed, one thread). A share of the examples (whole groups: all lines
 * of one source task) is held out; on it the probability threshold is chosen, with the rules in
 * front exactly as at run time, as the lowest one that keeps capable-tier prompts sent cheap at or
 * below the target share. Run {@link #main} on a labelled file in the format of the accuracy sets.
 */
final class ModelTrainer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One labelled request; {@code weight} scales its share of the loss, {@code group} keeps related lines together. */
  public record Example(TaskCategory label, ChatRequest request, double weight, String group) {}

  /** Training knobs; {@link #defaults()} are what the shipped model was trained with. */
  public record Options(int bits, int epochs, double learningRate, double l2, long seed, double validationShare,
      double maxCapableToCheap, List<TaskCategory> cheap) {
    public static Options defaults() {
      return new Options(16, 12, 0.2, 1e-6, 20261204L, 0.2, 0.01, List.of(TaskCategory.EXTRACTION,
          TaskCategory.CLASSIFICATION, TaskCategory.SUMMARIZATION, TaskCategory.TRANSFORMATION));
    }
  }

  /** What training produced, with its figures on the held-out examples. */
  public record Result(NgramModel model, int trained, int heldOut, int heldOutCapable, int rulesCapableSentCheap,
      int capableSentCheap, int heldOutCheap, int rulesCheapKeptCheap, int cheapKeptCheap, String curve) {
    public String report() {
      return curve + String.format(Locale.ROOT, "trained on %d examples; threshold %.2f, chosen on %d held out:%n"
          + "  capable-tier sent cheap: rules alone %d of %d (%.1f%%), rules + model %d (%.1f%%)%n"
          + "  cheap-eligible sent cheap: rules alone %d of %d (%.1f%%), rules + model %d (%.1f%%)", trained,
          model.threshold(), heldOut, rulesCapableSentCheap, heldOutCapable,
          share(rulesCapableSentCheap, heldOutCapable), capableSentCheap, share(capableSentCheap, heldOutCapable),
          rulesCheapKeptCheap, heldOutCheap, share(rulesCheapKeptCheap, heldOutCheap), cheapKeptCheap,
          share(cheapKeptCheap, heldOutCheap));
    }

    private static double share(int a, int b) {
      return b == 0 ? 0 : 100.0 * a / b;
    }
  }

  private ModelTrainer() {}

  /** Reads labelled lines (plain or .gz): "category" or "label"; "request", "messages" or "prompt"; optional "weight" and "group". */
  public static List<Example> read(Path file, double weight) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.getFileName().toString(), weight);
    }
  }

  /** Parses labelled lines; {@code source} names the text in error messages ("mine.jsonl line 3: ..."). */
  public static List<Example> parse(String text, String source, double weight) {
    List<Example> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#") || line.startsWith("//")) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        JsonNode label = n.has("category") ? n.get("category") : n.get("label");
        if (label == null || !label.isTextual()) {
          throw new IllegalArgumentException("no \"category\"");
        }
        ObjectNode request;
        if (n.has("request")) {
          request = (ObjectNode) n.get("request");
        } else {
          request = JSON.createObjectNode();
          if (n.has("messages")) {
            request.set("messages", n.get("messages"));
          } else if (n.has("prompt")) {
            ArrayNode messages = request.putArray("messages");
            messages.addObject().put("role", "user").put("content", n.get("prompt").asText());
          } else {
            throw new IllegalArgumentException("no \"request\", \"messages\" or \"prompt\"");
          }
        }
        double w = n.has("weight") ? n.get("weight").asDouble() : 1.0;
        if (!(w > 0)) {
          throw new IllegalArgumentException("weight must be > 0: " + w);
        }
        String group = n.has("group") ? n.get("group").asText() : source + ":" + lineNo;
        out.add(new Example(TaskCategory.of(label.asText().strip().toLowerCase(Locale.ROOT)),
            ChatRequest.fromJson(request.toString()), w * weight, group));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(source + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Whether an example is held out: whole groups, chosen by a hash of the group name and the seed. */
  static boolean heldOut(Example e, Options o) {
    long h = (e.group().hashCode() * 0x9E3779B97F4A7C15L) ^ o.seed();
    h ^= h >>> 31;
    return Math.floorMod(h, 1000) < o.validationShare() * 1000;
  }

  /** Trains on the examples that are not held out and picks the threshold on the held-out ones. */
  public static Result train(List<Example> examples, Options o) {
    List<Example> train = new ArrayList<>();
    List<Example> held = new ArrayList<>();
    for (Example e : examples) {
      (heldOut(e, o) ? held : train).add(e);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no examples to train on");
    }
    NgramModel raw = fit(train, o, 0.5);
    return chooseThreshold(raw, train.size(), held, o);
  }

  /** Multinomial logistic regression with AdaGrad and L2, then per-class 8-bit quantisation. */
  static NgramModel fit(List<Example> train, Options o, double threshold) {
    int k = o.cheap().size() + 1;
    int mask = (1 << o.bits()) - 1;
    int[][] buckets = new int[train.size()][];
    float[] norms = new float[train.size()];
    int[] labels = new int[train.size()];
    for (int i = 0; i < train.size(); i++) {
      buckets[i] = NgramModel.buckets(LearnedComponent.modelText(train.get(i).request()), o.bits());
      norms[i] = buckets[i].length == 0 ? 0 : (float) (1.0 / Math.sqrt(buckets[i].length));
      int label = o.cheap().indexOf(train.get(i).label());
      labels[i] = label < 0 ? k - 1 : label;
    }
    // Each side of the tier line weighs the same in total: the corpus has more of some kinds of task.
    double[] side = new double[2];
    for (int i = 0; i < train.size(); i++) {
      side[labels[i] == k - 1 ? 1 : 0] += train.get(i).weight();
    }
    float[] w = new float[k << o.bits()];
    float[] g2 = new float[k << o.bits()];
    double[] bias = new double[k];
    double[] biasG2 = new double[k];
    Integer[] order = new Integer[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(o.seed());
    double[] z = new double[k];
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      java.util.Collections.shuffle(java.util.Arrays.asList(order), random);
      for (int i : order) {
        int[] f = buckets[i];
        float norm = norms[i];
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (int b : f) {
            s += w[b * k + c];
          }
          z[c] = bias[c] + s * norm;
        }
        double[] p = NgramModel.softmax(z.clone());
        double sw = train.get(i).weight() * (side[0] + side[1]) / (2 * side[labels[i] == k - 1 ? 1 : 0]);
        for (int c = 0; c < k; c++) {
          double g = (p[c] - (c == labels[i] ? 1 : 0)) * sw;
          biasG2[c] += g * g;
          bias[c] -= o.learningRate() * g / Math.sqrt(biasG2[c] + 1e-8);
          for (int b : f) {
            int at = b * k + c;
            double gw = g * norm + o.l2() * w[at];
            g2[at] += (float) (gw * gw);
            w[at] -= (float) (o.learningRate() * gw / Math.sqrt(g2[at] + 1e-8));
          }
        }
      }
    }
    float[] scale = new float[k];
    float[] fb = new float[k];
    for (int c = 0; c < k; c++) {
      float max = 1e-9f;
      for (int b = 0; b <= mask; b++) {
        max = Math.max(max, Math.abs(w[b * k + c]));
      }
      scale[c] = max / 127f;
      fb[c] = (float) bias[c];
    }
    byte[] q = new byte[w.length];
    for (int i = 0; i < w.length; i++) {
      q[i] = (byte) Math.round(w[i] / scale[i % k]);
    }
    return new NgramModel(o.bits(), o.cheap(), fb, scale, q, threshold);
  }

  /**
   * The lowest threshold at which the rules plus the model send no more than the target share of
   * the held-out capable-tier prompts cheap. With nothing held out, the most cautious one (0.99).
   */
  /** The values of {@code model-veto-any} whose effect on the held-out lines a training run prints, largest first. */
  static final double[] VETO_ANY_ROWS = {0.03, 0.02, 0.01, 0.005};

  static Result chooseThreshold(NgramModel raw, int trained, List<Example> held, Options o) {
    RuleBasedClassifier rules = RuleBasedClassifier.builder().withoutModel().build();
    LearnedComponent learned = LearnedComponent.of(raw, java.util.Set.copyOf(o.cheap()), Double.NaN);
    // the veto over any cheap answer is off by default: ask one that has it on which answers it may reach
    LearnedComponent vetoing = learned.tuned(LearnedComponent.DEFAULT_OVERRULE, VETO_ANY_ROWS[0], java.util.Set.of());
    int n = held.size();
    boolean[] capable = new boolean[n];
    boolean[] rulesCheap = new boolean[n];
    double[] pCheap = new double[n];
    double[] pOverrule = new double[n];
    double[] pVeto = new double[n];
    for (int i = 0; i < n; i++) {
      Example e = held.get(i);
      capable[i] = !RoutingChatClient.DEFAULT_CHEAP.contains(e.label());
      Classification r = rules.classify(e.request());
      rulesCheap[i] = o.cheap().contains(r.category());
      pCheap[i] = learned.consulted(r) ? learned.pCheap(e.request()) : -1;
      pOverrule[i] = learned.mayOverrule(r) ? learned.pCheap(e.request(), false) : -1;
      pVeto[i] = vetoing.mayVetoAny(r) ? learned.pCheap(e.request(), false) : 2;
    }
    // Only the model's own moves count against the target: what the rules send cheap they send anyway.
    StringBuilder curve = new StringBuilder();
    double chosen = 1.0;
    int capableCount = 0;
    for (boolean c : capable) {
      capableCount += c ? 1 : 0;
    }
    for (int t = 99; t >= 50; t--) {
      double threshold = t / 100.0;
      int moved = 0;
      for (int i = 0; i < n; i++) {
        moved += capable[i] && !rulesCheap[i] && pCheap[i] >= threshold ? 1 : 0;
      }
      if (t % 5 == 0) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
          kept += !capable[i] && (rulesCheap[i] || pCheap[i] >= threshold) ? 1 : 0;
        }
        curve.append(String.format(Locale.ROOT, "  at %.2f: model sends %d capable-tier prompts cheap, %d cheap-eligible"
            + " end cheap%n", threshold, moved, kept));
      }
      if (moved > o.maxCapableToCheap() * capableCount) {
        break;
      }
      chosen = threshold;
    }
    int capableCheap = 0;
    int rulesCapableCheap = 0;
    int cheapCount = 0;
    int cheapKept = 0;
    int rulesCheapKept = 0;
    for (int i = 0; i < n; i++) {
      boolean cheap = rulesCheap[i] || pCheap[i] >= chosen;
      if (capable[i]) {
        capableCheap += cheap ? 1 : 0;
        rulesCapableCheap += rulesCheap[i] ? 1 : 0;
      } else {
        cheapCount++;
        cheapKept += cheap ? 1 : 0;
        rulesCheapKept += rulesCheap[i] ? 1 : 0;
      }
    }
    // The overrule of word cues (model-overrule) is not stored in the model: what each value would do here.
    for (int t = 95; t >= 80; t -= 5) {
      double overrule = Math.max(t / 100.0, chosen);
      int moved = 0;
      int gained = 0;
      for (int i = 0; i < n; i++) {
        moved += capable[i] && pOverrule[i] >= overrule ? 1 : 0;
        gained += !capable[i] && pOverrule[i] >= overrule ? 1 : 0;
      }
      curve.append(String.format(Locale.ROOT, "  overrule at %.2f: %d more capable-tier prompts cheap, %d more"
          + " cheap-eligible end cheap%n", overrule, moved, gained));
    }
    // The veto over any cheap answer (model-veto-any) is not stored in the model either.
    for (double below : VETO_ANY_ROWS) {
      int kept = 0;
      int lost = 0;
      for (int i = 0; i < n; i++) {
        kept += capable[i] && pVeto[i] < below ? 1 : 0;
        lost += !capable[i] && pVeto[i] < below ? 1 : 0;
      }
      curve.append(String.format(Locale.ROOT, "  veto below %.3f: %d capable-tier prompts kept off the cheap tier,"
          + " %d cheap-eligible lost%n", below, kept, lost));
    }
    NgramModel model = raw.withThreshold(chosen);
    return new Result(model, trained, n, capableCount, rulesCapableCheap, capableCheap, cheapCount, rulesCheapKept,
        cheapKept, curve.toString());
  }

  /**
   * {@code --input mine.jsonl [--input more.jsonl] [--base corpus.jsonl.gz] --output model.bin}:
   * trains on the inputs (each line weighs {@code --input-weight}, default 3) and the base corpus
   * (weight 1), writes the model and prints what it measured on the held-out examples.
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    List<Path> inputs = new ArrayList<>();
    List<Path> bases = new ArrayList<>();
    Path output = null;
    double inputWeight = 3.0;
    Options d = Options.defaults();
    int bits = d.bits();
    int epochs = d.epochs();
    double maxCapableToCheap = d.maxCapableToCheap();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      switch (a) {
        case "--input" -> inputs.add(Path.of(v));
        case "--base" -> {
          for (String part : v.split(",")) {
            if (!part.isBlank() && !part.strip().equals("none")) {
              bases.add(Path.of(part.strip()));
            }
          }
        }
        case "--output" -> output = Path.of(v);
        case "--input-weight" -> inputWeight = Double.parseDouble(v);
        case "--bits" -> bits = Integer.parseInt(v);
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--max-capable-cheap" -> maxCapableToCheap = Double.parseDouble(v);
        default -> throw new IllegalArgumentException("unknown option " + a
            + "; use --input FILE --output FILE [--base FILE,FILE|none] [--input-weight 3]"
            + " [--bits 16] [--epochs 12] [--max-capable-cheap 0.01]");
      }
      i++;
    }
    if (output == null || (inputs.isEmpty() && bases.isEmpty())) {
      throw new IllegalArgumentException("usage: --input FILE --output FILE [--base FILE,FILE|none]");
    }
    List<Example> examples = new ArrayList<>();
    for (Path p : bases) {
      examples.addAll(read(p, 1.0));
    }
    for (Path p : inputs) {
      examples.addAll(read(p, inputWeight));
    }
    Options o = new Options(bits, epochs, d.learningRate(), d.l2(), d.seed(), d.validationShare(), maxCapableToCheap,
        d.cheap());
    Result r = train(examples, o);
    try (OutputStream os = Files.newOutputStream(output)) {
      r.model().write(os);
    }
    out.println(r.report());
    out.println("wrote " + output + " (" + Files.size(output) + " bytes)");
  }
}
