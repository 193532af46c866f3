package dev.switchboard.router.internal.plan;

import dev.switchboard.router.AdapterRule;
import dev.switchboard.router.AdapterUnavailableException;
import dev.switchboard.router.Backend;
import dev.switchboard.router.Candidate;
import dev.switchboard.router.chat.Capability;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.RoutingRule;
import dev.switchboard.router.classify.Signal;
import dev.switchboard.router.classify.TaskCategory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Category to tier to ordered candidates. Cheapest first within a tier, then the tiers above in
 * order; never a cheaper tier than planned. Load is spread only among backends whose estimated
 * cost for this request is exactly equal, by rotating them.
 */
public final class Planner {
  private final List<String> tiers;
  private final Map<TaskCategory, String> tierMap;
  private final List<Backend> backends;
  private final AtomicLong rotation = new AtomicLong();
  private final Promotions promotions;
  private final List<AdapterRule> adapterRules;
  private final List<RoutingRule> rules;

  /** Where the quality loop moved a category: the tier to plan on instead of the mapped one. */
  @FunctionalInterface
  public interface Promotions {
    Promotions NONE = (category, mapped) -> mapped;

    String effectiveTier(TaskCategory category, String mapped);
  }

  public Planner(List<String> tiers, Map<TaskCategory, String> tierMap, List<Backend> backends) {
    this(tiers, tierMap, backends, Promotions.NONE);
  }

  public Planner(List<String> tiers, Map<TaskCategory, String> tierMap, List<Backend> backends,
      Promotions promotions) {
    this(tiers, tierMap, backends, promotions, List.of(), List.of());
  }

  /**
   * {@code rules}: the first that matches a request picks its tier, before the tier map and
   * promotions; {@code adapterRules}: tried in order for requests without an adapter hint.
   */
  public Planner(List<String> tiers, Map<TaskCategory, String> tierMap, List<Backend> backends,
      Promotions promotions, List<RoutingRule> rules, List<AdapterRule> adapterRules) {
    this.tiers = List.copyOf(tiers);
    this.tierMap = Map.copyOf(tierMap);
    this.backends = List.copyOf(backends);
    this.promotions = java.util.Objects.requireNonNull(promotions, "promotions");
    this.adapterRules = List.copyOf(adapterRules);
    this.rules = List.copyOf(rules);
  }

  public List<String> tiers() {
    return tiers;
  }

  /** Every backend the planner can choose from. */
  public List<Backend> backends() {
    return backends;
  }

  /** The tier the map gives a category; categories it does not name go to the most capable tier. */
  public String tierFor(TaskCategory category) {
    String t = tierMap.get(category);
    return t != null ? t : tiers.get(tiers.size() - 1);
  }

  public Plan plan(ChatRequest request, Classification classification, boolean streaming) {
    return plan(request, classification, streaming, true);
  }

  /**
   * The plan; with {@code advance} false the rotation among equal-cost backends is only looked
   * at, so {@code explain} shows the order the next request would get and changes nothing.
   */
  public Plan plan(ChatRequest request, Classification classification, boolean streaming, boolean advance) {
    List<String> reasons = new ArrayList<>();
    reasons.add(describe(classification));
    String tier;
    var tierHint = request.routing().tierHint();
    RoutingRule rule = tierHint.isPresent() ? null : ruleFor(request);
    if (tierHint.isPresent()) {
      tier = tierHint.get();
      if (!tiers.contains(tier)) {
        throw new InvalidRequestException("tier hint '" + tier + "' is not a tier of this router " + tiers);
      }
      reasons.add("tier " + tier + " from the application's hint");
    } else if (rule != null) {
      tier = rule.tier();
      reasons.add("rule " + rule);
    } else {
      tier = tierFor(classification.category());
      reasons.add(classification.category() + " maps to tier " + tier);
      String promoted = promotions.effectiveTier(classification.category(), tier);
      if (!promoted.equals(tier)) {
        reasons.add("promoted by quality loop to tier " + promoted);
        tier = promoted;
      }
    }

    Candidates found = new Candidates(request, streaming, advance ? rotation.getAndIncrement() : rotation.get());
    Adapter adapter = adapterFor(request, classification.category());
    if (adapter == null) {
      found.collect(tiers.indexOf(tier), b -> b);
    } else {
      // The application chose the adapter: every tier's backends that serve it, cheapest tier first.
      reasons.add("adapter " + adapter.name + " " + adapter.why);
      found.collect(0, b -> b.serves(adapter.name) ? b.forAdapter(adapter.name) : null);
      if (found.ordered.isEmpty() && adapter.fallback == null) {
        throw new AdapterUnavailableException(adapter.name, adapter.why, backends.stream()
            .flatMap(b -> b.adapters().stream()).distinct().sorted().toList());
      }
      if (found.ordered.isEmpty()) {
        reasons.add("no backend serves adapter " + adapter.name + ": model " + adapter.fallback
            + " instead, the rule's fallback");
      } else if (adapter.fallback != null) {
        reasons.add("then model " + adapter.fallback + ", the rule's fallback, if no backend serving the adapter answers");
      }
      if (adapter.fallback != null) {
        String model = adapter.fallback;
        found.collect(0, b -> b.serves(model) ? b.forAdapter(model) : b.model().filter(model::equals).map(m -> b)
            .orElse(null));
      }
      if (!found.ordered.isEmpty()) {
        tier = found.ordered.get(0).tier();
      }
    }
    List<Backend> ordered = found.ordered;
    List<Candidate> candidates = found.candidates;
    List<String> skipped = found.skipped;
    if (!candidates.isEmpty()) {
      reasons.add("cheapest first: " + candidates.get(0).backend()
          + (candidates.size() > 1 ? ", then " + (candidates.size() - 1) + " more" : ""));
    }
    if (!skipped.isEmpty()) {
      reasons.add("skipped " + String.join(", ", skipped));
    }
    return new Plan(new RoutingDecision(classification, tier, candidates, reasons), ordered, skipped,
        adapter == null ? null : adapter.name);
  }

