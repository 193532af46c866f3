package dev.switchboard.examples;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.metrics.RouterReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.math.RoundingMode;
import dev.switchboard.examples.init.Init;
import dev.switchboard.router.okhttp.OpenAiCompatibleBackend;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The README's demo: a mixed workload routed over embedded stand-in backends (no network, no
 * keys), printed request by request, then what it cost against sending everything to the
 * capable tier.
 */
public final class Demo {
  private final PrintStream out;
  private final boolean color;
  private final Init.Local real; // a local model server init found, or null: the stand-ins

  Demo(PrintStream out, boolean color) {
    this(out, color, null);
  }

  Demo(PrintStream out, boolean color, Init.Local real) {
    this.out = out;
    this.color = color;
    this.real = real;
  }

  /** Held so that the level set in main stays set (java.util.logging keeps loggers weakly). */
  private static final java.util.logging.Logger ROUTER_LOG = java.util.logging.Logger.getLogger("dev.switchboard");

  public static void main(String[] args) {
    // The demo prints its own account of every request and the report shows the hour's events; the
    // router's log lines (failovers, downgrades) would only interleave with them. An application
    // keeps them: see docs/observability.md.
    ROUTER_LOG.setLevel(java.util.logging.Level.SEVERE);
    boolean color = System.console() != null && System.getenv("NO_COLOR") == null
        && !"dumb".equals(System.getenv("TERM"));
    // A local model server on its usual port (what init would find) answers the local tier's
    // share for real; without one, embedded stand-ins do, and the demo needs no network at all.
    Init.Found found = Init.discover(Init.LOCAL, Map.of(), Duration.ofMillis(300));
    new Demo(System.out, color, found.local().isEmpty() ? null : found.local().get(0)).run();
  }

  /** The router the demo uses: two free local models, a cheap hosted one, two capable cloud ones. */
  static RoutingChatClient router() {
    return router(null);
  }

  /** As {@link #router()}, with {@code real} (when not null) in place of the ollama stand-in. */
  static RoutingChatClient router(Init.Local real) {
    Backend local = real == null
        ? Backend.builder("ollama").client(new StandInBackend("ollama", 0)).model("llama3.1:8b").tier("local").build()
        : Backend.builder(real.target().provider() + ":real").tier("local").model(real.catalog().baseModels().get(0))
            .client(OpenAiCompatibleBackend.builder(real.target().provider() + ":real")
                .baseUrl(Init.openAiBase(real.target().url())).build())
            .build();
    return RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(local)
        .backend(Backend.builder("vllm").client(new StandInBackend("vllm", 3))
            .model("qwen2.5-7b-instruct").tier("local").build())
        .backend(Backend.builder("openai").client(new StandInBackend("openai", 0))
            .model("gpt-4.1").tier("cloud").price(Price.perMillionTokens(2.00, 8.00).withCachedInput(0.50)).build())
        .backend(Backend.builder("anthropic").client(new StandInBackend("anthropic", 0))
            .model("claude-sonnet-4-5").tier("cloud").price(Price.perMillionTokens(3.00, 15.00)).build())
        .build();
  }

