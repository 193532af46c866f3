package dev.switchboard.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.internal.Names;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every key a config file may hold, its type and what is allowed: the one place of these rules.
 * docs/configuration.md documents each key ({@code ConfigReferenceDocsTest} checks that none is
 * missing). Reading a file against {@link #ROOT} gives a {@link Section} and the problems found.
 */
final class Schema {
  private Schema() {}

  /** Names a value may have to be, checked once the whole file is read ({@link ConfigReader}). */
  enum Name {
    TIER, BACKEND, CATEGORY, PROVIDER, SCORER, CATEGORY_SCORER
  }

  /** A key's type: what it allows, and how a node of the file becomes its value. */
  abstract static class Type {
    /** What is allowed, to end "must be ...". */
    abstract String allowed();

    /** The value of {@code node} at {@code path}, or null after telling {@code r} what is wrong. */
    abstract Object read(JsonNode node, String path, Reading r);
  }

  /** A type whose allowed values are said by a fixed text. */
  abstract static class Described extends Type {
    private final String allowed;

    Described(String allowed) {
      this.allowed = allowed;
    }

    @Override
    String allowed() {
      return allowed;
    }
  }

  /** A value written as one scalar. */
  abstract static class Scalar extends Described {
    Scalar(String allowed) {
      super(allowed);
    }

    boolean secret() {
      return false;
    }

    /** The value {@code text} stands for, or null when it stands for none. */
    abstract Object parse(String text, Reading r);

    /** Said after "but was ..." when {@code text} is not allowed: a "did you mean", say. */
    String hint(String text) {
      return "";
    }

    @Override
    Object read(JsonNode node, String path, Reading r) {
      if (node.isContainerNode()) {
        r.wrong(path, this, Reading.kind(node), "");
        return null;
      }
      Reading.Value v = r.scalar(node, path, secret());
      return v == null ? null : accept(v, path, r);
    }

    /** A name the file writes as a map's key: taken as written, no reference resolved. */
    Object readName(String name, String path, Reading r) {
      return accept(new Reading.Value(name, Reading.quote(name), false), path, r);
    }

    Object accept(Reading.Value v, String path, Reading r) {
      Object value = v.text().isBlank() ? null : parse(v.text(), r);
      if (value == null) {
        r.wrong(path, this, v.shown(), secret() || v.fromEnvironment() ? "" : hint(v.text()));
      }
      return value;
    }
  }

  static final class Text extends Scalar {
    private final Predicate<String> ok;

    Text(String allowed, Predicate<String> ok) {
      super(allowed);
      this.ok = ok;
    }

    @Override
    Object parse(String text, Reading r) {
      return ok.test(text) ? text : null;
    }
  }

  static final class SecretText extends Scalar {
    SecretText() {
      super("a key, best written as a reference such as ${OPENAI_API_KEY}");
    }

    @Override
    boolean secret() {
      return true;
    }

    @Override
    Object parse(String text, Reading r) {
      return new Section.Secret(text);
    }
  }

  static final class Choice extends Scalar {
    private final List<String> values;

    Choice(String... values) {
      super("one of " + String.join(", ", values));
      this.values = List.of(values);
    }

    @Override
    Object parse(String text, Reading r) {
      return values.contains(text) ? text : null;
    }

    @Override
    String hint(String text) {
      return Names.didYouMean(text, values);
    }
  }

  /** A name the file defines elsewhere (a tier, a backend...), checked once the file is read. */
  static final class Ref extends Scalar {
    private final Name name;

    Ref(Name name, String allowed) {
      super(allowed);
      this.name = name;
    }

    @Override
    Object accept(Reading.Value v, String path, Reading r) {
      Object value = super.accept(v, path, r);
      if (value != null) {
        r.refer(path, name, v);
      }
      return value;
    }

    @Override
    Object parse(String text, Reading r) {
      return text;
    }
  }

  static final class Int extends Scalar {
    private final long min;
    private final long max;

    Int(long min, long max, String allowed) {
      super(allowed);
      this.min = min;
      this.max = max;
    }

    @Override
    Object parse(String text, Reading r) {
      BigDecimal d = decimal(text);
      if (d == null || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(min)) < 0
          || d.compareTo(BigDecimal.valueOf(max)) > 0) {
        return null;
      }
      return max <= Integer.MAX_VALUE && min >= Integer.MIN_VALUE ? (Object) d.intValueExact() : (Object) d.longValueExact();
    }
  }

  static final class Decimal extends Scalar {
    private final Predicate<BigDecimal> ok;

    Decimal(String allowed, Predicate<BigDecimal> ok) {
      super(allowed);
      this.ok = ok;
    }

    @Override
    Object parse(String text, Reading r) {
      BigDecimal d = decimal(text);
      return d != null && ok.test(d) ? d : null;
    }
  }

  static final class Flag extends Scalar {
    Flag() {
      super("true or false");
    }

    @Override
    Object parse(String text, Reading r) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> null;
      };
    }
  }

  static final class Dur extends Scalar {
    private static final Pattern PART = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    private final boolean zeroAllowed;

    Dur(boolean zeroAllowed) {
      super((zeroAllowed ? "a duration" : "a positive duration")
          + " (a number and a unit: 250ms, 30s, 5m, 1h, 1d, or several: 1h30m; or ISO-8601 such as PT30S)");
      this.zeroAllowed = zeroAllowed;
    }

    @Override
    Object parse(String text, Reading r) {
      Duration d = duration(text.strip());
      return d == null || d.isNegative() || d.isZero() && !zeroAllowed ? null : d;
    }

    static Duration duration(String text) {
      if (text.equals("0")) {
        return Duration.ZERO;
      }
      if (text.startsWith("P") || text.startsWith("p")) {
        try {
          return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
          return null;
        }
      }
      Matcher m = PART.matcher(text);
      Duration total = Duration.ZERO;
      int at = 0;
      while (at < text.length()) {
        if (!m.find(at) || m.start() != at) {
          return null;
        }
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
        at = m.end();
        while (at < text.length() && text.charAt(at) == ' ') {
          at++;
        }
      }
      return total;
    }
  }

  static final class Bytes extends Scalar {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");

    Bytes() {
      super("a positive number of bytes, or a size such as 64MiB, 512KB, 1GiB");
    }

    @Override
    Object parse(String text, Reading r) {
      Matcher m = SIZE.matcher(text.strip());
      if (!m.matches()) {
        return null;
      }
      long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
        case "KB" -> 1_000L;
        case "KiB" -> 1L << 10;
        case "MB" -> 1_000_000L;
        case "MiB" -> 1L << 20;
        case "GB" -> 1_000_000_000L;
        case "GiB" -> 1L << 30;
        default -> 1L;
      };
      long n = Long.parseLong(m.group(1));
      return n > 0 && n <= Long.MAX_VALUE / unit ? n * unit : null;
    }
  }

  /** A file, relative to the config file's folder unless absolute; with {@code words}, one of them instead. */
  static final class File extends Scalar {
    private final List<String> words;

    File(String allowed, String... words) {
      super(allowed);
      this.words = List.of(words);
    }

    @Override
    Object parse(String text, Reading r) {
      if (words.contains(text)) {
        return text;
      }
      try {
        return r.baseDir().resolve(text).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        return null;
      }
    }
  }

  static final class ListOf extends Described {
    private final Type item;

    ListOf(Type item, String allowed) {
      super(allowed);
      this.item = item;
    }

    @Override
    Object read(JsonNode node, String path, Reading r) {
      if (!node.isArray()) {
        r.wrong(path, this, Reading.kind(node), "");
        return null;
      }
      List<Object> out = new ArrayList<>();
      Set<Object> seen = new HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        String at = path + "[" + i + "]";
        Object v = node.get(i).isNull() ? r.empty(at, item) : item.read(node.get(i), at, r);
        if (v != null && !(v instanceof Section) && !seen.add(v)) {
          r.problem(at, "'" + v + "' is listed twice");
        } else if (v != null) {
          out.add(v);
        }
      }
      return Collections.unmodifiableList(out);
    }
  }

  /** A map in the file: each field read with the type its name calls for. */
  abstract static class Fields extends Described {
    Fields(String allowed) {
      super(allowed);
    }

    /** The type of the value named {@code name}, or null after a problem (the field is then left out). */
    abstract Type typeOf(String name, String path, Reading r);

    /** What the fields read make. */
    abstract Object made(String path, JsonNode node, Map<String, Object> values, Reading r);

    @Override
    Object read(JsonNode node, String path, Reading r) {
      if (!node.isObject()) {
        r.wrong(path, this, Reading.kind(node), "");
        return null;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = join(path, e.getKey());
        Type type = typeOf(e.getKey(), at, r);
        Object v = type == null ? null : e.getValue().isNull() ? r.empty(at, type) : type.read(e.getValue(), at, r);
        if (v != null) {
          values.put(e.getKey(), v);
        }
      }
      return made(path, node, values, r);
    }
  }

  /** Names to values: the names are the file's own (a backend, a service) or refer to others (a category). */
  static final class MapOf extends Fields {
    private final Scalar key;
    private final Type value;

    MapOf(Scalar key, Type value, String allowed) {
      super(allowed);
      this.key = key;
      this.value = value;
    }

    @Override
    Type typeOf(String name, String path, Reading r) {
      return key.readName(name, path, r) == null ? null : value;
    }

    @Override
    Object made(String path, JsonNode node, Map<String, Object> values, Reading r) {
      return Collections.unmodifiableMap(values);
    }
  }

  /** One key of an {@link Obj}. */
  record Key(String name, Type type, boolean required) {}

  /** A map of fixed keys: a {@link Section}. */
  static final class Obj extends Fields {
    final Map<String, Key> keys = new LinkedHashMap<>();

    Obj(String allowed, Key... keys) {
      super(allowed);
      for (Key k : keys) {
        this.keys.put(k.name(), k);
      }
    }

    @Override
    Type typeOf(String name, String path, Reading r) {
      Key k = keys.get(name);
      if (k == null) {
        // Never the value: a misspelt "api-key" holds a key.
        r.problem(path, "unknown key" + Names.didYouMean(name, keys.keySet()) + " (keys here: "
            + String.join(", ", keys.keySet()) + ")");
        return null;
      }
      return k.type();
    }

    @Override
    Object made(String path, JsonNode node, Map<String, Object> values, Reading r) {
      for (Key k : keys.values()) {
        if (k.required() && !node.has(k.name())) {
          r.problem(join(path, k.name()), "required but missing; it must be " + k.type().allowed());
        }
      }
      return new Section(path, keys.keySet(), values);
    }
  }

  /** A scalar, or a map that says more (a ledger: {@code memory}, or a journal file and its options). */
  static final class Either extends Type {
    private final Scalar scalar;
    private final Obj obj;

    Either(Scalar scalar, Obj obj) {
      this.scalar = scalar;
      this.obj = obj;
    }

    @Override
    String allowed() {
      return scalar.allowed() + ", or " + obj.allowed();
    }

    @Override
    Object read(JsonNode node, String path, Reading r) {
      return node.isObject() ? obj.read(node, path, r) : scalar.read(node, path, r);
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- the keys ----

  private static Key required(String name, Type type) {
    return new Key(name, type, true);
  }

  private static Key key(String name, Type type) {
    return new Key(name, type, false);
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  private static final Text ANY_NAME = new Text("a name", s -> !s.isBlank());
  private static final Text BACKEND_NAME = new Text("a backend name: 1-64 letters, digits, '_', '.', ':' or '-'",
      s -> NAME.matcher(s).matches());
  private static final Text HEADER_NAME = new Text("an HTTP header name", s -> s.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"));
  private static final Ref TIER = new Ref(Name.TIER, "a tier named in tiers");
  private static final Ref CATEGORY = new Ref(Name.CATEGORY, "a category: built in, or declared in categories");
  private static final Text TEXT = new Text("a string", s -> true);
  private static final Dur POSITIVE = new Dur(false);
  private static final Dur NOT_NEGATIVE = new Dur(true);
  private static final Decimal SHARE = new Decimal("a number from 0 to 1",
      d -> d.signum() >= 0 && d.compareTo(BigDecimal.ONE) <= 0);
  private static final Decimal PRICE = new Decimal(
      "a non-negative number of dollars per million tokens (such as 2.50)", d -> d.signum() >= 0);
  private static final Decimal DOLLARS = new Decimal("a non-negative number of dollars (such as 25.00)",
      d -> d.signum() >= 0);
  private static final Int COUNT = new Int(0, Integer.MAX_VALUE, "a whole number, 0 or more");
  private static final Int AT_LEAST_ONE = new Int(1, Integer.MAX_VALUE, "a whole number, 1 or more");
  private static final Text URL = new Text("an http or https URL, such as http://localhost:8000/v1", s -> {
    try {
      URI u = new URI(s);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  });
  private static final Text REDIS_URL = new Text("a redis:// or rediss:// URL, such as redis://localhost:6379/0", s -> {
    try {
      URI u = new URI(s);
      return ("redis".equalsIgnoreCase(u.getScheme()) || "rediss".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  });
  private static final Text ZONE = new Text("a time zone such as UTC or Europe/Berlin", s -> {
    try {
      ZoneId.of(s);
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  });
  private static final Text CATEGORY_NAME = new Text(
      "a category name: lowercase letters, digits, '_', '.' or '-', at most 64 characters",
      s -> s.matches("[a-z0-9][a-z0-9_.-]{0,63}"));

  /** The keys of a backend; {@code inRouter}: one of the router's own (with a tier), else the quality loop's reference. */
  private static Obj backend(boolean inRouter) {
    List<Key> keys = new ArrayList<>(List.of(
        key("provider", new Ref(Name.PROVIDER, "a provider: a preset such as ollama or openai, or openai-compatible")),
        key("base-url", URL),
        inRouter ? required("tier", TIER) : required("name", BACKEND_NAME),
        key("model", TEXT),
        key("price", new Obj("a map of prices: input, output, cached-input, cache-write, cache-write-1h, batch-discount",
            required("input", PRICE), required("output", PRICE), key("cached-input", PRICE), key("cache-write", PRICE),
            key("cache-write-1h", PRICE), key("batch-discount", new Decimal("a number from 0 up to, not including, 1",
                d -> d.signum() >= 0 && d.compareTo(BigDecimal.ONE) < 0)))),
        key("api-key", new SecretText()),
        key("headers", new MapOf(HEADER_NAME, new SecretText(), "a map of header names to values")),
        key("timeouts", new Obj("a map of timeouts: connect, call, first-token, idle", key("connect", POSITIVE),
            key("call", POSITIVE), key("first-token", POSITIVE), key("idle", POSITIVE))),
        key("max-response-bytes", new Bytes()),
        key("concurrency", new Int(0, Integer.MAX_VALUE, "a whole number of calls in flight, 0 (unlimited) or more")),
        key("capabilities", new ListOf(new Choice("tools", "json-output", "vision", "streaming"),
            "a list of capabilities: tools, json-output, vision, streaming (an empty list: plain text chat only)")),
        key("context-window", COUNT),
        key("adapters", new ListOf(ANY_NAME, "a list of LoRA adapter names")),
        key("stream-usage", new Flag()),
        key("azure", new Obj("a map: resource, deployment, api-version", required("resource", TEXT),
            required("deployment", TEXT), required("api-version", TEXT))),
        key("anthropic", new Obj("a map: version, default-max-tokens", key("version", TEXT),
            key("default-max-tokens", AT_LEAST_ONE)))));
    return new Obj("a map of backend settings", keys.toArray(Key[]::new));
  }

  private static Obj limits() {
    return new Obj("a map: daily, monthly", key("daily", DOLLARS), key("monthly", DOLLARS));
  }

  private static final Obj CHANGES = new Obj("a map: add, remove",
      key("add", new ListOf(new Either(new Text("a phrase", s -> !s.isBlank()), new Obj("a map: phrase, weight",
          required("phrase", TEXT), key("weight", new Decimal("a number above 0, at most 10",
              d -> d.signum() > 0 && d.compareTo(BigDecimal.TEN) <= 0)))), "a list of phrases")),
      key("remove", new ListOf(TEXT, "a list of phrases")));

  private static final Obj VERB_CHANGES = new Obj("a map: add, remove",
      key("add", new ListOf(new Text("one word", s -> !s.isBlank() && !s.strip().contains(" ")), "a list of verbs")),
      key("remove", new ListOf(TEXT, "a list of verbs")));

  /** The whole file. */
  static final Obj ROOT = new Obj("a map of settings: tiers, backends, ...",
      required("tiers", new ListOf(new Text("a tier name", s -> !s.isBlank()), "a list of tier names, cheapest first")),
      key("categories", new ListOf(CATEGORY_NAME, "a list of new category names")),
      required("backends", new MapOf(BACKEND_NAME, backend(true), "a map of backend names to their settings")),
      key("routes", new MapOf(CATEGORY, TIER, "a map of categories to tiers")),
      key("rules", new ListOf(new Obj("a map: service, tag, tier", key("service", ANY_NAME), key("tag", ANY_NAME),
          required("tier", TIER)), "a list of rules")),
      key("adapter-rules", new ListOf(new Obj("a map: adapter, service, tag, category, fallback-model",
          required("adapter", ANY_NAME), key("service", ANY_NAME), key("tag", ANY_NAME), key("category", CATEGORY),
          key("fallback-model", TEXT)), "a list of adapter rules")),
      key("classifier", new Obj("a map of classifier settings",
          key("min-score", new Decimal("a number above 0", d -> d.signum() > 0)),
          key("min-confidence", SHARE),
          key("capable-guard", new Decimal("a number above 0", d -> d.signum() > 0)),
          key("model", new File("default, none, or the path of a model file written by the trainer", "default", "none")),
          key("model-threshold", new Decimal("a number above 0, at most 1",
              d -> d.signum() > 0 && d.compareTo(BigDecimal.ONE) <= 0)),
          key("model-veto", new Decimal("a number from 0, below 1",
              d -> d.signum() >= 0 && d.compareTo(BigDecimal.ONE) < 0)),
          key("model-veto-any", new Decimal("a number from 0, below 1",
              d -> d.signum() >= 0 && d.compareTo(BigDecimal.ONE) < 0)),
          key("model-overrule", new Decimal("a number above 0, at most 1",
              d -> d.signum() > 0 && d.compareTo(BigDecimal.ONE) <= 0)),
          key("cheap-categories", new ListOf(CATEGORY, "a list of categories")),
          key("phrases", new MapOf(CATEGORY, CHANGES, "a map of categories to phrases to add and remove")),
          key("verbs", new MapOf(CATEGORY, VERB_CHANGES, "a map of categories to leading verbs to add and remove")))),
      key("budgets", new Obj("a map of budget settings",
          key("zone", ZONE),
          key("services", new MapOf(ANY_NAME, limits(), "a map of services to their limits")),
          key("default", limits()),
          key("at-limit", new Choice("downgrade", "reject")),
          key("downgrade-to-tier", TIER),
          key("downgrade-to-backend", new Ref(Name.BACKEND, "a backend named in backends")),
          key("warn-at", new Decimal("a number above 0, at most 1", d -> d.signum() > 0 && d.compareTo(BigDecimal.ONE) <= 0)),
          key("output-allowance", COUNT),
          key("reservation-ttl", POSITIVE),
          key("when-ledger-down", new Choice("serve", "reject")),
          key("ledger", new Either(new Choice("memory"), new Obj("a map: journal (with fsync) or redis (with prefix, keep-after-end)",
              key("journal", new File("the path of the journal file")), key("fsync", new Flag()),
              key("redis", REDIS_URL), key("prefix", TEXT), key("keep-after-end", POSITIVE)))))),
      key("cache", new Obj("a map of cache settings", key("enabled", new Flag()), key("ttl", POSITIVE),
          key("max-bytes", new Bytes()), key("share-across-services", new Flag()), key("cache-tool-calls", new Flag()))),
      key("failover", new Obj("a map of failover settings",
          key("failure-threshold", AT_LEAST_ONE),
          key("cooldown", POSITIVE),
          key("misconfigured-cooldown", POSITIVE),
          key("max-retries", COUNT),
          key("backoff", new Obj("a map: base, max", required("base", POSITIVE), required("max", POSITIVE))),
          key("jitter", new Decimal("a number from 0 up to, not including, 1",
              d -> d.signum() >= 0 && d.compareTo(BigDecimal.ONE) < 0)),
          key("deadline", POSITIVE),
          key("attempt-timeout", POSITIVE),
          key("concurrency-cap", new Int(0, Integer.MAX_VALUE, "a whole number of calls in flight, 0 (unlimited) or more")),
          key("capacity-wait", NOT_NEGATIVE),
          key("first-token-timeout", POSITIVE),
          key("wait-for-half-open", NOT_NEGATIVE),
          key("max-retry-after", POSITIVE))),
      key("rate-limits", new MapOf(ANY_NAME, new Obj("a map: requests, request-period, tokens, token-period, max-wait",
          key("requests", AT_LEAST_ONE), key("request-period", POSITIVE), key("tokens", AT_LEAST_ONE),
          key("token-period", POSITIVE), key("max-wait", NOT_NEGATIVE)), "a map of services to their rate limits")),
      key("quality", new Obj("a map of quality loop settings",
          key("enabled", new Flag()),
          required("reference", new Either(new Ref(Name.BACKEND, "a backend named in backends"),
              backend(false))),
          key("sample-rate", SHARE),
          key("sample-rates", new MapOf(CATEGORY, SHARE, "a map of categories to numbers from 0 to 1")),
          key("threshold", SHARE),
          key("thresholds", new MapOf(CATEGORY, SHARE, "a map of categories to numbers from 0 to 1")),
          key("recovery-margin", SHARE),
          key("window", AT_LEAST_ONE),
          key("min-samples", AT_LEAST_ONE),
          key("window-time", POSITIVE),
          key("reprobe-rate", SHARE),
          key("shadow-rate", SHARE),
          key("shadow-rates", new MapOf(CATEGORY, SHARE, "a map of categories to numbers from 0 to 1")),
          key("calibration-samples", AT_LEAST_ONE),
          key("threads", AT_LEAST_ONE),
          key("queue", COUNT),
          key("seed", new Int(Long.MIN_VALUE, Long.MAX_VALUE, "a whole number")),
          key("scorer", new Ref(Name.SCORER, "a scorer: token-f1, rouge-l, json-fields, label, reference, or one given to the loader")),
          key("scorers", new MapOf(CATEGORY, new Ref(Name.CATEGORY_SCORER,
              "a scorer: token-f1, rouge-l, json-fields, label, or one given to the loader"),
              "a map of categories to scorers")),
          key("restore", new File("the path of a file written from QualitySnapshot.exportJson()")))));

  /** Every key path of the schema, {@code <name>} for names the file chooses: for the reference docs' test. */
  static List<String> paths() {
    List<String> out = new ArrayList<>();
    collect(ROOT, "", out);
    return out;
  }

  private static void collect(Type t, String path, List<String> out) {
    if (t instanceof Obj o) {
      o.keys.values().forEach(k -> {
        String p = join(path, k.name());
        out.add(p);
        collect(k.type(), p, out);
      });
    } else if (t instanceof MapOf m) {
      if (!(m.value instanceof Obj)) {
        out.add(join(path, "<name>"));
      }
      collect(m.value, join(path, "<name>"), out);
    } else if (t instanceof ListOf l) {
      collect(l.item, path + "[]", out);
    } else if (t instanceof Either e) {
      collect(e.obj, path, out);
    }
  }

  /** The built-in scorers' names; {@code reference} grades with the reference model, for every category. */
  static final List<String> SCORERS = List.of("token-f1", "rouge-l", "json-fields", "label");
  static final String REFERENCE_SCORER = "reference";
}
