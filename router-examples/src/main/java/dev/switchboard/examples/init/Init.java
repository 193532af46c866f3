package dev.switchboard.examples.init;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.okhttp.ModelCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Writes a first config file from what this machine has: the local model servers answering on
 * their usual ports (Ollama on 11434, vLLM on 8000, llama.cpp's server on 8080), with their models
 * and LoRA adapters, and the provider keys set in the environment. It writes {@code ${VAR}}
 * references, never a key; it never overwrites a file without {@code --force}; it prints what it
 * found and what it chose. docs/configuration.md, "Starting from init".
 *
 * <pre>
 * mvn -q -Pinit -DskipTests verify                          # writes router.yaml
 * mvn -q -Pinit -DskipTests verify -Dinit.args="--output conf/router.yaml --force"
 * </pre>
 */
public final class Init {
  /** A local server to look for: the preset it is, and where it usually listens. */
  public record Target(String provider, String url) {}

  /** The usual places of the local servers this command knows. */
  public static final List<Target> LOCAL = List.of(
      new Target("ollama", "http://localhost:11434"),
      new Target("vllm", "http://localhost:8000/v1"),
      new Target("llamacpp", "http://localhost:8080/v1"));

  /**
   * A hosted provider: its preset, the environment variable holding its key, the model init
   * writes, that model's list price (dollars per million tokens, input and output) and where to
   * check it, and whether it goes in the hosted (cheaper) or the frontier tier.
   */
  public record Cloud(String provider, String keyVariable, String model, String input, String output, boolean frontier,
      String pricing) {}

  /** Prices as their providers listed them when this table was written; init says to check them. */
  static final List<Cloud> CLOUD = List.of(
      new Cloud("openai", "OPENAI_API_KEY", "gpt-4.1", "2.00", "8.00", true, "https://openai.com/api/pricing"),
      new Cloud("anthropic", "ANTHROPIC_API_KEY", "claude-sonnet-4-5", "3.00", "15.00", true,
          "https://www.anthropic.com/pricing#api"),
      new Cloud("gemini", "GEMINI_API_KEY", "gemini-2.5-flash", "0.30", "2.50", false,
          "https://ai.google.dev/gemini-api/docs/pricing"),
      new Cloud("groq", "GROQ_API_KEY", "llama-3.3-70b-versatile", "0.59", "0.79", false, "https://groq.com/pricing"),
      new Cloud("together", "TOGETHER_API_KEY", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "0.88", "0.88", false,
          "https://www.together.ai/pricing"),
      new Cloud("fireworks", "FIREWORKS_API_KEY", "accounts/fireworks/models/llama-v3p3-70b-instruct", "0.90", "0.90",
          false, "https://fireworks.ai/pricing"),
      new Cloud("mistral", "MISTRAL_API_KEY", "mistral-large-latest", "2.00", "6.00", true,
          "https://mistral.ai/pricing#api-pricing"),
      new Cloud("deepseek", "DEEPSEEK_API_KEY", "deepseek-chat", "0.27", "1.10", false,
          "https://api-docs.deepseek.com/quick_start/pricing"),
      new Cloud("openrouter", "OPENROUTER_API_KEY", "openai/gpt-4.1", "2.00", "8.00", true,
          "https://openrouter.ai/openai/gpt-4.1"));

  /** A local server that answered, with what it serves. */
  public record Local(Target target, ModelCatalog catalog) {}

  /** What the machine has. */
  public record Found(List<Local> local, List<Cloud> cloud, List<String> notes) {
    boolean nothing() {
      return local.isEmpty() && cloud.isEmpty();
    }
  }

  private Init() {}

  /**
   * Looks for each local server in {@code targets} (waiting {@code timeout} at the most for each)
   * and for each provider's key in {@code environment}. Only whether a key is set is read.
   */
  public static Found discover(List<Target> targets, Map<String, String> environment, Duration timeout) {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).build();
    List<Local> local = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Target t : targets) {
      try {
        ModelCatalog catalog = ModelCatalog.fetch(t.url(), http);
        if (catalog.baseModels().isEmpty()) {
          notes.add(t.provider() + " at " + t.url() + " answers but lists no model; left out");
        } else {
          local.add(new Local(t, catalog));
        }
      } catch (BackendException e) {
        notes.add("no " + t.provider() + " at " + t.url());
      }
    }
    List<Cloud> cloud = CLOUD.stream().filter(c -> {
      String v = environment.get(c.keyVariable());
      return v != null && !v.isBlank();
    }).toList();
    return new Found(local, cloud, notes);
  }

  /** The tiers, cheapest first: local, then hosted, then frontier, each only when something is in it. */
  static List<String> tiers(Found f) {
    List<String> tiers = new ArrayList<>();
    if (!f.local().isEmpty()) {
      tiers.add("local");
    }
    if (f.cloud().stream().anyMatch(c -> !c.frontier())) {
      tiers.add("hosted");
    }
    if (f.cloud().stream().anyMatch(Cloud::frontier)) {
      tiers.add("frontier");
    }
    return tiers;
  }

  /** The config file for what was found, commented. */
  static String render(Found f) {
    List<String> tiers = tiers(f);
    StringBuilder y = new StringBuilder();
    y.append("# Switchboard router config, written by init from what this machine had.\n")
        .append("# Reference: docs/configuration.md. Check it in; keys stay in the environment.\n\n")
        .append("tiers: [").append(String.join(", ", tiers)).append("]   # cheapest first\n\n")
        .append("backends:\n");
    Map<String, Integer> names = new LinkedHashMap<>();
    for (Local l : f.local()) {
      String model = l.catalog().baseModels().get(0);
      y.append("  ").append(unique(names, l.target().provider())).append(":\n")
          .append("    provider: ").append(l.target().provider()).append('\n')
          .append("    base-url: ").append(quoted(openAiBase(l.target().url()))).append('\n')
          .append("    model: ").append(quoted(model)).append('\n');
      if (l.catalog().baseModels().size() > 1) {
        y.append("    # also served here: ").append(String.join(", ", l.catalog().baseModels().subList(1,
            l.catalog().baseModels().size()))).append('\n');
      }
      if (!l.catalog().adapters().isEmpty()) {
        y.append("    adapters: [").append(String.join(", ", l.catalog().adapters().stream().map(Init::quoted)
            .toList())).append("]   # LoRA adapters it serves (docs/adapters.md)\n");
      }
      y.append("    tier: local                     # free: no price\n");
    }
    for (Cloud c : f.cloud()) {
      y.append("  ").append(unique(names, c.provider())).append(":\n")
          .append("    provider: ").append(c.provider()).append('\n')
          .append("    api-key: ${").append(c.keyVariable()).append("}\n")
          .append("    model: ").append(quoted(c.model())).append('\n')
          .append("    tier: ").append(c.frontier() ? "frontier" : "hosted").append('\n')
          .append("    price: {input: ").append(c.input()).append(", output: ").append(c.output())
          .append("}   # list price per 1M tokens when init was written; check ").append(c.pricing()).append('\n');
    }
    String cheapest = tiers.get(0);
    y.append("\n# The default tier map sends extraction, classification, summarization and transformation to\n")
        .append("# the cheapest tier (").append(cheapest).append(") and everything else to the most capable one.\n")
        .append("# Change it here, e.g.:\n")
        .append("# routes:\n#   summarization: ").append(tiers.get(tiers.size() - 1)).append("\n\n");
    y.append("budgets:\n")
        .append("  default: {daily: 10.00}             # dollars a day for each service\n")
        .append("  at-limit: downgrade                 # at the limit, serve from the cheapest tier instead of failing\n")
        .append("  downgrade-to-tier: ").append(cheapest).append("\n\n");
    y.append("failover:                             # the defaults, written out\n")
        .append("  failure-threshold: 3                # failures in a row that open a backend's breaker\n")
        .append("  cooldown: 30s                       # before a trial call\n")
        .append("  max-retries: 2\n")
        .append("  deadline: 60s                       # for a whole request, failover included\n");
    if (tiers.size() > 1) {
      String reference = f.cloud().stream().filter(Cloud::frontier).map(Cloud::provider).findFirst()
          .orElse(f.cloud().isEmpty() ? null : f.cloud().get(f.cloud().size() - 1).provider());
      if (reference != null) {
        y.append("\n# The quality loop re-asks a sample of cheap answers of a reference model (each sample is a\n")
            .append("# paid call) and moves a category up a tier when the cheap answers fall short. Uncomment to use:\n")
            .append("# quality:\n#   reference: ").append(reference).append("\n#   sample-rate: 0.02\n");
      }
    }
    return y.toString();
  }

  /** What the server's OpenAI-compatible base is: Ollama's root gets {@code /v1}. */
  public static String openAiBase(String url) {
    String u = url.replaceAll("/+$", "");
    return u.endsWith("/v1") ? u : u + "/v1";
  }

  private static String unique(Map<String, Integer> names, String name) {
    int n = names.merge(name, 1, Integer::sum);
    return n == 1 ? name : name + "-" + n;
  }

  /** A YAML scalar, quoted when it holds anything beyond plain letters, digits and {@code .-_/}. */
  static String quoted(String s) {
    return s.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** What init prints about what it found and chose. */
  static void describe(Found f, PrintStream out) {
    for (Local l : f.local()) {
      out.printf(Locale.ROOT, "found %s at %s: %s%s%n", l.target().provider(), l.target().url(),
          String.join(", ", l.catalog().baseModels()),
          l.catalog().adapters().isEmpty() ? "" : " (adapters: " + String.join(", ", l.catalog().adapters()) + ")");
    }
    for (Cloud c : f.cloud()) {
      out.printf(Locale.ROOT, "found %s set: %s %s in tier %s%n", c.keyVariable(), c.provider(), c.model(),
          c.frontier() ? "frontier" : "hosted");
    }
    f.notes().forEach(n -> out.println(n));
    if (!f.nothing()) {
      out.println("tiers, cheapest first: " + String.join(", ", tiers(f)));
    }
  }

  /**
   * Runs init: {@code --output FILE} (default router.yaml), {@code --force} to replace a file,
   * {@code --print} to write to standard output instead. Returns the exit status.
   */
  static int run(String[] args, List<Target> targets, Map<String, String> environment, Path workingDir,
      PrintStream out, PrintStream err) {
    Path output = workingDir.resolve("router.yaml");
    boolean force = false;
    boolean print = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--force" -> force = true;
        case "--print" -> print = true;
        case "--output" -> {
          if (i + 1 >= args.length) {
            err.println("init: --output needs a file name");
            return 2;
          }
          output = workingDir.resolve(args[++i]);
        }
        default -> {
          err.println("init: unknown argument '" + args[i] + "'; use --output FILE, --force, --print");
          return 2;
        }
      }
    }
    if (!print && Files.exists(output) && !force) {
      err.println("init: " + output + " exists; add --force to replace it, or --output another file");
      return 2;
    }
    Found found = discover(targets, environment, Duration.ofSeconds(1));
    describe(found, out);
    if (found.nothing()) {
      err.println("init: found no local model server and no provider key, so there is nothing to route to. Start "
          + "Ollama, vLLM or llama.cpp's server on its usual port, or set a key such as OPENAI_API_KEY, and run init "
          + "again.");
      return 1;
    }
    String config = render(found);
    if (print) {
      out.print(config);
      return 0;
    }
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(output, config);
    } catch (IOException e) {
      err.println("init: could not write " + output + ": " + e.getMessage());
      return 1;
    }
    out.println("wrote " + output + "; load it with RoutingChatClient.fromConfig(Path.of(\"" + output.getFileName()
        + "\"))");
    return 0;
  }

  public static void main(String[] args) {
    int status = run(args, LOCAL, System.getenv(), Path.of(""), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }
}