  void run() {
    RoutingChatClient router = router(real);
    Backend reference = router.backends().stream().filter(b -> b.name().equals("openai")).findFirst().orElseThrow();
    List<ChatRequest> workload = Workload.requests();

    out.println();
    out.println(bold("Switchboard demo") + dim(" - " + workload.size()
        + " requests over embedded stand-in backends (no network, no keys)"));
    out.println(dim("tiers: local = " + (real == null ? "ollama llama3.1:8b"
        : real.target().provider() + " " + real.catalog().baseModels().get(0) + " (REAL, at " + real.target().url() + ")")
        + ", vllm qwen2.5-7b (free, on our GPU) | "
        + "cloud = openai gpt-4.1 ($2/$8 per 1M), anthropic claude-sonnet ($3/$15 per 1M)"));
    out.println();
    out.println(bold(String.format(Locale.ROOT, "%3s  %-14s %-6s %-10s %10s  %s", "#", "category", "tier", "backend",
        "cost", "request")));

    BigDecimal routedTotal = BigDecimal.ZERO;
    BigDecimal baselineTotal = BigDecimal.ZERO;
    Map<TaskCategory, int[]> perCategory = new TreeMap<>();
    Map<String, Integer> perTier = new TreeMap<>();
    int n = 0;
    for (ChatRequest request : workload) {
      n++;
      ChatResponse response = router.chat(request);
      RouteInfo route = response.route();
      Usage usage = response.usage().orElseThrow();
      BigDecimal baseline = reference.price().cost(usage);
      routedTotal = routedTotal.add(route.cost());
      baselineTotal = baselineTotal.add(baseline);
      perCategory.computeIfAbsent(route.category(), c -> new int[1])[0]++;
      perTier.merge(route.tier(), 1, Integer::sum);
      String tier = route.tier().equals("local") ? green(pad(route.tier(), 6)) : yellow(pad(route.tier(), 6));
      String note = route.failedOver() ? dim("  <- " + route.attempts().get(0).backend()
          + " refused " + (route.attempts().size() - 1) + "x (retried, then failed over)") : "";
      out.println(String.format(Locale.ROOT, "%3d  %-14s %s %-10s %10s  %s", n, route.category(), tier,
          route.backend(), money(route.cost()), excerpt(request)) + note);
    }

    out.println();
    out.println(bold("Where it went"));
    perTier.forEach((tier, count) -> out.println(String.format(Locale.ROOT, "  %-6s %3d requests", tier, count)));
    StringBuilder cats = new StringBuilder("  ");
    perCategory.forEach((c, count) -> cats.append(c).append(' ').append(count[0]).append("  "));
    out.println(dim(cats.toString().stripTrailing()));

    out.println();
    out.println(bold("What it cost"));
    out.println(String.format(Locale.ROOT, "  %-44s %12s", "everything sent to the cloud tier (gpt-4.1)", money(baselineTotal)));
    out.println(String.format(Locale.ROOT, "  %-44s %12s", "routed by Switchboard", money(routedTotal)));
    BigDecimal saved = baselineTotal.subtract(routedTotal);
    String pct = baselineTotal.signum() == 0 ? "0"
        : saved.multiply(BigDecimal.valueOf(100)).divide(baselineTotal, 1, RoundingMode.HALF_UP).toPlainString();
    out.println(green(String.format(Locale.ROOT, "  %-44s %12s  (%s%%)", "saved", money(saved), pct)));
    BigDecimal perMillion = baselineTotal.signum() == 0 ? BigDecimal.ZERO
        : saved.multiply(BigDecimal.valueOf(1_000_000 / workload.size()));
    out.println(dim(String.format(Locale.ROOT, "  at a million requests of this mix a day: about $%,.0f saved a day",
        perMillion.doubleValue())));
    out.println();
    out.println(dim("Explain any request without calling a backend: router.explain(request).why()"));
    out.println(dim("  e.g. #20: " + router.explain(workload.get(19)).why()));
    out.println();
    report(Path.of("target", "switchboard-report.html"));
  }

  /**
   * Replays the workload for a simulated hour (a manual clock: it takes milliseconds) with an
   * outage, a budget, a rate limit and the quality loop on, and writes the router's report.
   */
  void report(Path file) {
    Simulation sim = new Simulation();
    RoutingChatClient router = sim.router().build();
    sim.run(router);
    RouterReport report = router.report();
    Path written = report.writeTo(file).toAbsolutePath();
    out.println(bold("The report") + dim(" - an hour of this traffic, simulated: an outage, a budget, a rate limit, "
        + "the quality loop"));
    out.println(String.format(Locale.ROOT, "  %d requests, %s spent, %s on the cloud tier alone: open %s", report.requests(),
        money(report.cost()), money(report.baseline()), written));
    out.println();
  }

  private static String excerpt(ChatRequest r) {
    String t = r.lastUserMessage().map(ChatMessage::text).orElse("").replaceAll("\\s+", " ");
    return t.length() > 58 ? t.substring(0, 57) + "..." : t;
  }

  private static String money(BigDecimal d) {
    return "$" + d.setScale(5, RoundingMode.HALF_UP).toPlainString();
  }

  private static String pad(String s, int width) {
    return String.format(Locale.ROOT, "%-" + width + "s", s);
  }

  private String bold(String s) {
    return color ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  private String dim(String s) {
    return color ? "\u001b[2m" + s + "\u001b[0m" : s;
  }

  private String green(String s) {
    return color ? "\u001b[32m" + s + "\u001b[0m" : s;
  }

  private String yellow(String s) {
    return color ? "\u001b[33m" + s + "\u001b[0m" : s;
  }
}
