package dev.switchboard.router.classify;

import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.internal.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link Classifier}: weighted rules over the request, never a model call. Fast
 * (linear in the prompt, no regular expressions), explainable (every {@link Signal} that fired is
 * in the {@link Classification}) and conservative: weak or mixed evidence gives
 * {@link TaskCategory#GENERAL}, which the default tier map sends to the capable tier.
 *
 * <p>It reads the instruction in the last user turn (for a long pasted document, its first and
 * last paragraphs), the leading verb of each of its sentences, whole-word phrases, the
 * {@code response_format}, tools, the system prompt, {@code max_tokens}, temperature, code blocks,
 * stack traces, math and the number of questions; it recognises a harder ask after a cheap one
 * ("extract ... and propose ..."), the shape of a maths problem whatever verb is in front of it,
 * negated instructions, and Chinese, Japanese and Korean phrases. When the last user turn is only
 * input, the task comes from the system prompt (at a discount) or, for a follow-up, from the
 * previous user turn. Where the rules are unsure (general, with no evidence for a capable
 * category), a small learned model over n-grams of the instruction may move the answer to a cheap
 * category; it never overrules the rules' capable evidence. Tune it with {@link #builder()} or
 * {@link #fromConfig(Map)}; see docs/classifier.md.
 */
public final class RuleBasedClassifier implements Classifier {
  private final Engine engine;

  private RuleBasedClassifier(Engine engine) {
    this.engine = engine;
  }

  public static RuleBasedClassifier withDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds from flat settings, as they come from a properties or YAML file (prefix already
   * stripped). Keys:
   * <ul>
   *   <li>{@code min-score}, {@code min-confidence}, {@code capable-guard}, {@code model-threshold},
   *   {@code model-veto}, {@code model-veto-any}, {@code model-overrule}: numbers;</li>
   *   <li>{@code phrases.<category>.add} / {@code .remove}: comma-separated phrases;</li>
   *   <li>{@code verbs.<category>.add} / {@code .remove}: comma-separated leading verbs;</li>
   *   <li>{@code model}: {@code none} (rules only), {@code default}, or the path of a model file
   *   written by the trainer;</li>
   *   <li>{@code categories}: comma-separated categories of your own, which the phrase and verb
   *   keys may then name.</li>
   * </ul>
   * An unknown key or a bad value fails with a message naming it; so does a category that is
   * neither built in nor declared ({@code phrases.extracton.add}), with a "did you mean".
   */
  public static RuleBasedClassifier fromConfig(Map<String, String> config) {
    Builder b = builder();
    Set<TaskCategory> declared = new LinkedHashSet<>();
    Map<String, String> settings = new java.util.TreeMap<>(Comparator.comparing((String k) -> !k.strip().equals(CATEGORIES))
        .thenComparing(Comparator.naturalOrder())); // categories first: the other keys may name them
    settings.putAll(config);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey().strip();
      String value = e.getValue() == null ? "" : e.getValue().strip();
      String[] parts = key.split("\\.");
      try {
        switch (parts[0]) {
          case CATEGORIES -> {
            for (String name : value.split(",")) {
              if (!name.isBlank()) {
                b.categories(name.strip());
                declared.add(TaskCategory.of(name));
              }
            }
          }
          case "min-score" -> b.minScore(Double.parseDouble(value));
          case "min-confidence" -> b.minConfidence(Double.parseDouble(value));
          case "capable-guard" -> b.capableGuard(Double.parseDouble(value));
          case "model-threshold" -> b.modelThreshold(Double.parseDouble(value));
          case "model-veto" -> b.modelVeto(Double.parseDouble(value));
          case "model-overrule" -> b.modelOverrule(Double.parseDouble(value));
          case "model-veto-any" -> b.modelVetoAny(Double.parseDouble(value));
          case "model" -> {
            if (value.equals("none")) {
              b.withoutModel();
            } else if (!value.equals("default")) {
              b.model(Path.of(value));
            }
          }
          case "phrases", "verbs" -> {
            if (parts.length != 3 || !(parts[2].equals("add") || parts[2].equals("remove"))) {
              throw new IllegalArgumentException("expected " + parts[0] + ".<category>.add or .remove");
            }
            TaskCategory c = TaskCategory.of(parts[1]);
            Names.undeclaredCategory(c, declared, "declare a new one with the setting categories = " + c)
                .ifPresent(problem -> {
                  throw new IllegalArgumentException(problem);
                });
            for (String item : value.split(",")) {
              if (item.isBlank()) {
                continue;
              }
              boolean add = parts[2].equals("add");
              if (parts[0].equals("phrases")) {
                if (add) {
                  b.addPhrase(c, item.strip(), Vocabulary.STRONG);
                } else {
                  b.removePhrase(c, item.strip());
                }
              } else if (add) {
                b.addLeadingVerb(item.strip(), c);
              } else {
                b.removeLeadingVerb(item.strip());
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown setting" + Names.didYouMean(key, SETTINGS));
        }
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("classifier setting '" + key + "' = '" + value + "': " + ex.getMessage(),
            ex);
      }
    }
    return b.build();
  }

  private static final String CATEGORIES = "categories";
  private static final List<String> SETTINGS = List.of("min-score", "min-confidence", "capable-guard",
      "model-threshold", "model-veto", "model-veto-any", "model-overrule", "model", CATEGORIES);

  @Override
  public Classification classify(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return engine.classify(request);
  }

  /** Knobs of the rule-based classifier; every one is optional. */
  public static final class Builder {
    private final Map<String, TaskCategory> verbs = new LinkedHashMap<>(Vocabulary.leadingVerbs());
    private final List<PhraseTable.Phrase> phrases = new ArrayList<>(Vocabulary.phrases());
    private double minScore = 2.0;
    private double minConfidence = 0.45;
    private double capableGuard = 0.6;
    private final Set<TaskCategory> cheap = new LinkedHashSet<>(RoutingChatClient.DEFAULT_CHEAP);
    private final Set<TaskCategory> declared = new LinkedHashSet<>();
    private boolean useModel = true;
    private NgramModel model;
    private double modelThreshold = Double.NaN;
    private double modelVeto = LearnedComponent.DEFAULT_VETO;
    private double modelOverrule = LearnedComponent.DEFAULT_OVERRULE;
    private double modelVetoAny = LearnedComponent.DEFAULT_VETO_ANY;
    /** The phrases and verbs added here: the model never overrules them. */
    private final Set<String> ownWords = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Uses a model file written by the trainer (docs/classifier.md, "Retraining") instead of the
     * one that ships with the library. Fails now, naming the file, if it cannot be read.
     */
    public Builder model(Path file) {
      Objects.requireNonNull(file, "file");
      try (InputStream in = Files.newInputStream(file)) {
        this.model = NgramModel.read(in);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read classifier model " + file + ": " + e.getMessage(), e);
      }
      this.useModel = true;
      return this;
    }

    /**
     * The probability of cheap work the learned component needs before it moves an unsure answer
     * to a cheap category, in (0, 1]; higher is more conservative, 1.0 all but switches it off.
     * Default: the threshold chosen on held-out data when the model was trained (docs/classifier.md).
     */
    public Builder modelThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("modelThreshold must be within (0, 1]: " + threshold);
      }
      this.modelThreshold = threshold;
      return this;
    }

    /**
     * Below this probability of cheap work, in [0, 1), the learned component sends a cheap answer
     * that rests on nothing but a question about the pasted text ("which plan is cheaper over a
     * year?") to general; 0 switches the veto off. Default 0.05 (docs/classifier.md).
     */
    public Builder modelVeto(double pCheapBelow) {
      if (!(pCheapBelow >= 0 && pCheapBelow < 1)) {
        throw new IllegalArgumentException("modelVeto must be within [0, 1): " + pCheapBelow);
      }
      this.modelVeto = pCheapBelow;
      return this;
    }

    /**
     * At or above this probability of cheap work, in (0, 1], the learned component overrules a
     * capable answer the rules based on single words alone (a phrase, a leading verb, a number,
     * several questions), never one based on what a rule found in the request's shape (a
     * computation, code, a harder second ask, tools, a system prompt's task) nor on a phrase or
     * verb added here; 1 switches the overrule off. Default 0.90, and never below the model's
     * threshold (docs/classifier.md).
     */
    public Builder modelOverrule(double pCheapAtLeast) {
      if (!(pCheapAtLeast > 0 && pCheapAtLeast <= 1)) {
        throw new IllegalArgumentException("modelOverrule must be within (0, 1]: " + pCheapAtLeast);
      }
      this.modelOverrule = pCheapAtLeast;
      return this;
    }

    /**
     * Below this probability of cheap work, in [0, 1), the learned component sends any cheap answer
     * of the rules to general: the model is all but certain it is capable work. Not an answer that
     * rests on a phrase or verb added here. Default 0, off: it buys safety on some traffic and not on
     * other, for a model score on every cheap answer (0.01 is the measured choice; docs/classifier.md).
     * {@link #modelVeto} is the higher bar for an answer resting on a question about the text alone.
     */
    public Builder modelVetoAny(double pCheapBelow) {
      if (!(pCheapBelow >= 0 && pCheapBelow < 1)) {
        throw new IllegalArgumentException("modelVetoAny must be within [0, 1): " + pCheapBelow);
      }
      this.modelVetoAny = pCheapBelow;
      return this;
    }

    /** The rules alone, without the learned component. */
    public Builder withoutModel() {
      this.useModel = false;
      this.model = null;
      return this;
    }

    /**
     * Declares categories of your own (built-ins need no declaring), so that phrases, verbs and
     * {@link #cheapCategories} may name them. One neither built in nor declared fails
     * {@link #build()} with a "did you mean".
     */
    public Builder categories(String... names) {
      for (String n : names) {
        declared.add(Names.newCategory(n));
      }
      return this;
    }

    /** Adds a phrase (one or more whole words) pointing to {@code category}; weight 2 decides alone. */
    public Builder addPhrase(TaskCategory category, String phrase, double weight) {
      Objects.requireNonNull(category, "category");
      if (!(weight > 0 && weight <= 10)) {
        throw new IllegalArgumentException("a phrase weight must be in (0, 10]: " + weight);
      }
      PhraseTable.Phrase added = PhraseTable.phrase(Objects.requireNonNull(phrase, "phrase"), category, weight);
      phrases.add(added);
      ownWords.add(added.text());
      return this;
    }

    /** Removes a phrase from {@code category} (default or added); unknown phrases fail. */
    public Builder removePhrase(TaskCategory category, String phrase) {
      String normal = PhraseTable.phrase(phrase, category, 1).text();
      if (!phrases.removeIf(p -> p.category().equals(category) && p.text().equals(normal))) {
        throw new IllegalArgumentException("no phrase '" + phrase + "' for " + category);
      }
      return this;
    }

    /** Makes {@code verb}, as the first word of a sentence, point to {@code category}. */
    public Builder addLeadingVerb(String verb, TaskCategory category) {
      String v = Objects.requireNonNull(verb, "verb").strip().toLowerCase(Locale.ROOT);
      if (v.isEmpty() || v.contains(" ")) {
        throw new IllegalArgumentException("a leading verb is one word: '" + verb + "'");
      }
      verbs.put(v, Objects.requireNonNull(category, "category"));
      ownWords.add(v);
      return this;
    }

    public Builder removeLeadingVerb(String verb) {
      if (verbs.remove(verb.strip().toLowerCase(Locale.ROOT)) == null) {
        throw new IllegalArgumentException("no leading verb '" + verb + "'");
      }
      return this;
    }

    /** Evidence a category needs to win at all (default 2.0: one leading verb or strong phrase). */
    public Builder minScore(double minScore) {
      if (!(minScore > 0)) {
        throw new IllegalArgumentException("minScore must be > 0: " + minScore);
      }
      this.minScore = minScore;
      return this;
    }

    /**
     * Below this confidence (0 to 1, default 0.45) the answer is general. It is also the least
     * probability of cheap work the learned component needs to move an unsure answer (when it is
     * above the model's own threshold), so raising it makes both more conservative.
     */
    public Builder minConfidence(double minConfidence) {
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException("minConfidence must be within [0, 1]: " + minConfidence);
      }
      this.minConfidence = minConfidence;
      return this;
    }

    /**
     * A cheap category loses to a capable one when the capable evidence reaches this share of
     * the cheap evidence (default 0.6). Lower is more conservative.
     */
    public Builder capableGuard(double capableGuard) {
      if (!(capableGuard > 0)) {
        throw new IllegalArgumentException("capableGuard must be > 0: " + capableGuard);
      }
      this.capableGuard = capableGuard;
      return this;
    }

    /** The categories whose wrong picks are the expensive ones (default: the cheap-tier four). */
    public Builder cheapCategories(Set<TaskCategory> categories) {
      cheap.clear();
      cheap.addAll(categories);
      return this;
    }

    /** @throws IllegalStateException naming every category that is neither built in nor declared */
    public RuleBasedClassifier build() {
      Set<TaskCategory> named = new LinkedHashSet<>(cheap);
      phrases.forEach(p -> named.add(p.category()));
      named.addAll(verbs.values());
      List<String> problems = new ArrayList<>();
      for (TaskCategory c : named) {
        Names.undeclaredCategory(c, declared, "declare a new one with categories(\"" + c + "\")").ifPresent(problems::add);
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException(String.join("; ", problems));
      }
      LearnedComponent learned = !useModel ? null
          : (model == null ? LearnedComponent.shipped(cheap, modelThreshold, minConfidence, modelVeto)
          : LearnedComponent.of(model, cheap, modelThreshold, minConfidence, modelVeto))
              .tuned(modelOverrule, modelVetoAny, ownWords);
      return new RuleBasedClassifier(new Engine(settings(), learned));
    }

    /** The knobs as the engine takes them. */
    Engine.Settings settings() {
      return new Engine.Settings(Map.copyOf(verbs), List.copyOf(phrases), Vocabulary.systemPhrases(),
          Set.copyOf(Vocabulary.politeWords()), minScore, minConfidence, capableGuard, Set.copyOf(cheap));
    }
  }
}
