package dev.switchboard.router.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.internal.Names;
import dev.switchboard.router.internal.config.ConfigMapper;
import dev.switchboard.router.spi.BackendFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a config file in four passes, collecting every problem before it gives up: the schema
 * (keys, types, values), the names (tiers, backends, categories, providers, scorers the file
 * uses), the whole (every tier has a backend, one ledger...), then a dry build of every section
 * that has no problem yet (what the builders themselves check). Nothing is started.
 */
final class ConfigReader {
  /** The modules that provide what router-core does not, for the error that says which to add. */
  private static final String OKHTTP = "router-okhttp (dev.switchboard:router-okhttp)";
  private static final String REDIS = "router-redis (dev.switchboard:router-redis)";

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private ConfigReader() {}

  static RouterConfig read(String source, String text, boolean json, Path baseDir, RouterConfig.Loader loader) {
    JsonNode node = parse(source, text, json);
    Reading r = new Reading(loader.environment(), baseDir);
    Object root = Schema.ROOT.read(node, "", r);
    if (!(root instanceof Section file)) {
      throw new InvalidConfigException(source, r.problems().stream().map(Reading.Problem::toString).toList());
    }
    names(file, r, loader);
    whole(file, r, loader);
    RouterConfig config = new RouterConfig(source, file, loader);
    List<String> problems = new ArrayList<>(r.problems().stream().map(Reading.Problem::toString).toList());
    // The builders' own rules (backoff max above its base, min samples within the window...), for
    // every section that has no problem yet: a broken one would only repeat what is said above.
    problems.addAll(ConfigMapper.check(config, section -> r.problems().stream().noneMatch(p -> p.within(section))));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(source, problems);
    }
    return config;
  }

  private static JsonNode parse(String source, String text, boolean json) {
    JsonNode node;
    try {
      node = (json ? JSON : YAML).readTree(text);
    } catch (JsonProcessingException e) {
      String where = where(e.getLocation());
      String what = e.getOriginalMessage();
      if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y) {
        // SnakeYAML's own message quotes the file around the mistake; its context and problem do not
        where = y.getProblemMark() == null ? where
            : " at line " + (y.getProblemMark().getLine() + 1) + ", column " + (y.getProblemMark().getColumn() + 1);
        what = (y.getContext() == null ? "" : y.getContext() + ": ") + y.getProblem();
      }
      throw new InvalidConfigException(source, List.of("(the file): not valid " + (json ? "JSON" : "YAML")
          + where + ": " + withoutValues(what)));
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new InvalidConfigException(source, List.of("(the file): is empty; a config needs at least tiers and backends"));
    }
    return node;
  }

  private static String where(JsonLocation at) {
    return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static final Pattern QUOTED = Pattern.compile("'([^'\\s](?:[^']*[^'\\s])?)'");
  /** What a parser quotes that is not the file's text: one character, an escape, a token's kind, JSON's words. */
  private static final Pattern SAFE = Pattern.compile(".|\\\\.|<[a-z ]+>|null|true|false");

  /**
   * The parser's message without what it quotes from the file, which may be a key written
   * unquoted; single characters, token kinds, JSON's own words and a duplicated key's name stay.
   */
  private static String withoutValues(String message) {
    String first = message.lines().findFirst().orElse("").strip();
    if (first.startsWith("Duplicate field")) {
      return first;
    }
    Matcher m = QUOTED.matcher(first);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String word = m.group(1);
      m.appendReplacement(out, Matcher.quoteReplacement(SAFE.matcher(word).matches() ? m.group() : "'...'"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Pass two: every name the file uses is one it (or the class path) defines. */
  private static void names(Section file, Reading r, RouterConfig.Loader loader) {
    boolean tiersRead = r.problems().stream().noneMatch(p -> p.within("tiers"));
    boolean backendsRead = r.problems().stream().noneMatch(p -> p.path().equals("backends"));
    List<String> tiers = file.list("tiers", String.class);
    Set<String> backends = file.map("backends", Section.class).keySet();
    Set<TaskCategory> declared = new LinkedHashSet<>();
    file.list("categories", String.class).forEach(c -> {
      try {
        declared.add(Names.newCategory(c));
      } catch (IllegalArgumentException e) {
        r.problem("categories", e.getMessage());
      }
    });
    Set<String> providers = new TreeSet<>(loader.backendFactories().keySet());
    List<String> scorers = new ArrayList<>(Schema.SCORERS);
    scorers.addAll(loader.scorers().keySet());
    for (Reading.Reference ref : List.copyOf(r.references())) {
      String v = ref.value();
      switch (ref.name()) {
        case TIER -> {
          if (tiersRead && !tiers.contains(v)) {
            r.problem(ref.path(), unknown("tier", ref, tiers, "tiers"));
          }
        }
        case BACKEND -> {
          if (backendsRead && !backends.contains(v)) {
            r.problem(ref.path(), unknown("backend", ref, backends, "backends"));
          }
        }
        case CATEGORY -> category(ref, declared, r);
        case PROVIDER -> provider(ref.path(), ref, providers, r);
        case SCORER -> {
          if (!v.equals(Schema.REFERENCE_SCORER) && !scorers.contains(v)) {
            List<String> known = new ArrayList<>(scorers);
            known.add(Schema.REFERENCE_SCORER);
            r.problem(ref.path(), unknown("scorer", ref, known, "scorers"));
          }
        }
        case CATEGORY_SCORER -> {
          if (v.equals(Schema.REFERENCE_SCORER)) {
            r.problem(ref.path(), "the reference model grades every category or none: write quality.scorer: reference");
          } else if (!scorers.contains(v)) {
            r.problem(ref.path(), unknown("scorer", ref, scorers, "scorers"));
          }
        }
        default -> throw new IllegalStateException(ref.name().toString());
      }
    }
    // A backend that names no provider is an OpenAI-compatible server: someone must make those too.
    Reading.Reference implicit = new Reading.Reference("", Schema.Name.PROVIDER, RouterConfig.DEFAULT_PROVIDER,
        "'" + RouterConfig.DEFAULT_PROVIDER + "'", false);
    backendSections(file).forEach((path, b) -> {
      if (!b.has("provider")) {
        provider(path, implicit, providers, r);
      }
    });
  }

  private static void category(Reading.Reference ref, Set<TaskCategory> declared, Reading r) {
    TaskCategory c;
    try {
      c = TaskCategory.of(ref.value());
    } catch (IllegalArgumentException e) {
      r.problem(ref.path(), ref.fromEnvironment() ? "must be a category name, but was " + ref.shown() : e.getMessage());
      return;
    }
    String declare = "declare a new one under categories";
    Names.undeclaredCategory(c, declared, declare).ifPresent(problem -> r.problem(ref.path(),
        ref.fromEnvironment() ? "category " + ref.shown() + " is neither built in nor declared (" + declare + ")"
            : problem));
  }

  private static void provider(String path, Reading.Reference ref, Set<String> providers, Reading r) {
    if (providers.isEmpty()) {
      r.problem(path, "no module on the class path makes backends of provider " + ref.shown() + ": the HTTP providers"
          + " (ollama, vllm, openai, anthropic, openai-compatible...) come with " + OKHTTP + "; add it as a dependency");
    } else if (!providers.contains(ref.value())) {
      r.problem(path, unknown("provider", ref, providers, "providers"));
    }
  }

  /** "unknown tier 'clod'; did you mean 'cloud'? (tiers: local, cloud)": a value from the environment shown as its reference. */
  private static String unknown(String what, Reading.Reference ref, Collection<String> known, String label) {
    return "unknown " + what + " " + ref.shown() + (ref.fromEnvironment() ? "" : Names.didYouMean(ref.value(), known))
        + " (" + label + ": " + String.join(", ", known) + ")";
  }

  /** Pass three: what no single key can say wrong. */
  private static void whole(Section file, Reading r, RouterConfig.Loader loader) {
    Map<String, Section> backends = file.map("backends", Section.class);
    if (r.problems().stream().noneMatch(p -> p.within("tiers") || p.path().equals("backends"))) {
      List<String> tiers = file.list("tiers", String.class);
      // A backend whose tier is misspelt counts for the tier it was meant for: that one's problem is said.
      Set<String> served = new java.util.HashSet<>();
      backends.values().forEach(b -> b.string("tier")
          .ifPresent(t -> served.add(tiers.contains(t) ? t : Names.closest(t, tiers).orElse(t))));
      for (String tier : tiers) {
        if (!served.contains(tier)) {
          r.problem("tiers", "tier '" + tier + "' has no backend; give a backend tier: " + tier
              + ", or leave the tier out");
        }
      }
    }
    List<Section> rules = file.list("rules", Section.class);
    for (Section rule : rules) {
      if (!rule.has("service") && !rule.has("tag")) {
        r.problem(rule.path(), "a rule needs a service, a tag or both to match");
      }
    }
    file.section("budgets").ifPresent(b -> {
      if (b.has("downgrade-to-tier") && b.has("downgrade-to-backend")) {
        r.problem("budgets", "downgrade-to-tier and downgrade-to-backend are both set; choose one");
      }
      if (b.string("at-limit").orElse("").equals("reject")) {
        for (String k : List.of("downgrade-to-tier", "downgrade-to-backend")) {
          if (b.has(k)) {
            r.problem("budgets." + k, "at-limit is reject, so nothing is downgraded; leave it out, or write at-limit: downgrade");
          }
        }
      }
      b.get("ledger", Object.class).filter(Section.class::isInstance).map(Section.class::cast).ifPresent(ledger -> ledger(ledger, r, loader));
    });
    file.section("quality").flatMap(q -> q.get("reference", Object.class).filter(Section.class::isInstance).map(Section.class::cast)).ifPresent(ref -> {
      String name = ref.string("name").orElse("");
      if (backends.containsKey(name)) {
        r.problem(ref.path() + ".name", "'" + name + "' is already one of the backends: name this one otherwise, or"
            + " write reference: " + name + " to use that backend");
      }
    });
    backendSections(file).forEach((path, b) -> {
      BackendFactory f = loader.backendFactories().get(b.string("provider").orElse(RouterConfig.DEFAULT_PROVIDER));
      if (f != null && r.problems().stream().noneMatch(p -> p.within(path))) {
        for (String problem : f.check(b)) {
          int colon = problem.indexOf(':');
          r.problem(colon < 0 ? path : path + "." + problem.substring(0, colon), problem.substring(colon + 1).strip());
        }
      }
    });
  }

  private static void ledger(Section ledger, Reading r, RouterConfig.Loader loader) {
    String path = ledger.path();
    boolean journal = ledger.has("journal");
    boolean redis = ledger.has("redis");
    if (journal == redis) {
      r.problem(path, journal ? "journal and redis are both set; choose one"
          : "give journal (a file) or redis (a URL), or write ledger: memory");
      return;
    }
    for (String k : journal ? List.of("prefix", "keep-after-end") : List.of("fsync")) {
      if (ledger.has(k)) {
        r.problem(path + "." + k, "applies to a " + (journal ? "redis" : "journal") + " ledger only");
      }
    }
    if (redis && !loader.ledgerFactories().containsKey("redis")) {
      r.problem(path + ".redis", "no module on the class path makes redis ledgers: they come with " + REDIS
          + "; add it as a dependency");
    }
  }

  /** Every backend section of the file, the router's and the quality loop's reference, by path. */
  static Map<String, Section> backendSections(Section file) {
    Map<String, Section> out = new java.util.LinkedHashMap<>();
    file.map("backends", Section.class).values().forEach(b -> out.put(b.path(), b));
    file.section("quality").flatMap(q -> q.get("reference", Object.class).filter(Section.class::isInstance).map(Section.class::cast)).ifPresent(b -> out.put(b.path(), b));
    return out;
  }

  /** For {@code parse(text)}: JSON when it starts as JSON does, else YAML. */
  static boolean looksLikeJson(String text) {
    return text.stripLeading().startsWith("{");
  }
}
