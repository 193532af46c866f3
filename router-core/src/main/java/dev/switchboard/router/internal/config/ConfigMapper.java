package dev.switchboard.router.internal.config;

import dev.switchboard.router.AdapterRule;
import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingRule;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.JournalBudgetLedger;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.chat.Capability;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.config.InvalidConfigException;
import dev.switchboard.router.config.RouterConfig;
import dev.switchboard.router.config.Section;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RateLimit;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.quality.QualityScorer;
import dev.switchboard.router.quality.QualityScorers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A checked {@link RouterConfig} made into what the router's builder takes: one method per section
 * ({@link #backend}, {@link #classifier}, {@link #failover}, {@link #budgets}, {@link #cache},
 * {@link #quality}...), each calling that section's own builder, so each is re-pointed alone when
 * the builder it calls changes. Not API.
 */
public final class ConfigMapper {
  /** The tier of a reference backend that is not one of the router's: it is never planned on. */
  static final String REFERENCE_TIER = "reference";

  private ConfigMapper() {}

  /** What the router's builder takes from a config; null where the file leaves the builder's default. */
  private record Parts(List<String> tiers, List<String> categories, List<Backend> backends,
      Map<TaskCategory, String> routes, List<RoutingRule> rules, RuleBasedClassifier classifier,
      FailoverPolicy failover, BudgetPolicy budgets, CachePolicy cache, QualityPolicy quality) {}

  /**
   * Applies everything {@code config} says to {@code builder}; the ledger, which may open a file
   * or a connection pool, is made last.
   *
   * @throws InvalidConfigException when a client or the ledger cannot be made
   */
  public static void apply(RouterConfig config, RoutingChatClient.Builder builder) {
    apply(config, builder, true);
  }

  /** The file's ledger section, if any: two configs with equal ones share one ledger across a reload. */
  public static java.util.Optional<Section> ledgerSection(RouterConfig config) {
    return config.root().section("budgets").flatMap(b -> b.section("ledger"));
  }

  /**
   * As above; with {@code makeLedger} false the file's ledger is not opened (a reload whose ledger
   * section did not change keeps the ledger it has: a journal is locked by its one owner).
   */
  public static void apply(RouterConfig config, RoutingChatClient.Builder builder, boolean makeLedger) {
    List<String> problems = new ArrayList<>();
    Parts p = parts(config, section -> true, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(config.source(), problems);
    }
    Section budgets = makeLedger ? config.root().section("budgets").orElse(null) : null;
    BudgetLedger ledger = budgets == null ? null
        : attempt("budgets.ledger", section -> true, problems, () -> ledger(config, budgets));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(config.source(), problems);
    }
    builder.tiers(p.tiers().toArray(String[]::new)).categories(p.categories().toArray(String[]::new));
    p.backends().forEach(builder::backend);
    p.routes().forEach(builder::route);
    p.rules().forEach(builder::rule);
    for (Section r : config.root().list("adapter-rules", Section.class)) {
      builder.adapterRule(adapterRule(r));
    }
    builder.failover(p.failover());
    if (p.classifier() != null) {
      builder.classifier(p.classifier());
    }
    if (p.budgets() != null) {
      builder.budgets(p.budgets());
    }
    if (ledger != null) {
      builder.ledger(ledger);
    }
    if (p.cache() != null) {
      builder.cache(p.cache());
    }
    if (p.quality() != null) {
      builder.quality(p.quality());
      // What the quality loop runs with, not its settings: the router builder takes these.
      Section q = config.root().section("quality").orElseThrow();
      q.get("seed", Long.class).ifPresent(seed -> builder.random(new java.util.Random(seed)));
      q.get("restore", Path.class).ifPresent(file -> attempt("quality.restore", section -> true, problems, () -> {
        try {
          return builder.restoreQuality(Files.readString(file));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }));
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(config.source(), problems);
      }
    }
  }

  /**
   * What the sections' own builders say is wrong, each sections that {@code clean} accepts built
   * and dropped: clients are made (they start nothing), the ledger is not.
   */
  public static List<String> check(RouterConfig config, Predicate<String> clean) {
    List<String> problems = new ArrayList<>();
    parts(config, clean, problems);
    return problems;
  }

  private static Parts parts(RouterConfig config, Predicate<String> clean, List<String> problems) {
    Section file = config.root();
    List<String> categories = file.list("categories", String.class);
    Map<String, Backend> backends = new LinkedHashMap<>();
    file.map("backends", Section.class).forEach((name, b) -> {
      Backend backend = attempt(b.path(), clean, problems,
          () -> backend(b, name, b.string("tier").orElseThrow(), client(config, name, b)));
      if (backend != null) {
        backends.put(name, backend);
      }
    });
    Map<TaskCategory, String> routes = new LinkedHashMap<>();
    file.map("routes", String.class).forEach((category, tier) -> routes.put(TaskCategory.of(category), tier));
    List<RoutingRule> rules = new ArrayList<>();
    for (Section r : file.list("rules", Section.class)) {
      RoutingRule rule = attempt(r.path(), clean, problems, () -> rule(r));
      if (rule != null) {
        rules.add(rule);
      }
    }
    RuleBasedClassifier classifier = file.section("classifier")
        .map(c -> attempt(c.path(), clean, problems, () -> classifier(c, categories))).orElse(null);
    Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
    file.map("rate-limits", Section.class).forEach((service, s) -> {
      RateLimit limit = attempt(s.path(), clean, problems, () -> rateLimit(s));
      if (limit != null) {
        rateLimits.put(service, limit);
      }
    });
    Map<String, Integer> caps = new LinkedHashMap<>();
    file.map("backends", Section.class).forEach((name, b) -> b.get("concurrency", Integer.class)
        .ifPresent(cap -> caps.put(name, cap)));
    file.section("quality").flatMap(ConfigMapper::ownReference).ifPresent(ref -> ref.get("concurrency", Integer.class)
        .ifPresent(cap -> caps.put(ref.string("name").orElseThrow(), cap)));
    Section failoverSection = file.section("failover").orElse(null);
    FailoverPolicy failover = attempt("failover", clean, problems, () -> failover(failoverSection, caps, rateLimits));
    BudgetPolicy budgets = file.section("budgets").map(b -> attempt(b.path(), clean, problems, () -> budgets(b)))
        .orElse(null);
    CachePolicy cache = file.section("cache").map(c -> attempt(c.path(), clean, problems, () -> cache(c)))
        .orElse(null);
    QualityPolicy quality = file.section("quality").map(q -> attempt(q.path(), clean, problems, () -> {
      Backend reference = reference(config, q, backends);
      return reference == null ? null : quality(q, reference, config.scorers()); // null: its backend's problem is said
    })).orElse(null);
    return new Parts(file.list("tiers", String.class), categories, List.copyOf(backends.values()), routes, rules,
        classifier, failover, budgets, cache, quality);
  }

  /** {@code build()}, or null after adding what it threw to {@code problems} (or when {@code path} already has one). */
  private static <T> T attempt(String path, Predicate<String> clean, List<String> problems, Supplier<T> build) {
    if (!clean.test(path)) {
      return null;
    }
    try {
      return build.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(path + ": " + e.getMessage());
      return null;
    }
  }

  // ---- one method per section ----

  static ChatClient client(RouterConfig config, String name, Section backend) {
    return config.backendFactory(backend.string("provider").orElse(RouterConfig.DEFAULT_PROVIDER)).create(name, backend);
  }

  static Backend backend(Section b, String name, String tier, ChatClient client) {
    Backend.Builder x = Backend.builder(name).client(client).tier(tier);
    b.string("model").ifPresent(x::model);
    b.section("price").map(ConfigMapper::price).ifPresent(x::price);
    if (b.has("capabilities")) {
      Set<Capability> caps = EnumSet.noneOf(Capability.class);
      b.list("capabilities", String.class)
          .forEach(c -> caps.add(Capability.valueOf(c.toUpperCase(Locale.ROOT).replace('-', '_'))));
      if (caps.isEmpty()) {
        x.textOnly();
      } else {
        Capability first = caps.iterator().next();
        caps.remove(first);
        x.capabilities(first, caps.toArray(Capability[]::new));
      }
    }
    b.get("context-window", Integer.class).ifPresent(x::contextWindow);
    if (b.has("adapters")) {
      x.adapters(b.list("adapters", String.class));
    }
    return x.build();
  }

  static Price price(Section p) {
    Price price = Price.perMillionTokens(p.get("input", BigDecimal.class).orElseThrow(),
        p.get("output", BigDecimal.class).orElseThrow());
    price = p.get("cached-input", BigDecimal.class).map(price::withCachedInput).orElse(price);
    price = p.get("cache-write", BigDecimal.class).map(price::withCacheWrite).orElse(price);
    price = p.get("cache-write-1h", BigDecimal.class).map(price::withCacheWrite1h).orElse(price);
    Price priced = price;
    return p.get("batch-discount", BigDecimal.class).map(d -> priced.withBatchDiscount(d.doubleValue())).orElse(priced);
  }

  static RoutingRule rule(Section r) {
    String tier = r.string("tier").orElseThrow();
    RoutingRule.Match match = r.string("service").map(RoutingRule::forService)
        .orElseGet(() -> RoutingRule.forTag(r.string("tag").orElseThrow()));
    if (r.has("service")) {
      match = r.string("tag").map(match::andTag).orElse(match);
    }
    return match.toTier(tier);
  }

  /** An adapter rule: its adapter, the service, tag and category it matches, its fallback model. */
  static AdapterRule adapterRule(Section r) {
    AdapterRule.Builder b = AdapterRule.to(r.string("adapter").orElseThrow());
    r.string("service").ifPresent(b::service);
    r.string("tag").ifPresent(b::tag);
    r.string("category").map(TaskCategory::of).ifPresent(b::category);
    r.string("fallback-model").ifPresent(b::fallbackModel);
    return b.build();
  }

  static RuleBasedClassifier classifier(Section c, List<String> categories) {
    RuleBasedClassifier.Builder b = RuleBasedClassifier.builder().categories(categories.toArray(String[]::new));
    c.get("min-score", BigDecimal.class).ifPresent(v -> b.minScore(v.doubleValue()));
    c.get("min-confidence", BigDecimal.class).ifPresent(v -> b.minConfidence(v.doubleValue()));
    c.get("capable-guard", BigDecimal.class).ifPresent(v -> b.capableGuard(v.doubleValue()));
    c.get("model-threshold", BigDecimal.class).ifPresent(v -> b.modelThreshold(v.doubleValue()));
    c.get("model-veto", BigDecimal.class).ifPresent(v -> b.modelVeto(v.doubleValue()));
    c.get("model-veto-any", BigDecimal.class).ifPresent(v -> b.modelVetoAny(v.doubleValue()));
    c.get("model-overrule", BigDecimal.class).ifPresent(v -> b.modelOverrule(v.doubleValue()));
    c.get("model", Object.class).ifPresent(m -> {
      if (m instanceof Path file) {
        b.model(file);
      } else if (m.equals("none")) {
        b.withoutModel();
      }
    });
    if (c.has("cheap-categories")) {
      Set<TaskCategory> cheap = new LinkedHashSet<>();
      c.list("cheap-categories", String.class).forEach(n -> cheap.add(TaskCategory.of(n)));
      b.cheapCategories(cheap);
    }
    c.map("phrases", Section.class).forEach((name, changes) -> {
      TaskCategory category = TaskCategory.of(name);
      for (Object add : changes.list("add", Object.class)) {
        if (add instanceof Section weighted) {
          b.addPhrase(category, weighted.string("phrase").orElseThrow(),
              weighted.get("weight", BigDecimal.class).map(BigDecimal::doubleValue).orElse(STRONG));
        } else {
          b.addPhrase(category, (String) add, STRONG);
        }
      }
      changes.list("remove", String.class).forEach(phrase -> b.removePhrase(category, phrase));
    });
    c.map("verbs", Section.class).forEach((name, changes) -> {
      changes.list("add", String.class).forEach(verb -> b.addLeadingVerb(verb, TaskCategory.of(name)));
      changes.list("remove", String.class).forEach(b::removeLeadingVerb);
    });
    return b.build();
  }

  /** A phrase's weight unless the file gives one: decides alone, as a built-in strong phrase does. */
  private static final double STRONG = 2.0;

  /**
   * The failover section with the backends' concurrency caps and the services' rate limits, which
   * {@link FailoverPolicy} holds today. {@code f} is null when the file has no failover section.
   */
  static FailoverPolicy failover(Section f, Map<String, Integer> caps, Map<String, RateLimit> rateLimits) {
    FailoverPolicy.Builder b = FailoverPolicy.builder();
    if (f != null) {
      b.circuitBreaker(c -> {
        f.get("failure-threshold", Integer.class).ifPresent(c::failureThreshold);
        f.get("cooldown", Duration.class).ifPresent(c::cooldown);
        f.get("misconfigured-cooldown", Duration.class).ifPresent(c::misconfiguredCooldown);
        f.get("wait-for-half-open", Duration.class).ifPresent(c::waitForHalfOpen);
      });
      b.retry(r -> {
        f.get("max-retries", Integer.class).ifPresent(r::maxRetries);
        f.section("backoff").ifPresent(o -> r.backoff(o.get("base", Duration.class).orElseThrow(),
            o.get("max", Duration.class).orElseThrow()));
        f.get("jitter", BigDecimal.class).ifPresent(j -> r.jitter(j.doubleValue()));
        f.get("max-retry-after", Duration.class).ifPresent(r::maxRetryAfter);
      });
      b.timeout(t -> {
        f.get("deadline", Duration.class).ifPresent(t::deadline);
        f.get("attempt-timeout", Duration.class).ifPresent(t::attemptTimeout);
        f.get("first-token-timeout", Duration.class).ifPresent(t::firstTokenTimeout);
      });
      b.bulkhead(k -> {
        f.get("concurrency-cap", Integer.class).ifPresent(k::concurrencyCap);
        f.get("capacity-wait", Duration.class).ifPresent(k::capacityWait);
      });
    }
    b.bulkhead(k -> caps.forEach(k::concurrencyCap));
    rateLimits.forEach(b::rateLimit);
    return b.build();
  }

  static RateLimit rateLimit(Section s) {
    return new RateLimit(s.get("requests", Integer.class).orElse(0),
        s.get("request-period", Duration.class).orElse(Duration.ofSeconds(1)),
        s.get("tokens", Integer.class).orElse(0),
        s.get("token-period", Duration.class).orElse(Duration.ofMinutes(1)),
        s.get("max-wait", Duration.class).orElse(Duration.ZERO));
  }

  static BudgetPolicy budgets(Section s) {
    BudgetPolicy.Builder b = BudgetPolicy.builder();
    s.string("zone").map(ZoneId::of).ifPresent(b::zone);
    s.map("services", Section.class).forEach((service, limits) -> {
      limits.get("daily", BigDecimal.class).ifPresent(d -> b.daily(service, d));
      limits.get("monthly", BigDecimal.class).ifPresent(d -> b.monthly(service, d));
    });
    s.section("default").ifPresent(limits -> {
      limits.get("daily", BigDecimal.class).ifPresent(d -> b.defaultDaily(d.doubleValue()));
      limits.get("monthly", BigDecimal.class).ifPresent(d -> b.defaultMonthly(d.doubleValue()));
    });
    s.string("downgrade-to-tier").ifPresent(b::downgradeToTier);
    s.string("downgrade-to-backend").ifPresent(b::downgradeToBackend);
    if (s.string("at-limit").orElse("").equals("reject")) {
      b.reject();
    }
    s.get("warn-at", BigDecimal.class).ifPresent(w -> b.warnAt(w.doubleValue()));
    s.get("output-allowance", Integer.class).ifPresent(b::outputAllowance);
    s.get("reservation-ttl", Duration.class).ifPresent(b::reservationTtl);
    if (s.string("when-ledger-down").orElse("").equals("reject")) {
      b.failClosed();
    }
    return b.build();
  }

  /** The ledger of the budgets section; null for {@code memory} (the router makes one on its own clock). */
  static BudgetLedger ledger(RouterConfig config, Section budgets) {
    Section l = budgets.get("ledger", Object.class).filter(Section.class::isInstance).map(Section.class::cast).orElse(null);
    if (l == null) {
      return null;
    }
    if (l.has("journal")) {
      return JournalBudgetLedger.open(l.get("journal", Path.class).orElseThrow(), l.get("fsync", Boolean.class)
          .orElse(false));
    }
    return config.ledgerFactory("redis").create(l);
  }

  static CachePolicy cache(Section c) {
    if (!c.get("enabled", Boolean.class).orElse(true)) {
      return null;
    }
    CachePolicy.Builder b = CachePolicy.builder();
    c.get("ttl", Duration.class).ifPresent(b::ttl);
    c.get("max-bytes", Long.class).ifPresent(b::maxBytes);
    c.get("share-across-services", Boolean.class).ifPresent(b::shareAcrossServices);
    c.get("cache-tool-calls", Boolean.class).ifPresent(b::cacheToolCalls);
    return b.build();
  }

  /** The reference: one of the router's backends by name (null when that one could not be made), or one of its own. */
  static Backend reference(RouterConfig config, Section q, Map<String, Backend> backends) {
    Section own = ownReference(q).orElse(null);
    if (own == null) {
      return backends.get(q.string("reference").orElseThrow());
    }
    String name = own.string("name").orElseThrow();
    return backend(own, name, REFERENCE_TIER, client(config, name, own));
  }

  /** The quality loop's reference when it is a backend of its own, not one of the router's. */
  private static java.util.Optional<Section> ownReference(Section quality) {
    return quality.get("reference", Object.class).filter(Section.class::isInstance).map(Section.class::cast);
  }

  /** The quality section; null when it says {@code enabled: false}. */
  static QualityPolicy quality(Section q, Backend reference, Map<String, QualityScorer> custom) {
    if (!q.get("enabled", Boolean.class).orElse(true)) {
      return null;
    }
    QualityPolicy.Builder b = QualityPolicy.builder().reference(reference);
    q.get("sample-rate", BigDecimal.class).ifPresent(r -> b.sampleRate(r.doubleValue()));
    q.map("sample-rates", BigDecimal.class).forEach((c, r) -> b.sampleRate(TaskCategory.of(c), r.doubleValue()));
    q.get("threshold", BigDecimal.class).ifPresent(t -> b.threshold(t.doubleValue()));
    q.map("thresholds", BigDecimal.class).forEach((c, t) -> b.threshold(TaskCategory.of(c), t.doubleValue()));
    q.get("recovery-margin", BigDecimal.class).ifPresent(m -> b.recoveryMargin(m.doubleValue()));
    q.get("window", Integer.class).ifPresent(b::window);
    q.get("min-samples", Integer.class).ifPresent(b::minSamples);
    q.get("window-time", Duration.class).ifPresent(b::windowTime);
    q.get("reprobe-rate", BigDecimal.class).ifPresent(r -> b.reprobeRate(r.doubleValue()));
    q.get("shadow-rate", BigDecimal.class).ifPresent(r -> b.shadowRate(r.doubleValue()));
    q.map("shadow-rates", BigDecimal.class).forEach((c, r) -> b.shadowRate(TaskCategory.of(c), r.doubleValue()));
    q.get("calibration-samples", Integer.class).ifPresent(b::calibrationSamples);
    if (q.has("threads") || q.has("queue")) {
      b.executor(q.get("threads", Integer.class).orElse(1), q.get("queue", Integer.class).orElse(64));
    }
    q.string("scorer").ifPresent(s -> {
      if (s.equals("reference")) {
        b.gradeWithReference();
      } else {
        b.scorer(scorer(s, custom));
      }
    });
    q.map("scorers", String.class).forEach((c, s) -> b.scorer(TaskCategory.of(c), scorer(s, custom)));
    return b.build();
  }

  static QualityScorer scorer(String name, Map<String, QualityScorer> custom) {
    return switch (name) {
      case "token-f1" -> QualityScorers.tokenF1();
      case "rouge-l" -> QualityScorers.rougeL();
      case "json-fields" -> QualityScorers.jsonFields();
      case "label" -> QualityScorers.label();
      default -> custom.get(name);
    };
  }
}
