package dev.switchboard.router.config;

import dev.switchboard.router.quality.QualityScorer;
import dev.switchboard.router.spi.BackendFactory;
import dev.switchboard.router.spi.LedgerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * A router described in a file: YAML, or JSON. Checked as a whole when it is loaded: every problem
 * (an unknown key, a wrong type, a missing key, an unknown name, an unset environment variable...)
 * is reported at once in an {@link InvalidConfigException}, each with its key path, and nothing
 * starts until the file is right. docs/configuration.md has every key.
 *
 * <pre>{@code
 * RoutingChatClient router = RoutingChatClient.fromConfig(Path.of("router.yaml"));
 * // or, to add what only code can:
 * RoutingChatClient router = RoutingChatClient.builder()
 *     .config(RouterConfig.load(Path.of("router.yaml")))
 *     .listener(metrics)
 *     .build();
 * }</pre>
 *
 * <p>Values may name environment variables: {@code ${OPENAI_API_KEY}}, or
 * {@code ${OLLAMA_URL:-http://localhost:11434/v1}} with a default. Immutable; two configs are
 * equal when they say the same ({@link #root()}), so a reload can tell what changed.
 */
public final class RouterConfig {
  /** The provider of a backend that names none: a server that speaks OpenAI chat completions at its {@code base-url}. */
  public static final String DEFAULT_PROVIDER = "openai-compatible";

  private final String source;
  private final Section root;
  private final Loader loader;

  RouterConfig(String source, Section root, Loader loader) {
    this.source = source;
    this.root = root;
    this.loader = loader;
  }

  /** Reads {@code file}, environment references from the process's environment. */
  public static RouterConfig load(Path file) {
    return loader().load(file);
  }

  /** Options for reading: another environment, backend and ledger kinds of your own, custom scorers. */
  public static Loader loader() {
    return new Loader(System::getenv, Map.of(), Map.of(), Map.of());
  }

  /**
   * Reads {@code file} as this config was read: the same environment, factories and scorers. What
   * {@code RoutingChatClient.reload(Path)} uses.
   *
   * @throws InvalidConfigException naming every problem, or that the file cannot be read
   */
  public RouterConfig read(Path file) {
    return loader.load(file);
  }

  /** The file as read: its top-level section. */
  public Section root() {
    return root;
  }

  /** The file it was read from, or {@code "text"}. */
  public String source() {
    return source;
  }

  /** The maker of {@code provider}'s clients: from the loader, else found on the class path. */
  public BackendFactory backendFactory(String provider) {
    return Objects.requireNonNull(loader.backendFactories().get(provider), provider);
  }

  /** The maker of {@code kind}'s ledgers ({@code redis}): from the loader, else found on the class path. */
  public LedgerFactory ledgerFactory(String kind) {
    return Objects.requireNonNull(loader.ledgerFactories().get(kind), kind);
  }

  /** The scorers given to the loader, by the names the file may use. */
  public Map<String, QualityScorer> scorers() {
    return loader.scorers();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouterConfig c && c.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  /** What the file says; keys' values as {@code ****}. */
  @Override
  public String toString() {
    return "RouterConfig{" + source + ": " + root + "}";
  }

  /**
   * How a file is read. Immutable: each option returns a new loader.
   *
   * <pre>{@code
   * RouterConfig config = RouterConfig.loader()
   *     .environment(Map.of("OPENAI_API_KEY", "test-key"))   // tests: no real environment
   *     .scorer("invoice-fields", new InvoiceScorer())        // quality.scorers.extraction: invoice-fields
   *     .load(Path.of("router.yaml"));
   * }</pre>
   */
  public static final class Loader {
    private final Function<String, String> environment;
    private final Map<String, BackendFactory> backendFactories; // given: they win over the class path's
    private final Map<String, LedgerFactory> ledgerFactories;
    private final Map<String, QualityScorer> scorers;

    private Loader(Function<String, String> environment, Map<String, BackendFactory> backendFactories,
        Map<String, LedgerFactory> ledgerFactories, Map<String, QualityScorer> scorers) {
      this.environment = environment;
      this.backendFactories = backendFactories;
      this.ledgerFactories = ledgerFactories;
      this.scorers = scorers;
    }

    /** Where {@code ${NAME}} is looked up (default: the process's environment). */
    public Loader environment(Function<String, String> environment) {
      return new Loader(Objects.requireNonNull(environment, "environment"), backendFactories, ledgerFactories, scorers);
    }

    /** Looks {@code ${NAME}} up in {@code variables} only. */
    public Loader environment(Map<String, String> variables) {
      Map<String, String> copy = Map.copyOf(variables);
      return environment(copy::get);
    }

    /** Makes the clients of {@code factory}'s providers, before any found on the class path. */
    public Loader backendFactory(BackendFactory factory) {
      Map<String, BackendFactory> m = new LinkedHashMap<>(backendFactories);
      Objects.requireNonNull(factory, "factory").providers().forEach(p -> m.put(p, factory));
      return new Loader(environment, Collections.unmodifiableMap(m), ledgerFactories, scorers);
    }

    /** Makes the ledgers of {@code factory}'s kind, before any found on the class path. */
    public Loader ledgerFactory(LedgerFactory factory) {
      Map<String, LedgerFactory> m = new LinkedHashMap<>(ledgerFactories);
      m.put(Objects.requireNonNull(factory, "factory").kind(), factory);
      return new Loader(environment, backendFactories, Collections.unmodifiableMap(m), scorers);
    }

    /** A scorer the file may name in {@code quality.scorer} or {@code quality.scorers}. */
    public Loader scorer(String name, QualityScorer scorer) {
      if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
        throw new IllegalArgumentException("a scorer's name must be lowercase letters, digits, '_', '.' or '-': '"
            + name + "'");
      }
      Map<String, QualityScorer> m = new LinkedHashMap<>(scorers);
      m.put(name, Objects.requireNonNull(scorer, "scorer"));
      return new Loader(environment, backendFactories, ledgerFactories, Collections.unmodifiableMap(m));
    }

    /**
     * Reads {@code file}: JSON when its name ends in {@code .json}, else YAML. Relative paths in it
     * (a journal, a classifier model) are resolved against the file's folder.
     *
     * @throws InvalidConfigException naming every problem, or that the file cannot be read
     */
    public RouterConfig load(Path file) {
      Objects.requireNonNull(file, "file");
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidConfigException(file.toString(), List.of("(the file): cannot be read: " + e));
      }
      Path dir = file.toAbsolutePath().getParent();
      return ConfigReader.read(file.toString(), text, file.getFileName().toString().toLowerCase(Locale.ROOT)
          .endsWith(".json"), dir, withClassPath());
    }

    /** Reads a config given as text (JSON when it starts with a brace, else YAML); relative paths against the working directory. */
    public RouterConfig parse(String text) {
      Objects.requireNonNull(text, "text");
      return ConfigReader.read("text", text, ConfigReader.looksLikeJson(text), Path.of("").toAbsolutePath(),
          withClassPath());
    }

    /** This loader with the factories on the class path added after its own. */
    private Loader withClassPath() {
      Map<String, BackendFactory> backends = new LinkedHashMap<>();
      for (BackendFactory f : ServiceLoader.load(BackendFactory.class, RouterConfig.class.getClassLoader())) {
        f.providers().forEach(p -> backends.put(p, f));
      }
      backends.putAll(backendFactories);
      Map<String, LedgerFactory> ledgers = new LinkedHashMap<>();
      for (LedgerFactory f : ServiceLoader.load(LedgerFactory.class, RouterConfig.class.getClassLoader())) {
        ledgers.put(f.kind(), f);
      }
      ledgers.putAll(ledgerFactories);
      return new Loader(environment, Collections.unmodifiableMap(backends), Collections.unmodifiableMap(ledgers), scorers);
    }

    Function<String, String> environment() {
      return environment;
    }

    Map<String, BackendFactory> backendFactories() {
      return backendFactories;
    }

    Map<String, LedgerFactory> ledgerFactories() {
      return ledgerFactories;
    }

    Map<String, QualityScorer> scorers() {
      return scorers;
    }
  }
}