  /** The adapter a request goes to, and why; null when none. */
  private record Adapter(String name, String why, String fallback) {}

  private Adapter adapterFor(ChatRequest request, TaskCategory category) {
    var hint = request.routing().adapterHint();
    if (hint.isPresent()) {
      return new Adapter(hint.get(), "from the application's hint", null);
    }
    for (AdapterRule r : adapterRules) {
      if (r.matches(request, category)) {
        return new Adapter(r.adapter(), "by rule: " + r, r.fallbackModel().orElse(null));
      }
    }
    return null;
  }

  /** The candidates of one plan as they are found: cheapest first within each tier, tiers in order. */
  private final class Candidates {
    final Set<Capability> needs;
    final int promptTokens;
    final int outputTokens;
    final String requestedModel;
    final long turn;
    final List<Backend> ordered = new ArrayList<>();
    final List<Candidate> candidates = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    Candidates(ChatRequest request, boolean streaming, long turn) {
      this.needs = needs(request, streaming);
      this.promptTokens = TokenEstimate.promptTokens(request);
      this.outputTokens = TokenEstimate.outputTokens(request);
      this.requestedModel = request.model().orElse(null);
      this.turn = turn;
    }

    /**
     * Adds the backends of tier {@code from} and above, each as {@code target} makes it (null:
     * not a candidate), that fit the request and are not candidates already.
     */
    void collect(int from, java.util.function.Function<Backend, Backend> target) {
      for (int t = from; t < tiers.size(); t++) {
        String tierName = tiers.get(t);
        List<Priced> inTier = new ArrayList<>();
        for (Backend b : backends) {
          Backend called = b.tier().equals(tierName) ? target.apply(b) : null;
          if (called == null || ordered.stream().anyMatch(o -> o.name().equals(b.name()))) {
            continue;
          }
          String why = unfit(b, needs, promptTokens + outputTokens);
          if (why != null) {
            skipped.add(b.name() + ": " + why);
            continue;
          }
          inTier.add(new Priced(called, b.price().cost(promptTokens, 0, outputTokens)));
        }
        inTier.sort(Comparator.comparing(Priced::cost));
        rotateEqualCost(inTier, turn);
        for (Priced p : inTier) {
          ordered.add(p.backend);
          candidates.add(new Candidate(p.backend.name(), tierName, p.backend.model().orElse(requestedModel), p.cost));
        }
      }
    }
  }

  private RoutingRule ruleFor(ChatRequest request) {
    for (RoutingRule r : rules) {
      if (r.matches(request.routing())) {
        return r;
      }
    }
    return null;
  }

  private static String describe(Classification c) {
    if (c.hinted()) {
      return "category " + c.category() + " from the application's hint";
    }
    StringBuilder sb = new StringBuilder("category ").append(c.category())
        .append(String.format(Locale.ROOT, " (confidence %.2f", c.confidence()));
    Signal strongest = null;
    for (Signal s : c.signals()) {
      if (s.category().equals(c.category()) && (strongest == null || s.weight() > strongest.weight())) {
        strongest = s;
      }
    }
    if (strongest != null) {
      sb.append(", ").append(strongest.name());
      if (!strongest.detail().isEmpty()) {
        sb.append(" '").append(strongest.detail()).append('\'');
      }
    }
    return sb.append(')').toString();
  }

  private static Set<Capability> needs(ChatRequest request, boolean streaming) {
    Set<Capability> needs = EnumSet.noneOf(Capability.class);
    if (request.hasTools()) {
      needs.add(Capability.TOOLS);
    }
    String rf = request.responseFormatType().orElse("");
    if (rf.equals("json_object") || rf.equals("json_schema")) {
      needs.add(Capability.JSON_OUTPUT);
    }
    if (request.hasImages()) {
      needs.add(Capability.VISION);
    }
    if (streaming) {
      needs.add(Capability.STREAMING);
    }
    return needs;
  }

  private static String unfit(Backend b, Set<Capability> needs, int tokens) {
    for (Capability c : needs) {
      if (!b.supports(c)) {
        return "lacks " + c;
      }
    }
    if (b.contextWindow() > 0 && tokens > b.contextWindow()) {
      return "context window " + b.contextWindow() + " < ~" + tokens + " tokens";
    }
    return null;
  }

  /** Rotates each run of exactly equal cost by {@code turn}, so equal backends share the load. */
  private static void rotateEqualCost(List<Priced> sorted, long turn) {
    int start = 0;
    while (start < sorted.size()) {
      int end = start + 1;
      while (end < sorted.size() && sorted.get(end).cost.compareTo(sorted.get(start).cost) == 0) {
        end++;
      }
      int size = end - start;
      if (size > 1) {
        java.util.Collections.rotate(sorted.subList(start, end), (int) -(turn % size));
      }
      start = end;
    }
  }

  private record Priced(Backend backend, BigDecimal cost) {}
}
