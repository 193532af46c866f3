package dev.switchboard.router.quality;

import dev.switchboard.router.Backend;
import dev.switchboard.router.classify.TaskCategory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the quality loop samples cheap answers, scores them against a reference model and moves
 * categories between tiers: settings only, immutable. Off unless given to
 * {@code RoutingChatClient.Builder.quality(..)}; when on, a reference backend is required. What the
 * loop runs with (an executor of your own, the random source, promotions saved by an earlier run)
 * goes on the router builder: {@code qualityExecutor(..)}, {@code random(..)}, {@code restoreQuality(..)}.
 *
 * <pre>{@code
 * QualityPolicy quality = QualityPolicy.builder()
 *     .reference(gpt)                               // required: the model whose answers count as right
 *     .sampleRate(0.05)                             // 5% of cheap answers (the default)
 *     .sampleRate(TaskCategory.EXTRACTION, 0.20)    // more where it matters
 *     .threshold(0.80).recoveryMargin(0.05)         // promote below 0.80, demote at 0.85 or above
 *     .window(50).minSamples(20).windowTime(Duration.ofHours(6))
 *     .shadowRate(0.02)                             // opt-in: 2% of capable-tier answers also tried one tier down
 *     .executor(1, 64)                              // one thread, 64 queued samples, then drop
 *     .build();
 * }</pre>
 */
public final class QualityPolicy {
  private final Backend reference;
  private final double sampleRate;
  private final Map<TaskCategory, Double> sampleRates;
  private final int window;
  private final Duration windowTime;
  private final int minSamples;
  private final double threshold;
  private final Map<TaskCategory, Double> thresholds;
  private final double recoveryMargin;
  private final double reprobeRate;
  private final double shadowRate;
  private final Map<TaskCategory, Double> shadowRates;
  private final int calibrationSamples;
  private final int threads;
  private final int queueCapacity;
  private final QualityScorer scorer;
  private final Map<TaskCategory, QualityScorer> scorers;
  private final boolean gradeWithReference;

  private QualityPolicy(Builder b) {
    this.reference = b.reference;
    this.sampleRate = b.sampleRate;
    this.sampleRates = Map.copyOf(b.sampleRates);
    this.window = b.window;
    this.windowTime = b.windowTime;
    this.minSamples = b.minSamples;
    this.threshold = b.threshold;
    this.thresholds = Map.copyOf(b.thresholds);
    this.recoveryMargin = b.recoveryMargin;
    this.reprobeRate = b.reprobeRate;
    this.shadowRate = b.shadowRate;
    this.shadowRates = Map.copyOf(b.shadowRates);
    this.calibrationSamples = b.calibrationSamples;
    this.threads = b.threads;
    this.queueCapacity = b.queueCapacity;
    this.scorer = b.scorer;
    this.scorers = Map.copyOf(b.scorers);
    this.gradeWithReference = b.gradeWithReference;
  }

  /**
   * Every category given a setting of its own (a sample rate, threshold, shadow rate or scorer):
   * a router checks each is built in or declared.
   */
  public java.util.Set<TaskCategory> categoriesNamed() {
    java.util.Set<TaskCategory> named = new java.util.TreeSet<>(java.util.Comparator.comparing(TaskCategory::name));
    named.addAll(sampleRates.keySet());
    named.addAll(thresholds.keySet());
    named.addAll(shadowRates.keySet());
    named.addAll(scorers.keySet());
    return java.util.Collections.unmodifiableSet(named);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The model whose answers count as right. */
  public Backend reference() {
    return reference;
  }

  /** The share of {@code category}'s cheap answers that is re-asked of the reference model. */
  public double sampleRate(TaskCategory category) {
    return sampleRates.getOrDefault(category, sampleRate);
  }

  /** How many of the latest samples a (category, tier) window keeps. */
  public int window() {
    return window;
  }

  /** Samples older than this leave the window, if set. */
  public Optional<Duration> windowTime() {
    return Optional.ofNullable(windowTime);
  }

  /** No move is decided on fewer samples than this. */
  public int minSamples() {
    return minSamples;
  }

  /** Below this mean score the category moves up a tier. */
  public double threshold(TaskCategory category) {
    return thresholds.getOrDefault(category, threshold);
  }

  /** A promoted category moves back down when the cheaper tier scores at least threshold plus this. */
  public double recoveryMargin() {
    return recoveryMargin;
  }

  /** While promoted, the share of the category's requests also tried on the cheaper tier in the background. */
  public double reprobeRate() {
    return reprobeRate;
  }

  /**
   * The share of {@code category}'s answers from a tier above the cheapest (on the tier the tier
   * map gives it, not promoted, not pinned by a tier hint) that is also asked of the tier below in
   * the background and scored, so {@link Calibration} can tell whether the category could be served
   * cheaper. 0 (off) unless set.
   */
  public double shadowRate(TaskCategory category) {
    return shadowRates.getOrDefault(category, shadowRate);
  }

  /** How many of the latest scored samples calibration keeps per (category, tier). */
  public int calibrationSamples() {
    return calibrationSamples;
  }

  /** Threads of the loop's own pool (unless the router is given a {@code qualityExecutor}). */
  public int threads() {
    return threads;
  }

  /** Samples waiting beyond this many are dropped (and counted), never waited for. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** The scorer you set for {@code category}, else the one you set for all; empty means the built-in default. */
  public Optional<QualityScorer> scorer(TaskCategory category) {
    QualityScorer s = scorers.get(category);
    return Optional.ofNullable(s != null ? s : scorer);
  }

  /** Whether the reference model grades answers itself ({@link ReferenceGradingScorer}), charged as reference calls. */
  public boolean gradeWithReference() {
    return gradeWithReference;
  }

  /** Builds a {@link QualityPolicy}; each setter checks its value and names it when wrong. */
  public static final class Builder {
    private Backend reference;
    private double sampleRate = 0.05;
    private final Map<TaskCategory, Double> sampleRates = new HashMap<>();
    private int window = 50;
    private Duration windowTime;
    private int minSamples = 20;
    private double threshold = 0.8;
    private final Map<TaskCategory, Double> thresholds = new HashMap<>();
    private double recoveryMargin = 0.05;
    private double reprobeRate = 0.05;
    private double shadowRate;
    private final Map<TaskCategory, Double> shadowRates = new HashMap<>();
    private int calibrationSamples = 200;
    private int threads = 1;
    private int queueCapacity = 64;
    private QualityScorer scorer;
    private final Map<TaskCategory, QualityScorer> scorers = new HashMap<>();
    private boolean gradeWithReference;

    private Builder() {}

    /** Required: the backend whose answers count as right. It need not be one of the router's backends. */
    public Builder reference(Backend reference) {
      this.reference = Objects.requireNonNull(reference, "reference");
      return this;
    }

    /** The share of cheap answers sampled, for every category not set on its own. Default 0.05. */
    public Builder sampleRate(double rate) {
      this.sampleRate = share("sample rate", rate);
      return this;
    }

    public Builder sampleRate(TaskCategory category, double rate) {
      sampleRates.put(Objects.requireNonNull(category, "category"), share("sample rate of " + category, rate));
      return this;
    }

    /** How many of the latest samples each (category, tier) window keeps. Default 50. */
    public Builder window(int samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("window must hold at least one sample: " + samples);
      }
      this.window = samples;
      return this;
    }

    /** Drops samples older than {@code age} from the windows. Default: no time bound. */
    public Builder windowTime(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("window time must be positive: " + age);
      }
      this.windowTime = age;
      return this;
    }

    /** Samples needed before a window can move a category. Default 20; at most the window size. */
    public Builder minSamples(int samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("min samples must be at least 1: " + samples);
      }
      this.minSamples = samples;
      return this;
    }

    /** Mean score below which a category is promoted, for every category not set on its own. Default 0.8. */
    public Builder threshold(double threshold) {
      this.threshold = share("threshold", threshold);
      return this;
    }

    public Builder threshold(TaskCategory category, double threshold) {
      thresholds.put(Objects.requireNonNull(category, "category"), share("threshold of " + category, threshold));
      return this;
    }

    /** How far above the threshold a promoted category's cheaper tier must score to move back. Default 0.05. */
    public Builder recoveryMargin(double margin) {
      this.recoveryMargin = share("recovery margin", margin);
      return this;
    }

    /** While promoted, the share of the category's requests re-tried on the cheaper tier off-thread. Default 0.05. */
    public Builder reprobeRate(double rate) {
      this.reprobeRate = share("re-probe rate", rate);
      return this;
    }

    /**
     * Opt-in shadow sampling, for calibration: the share of answers from a tier above the cheapest
     * that is also asked of the tier below in the background and scored against the reference.
     * Each shadow sample costs a call to the cheaper tier and a reference call, both charged as
     * reference calls. Applies to every category served above the cheapest tier on its mapped
     * tier; set a category on its own to override. Default 0: off.
     */
    public Builder shadowRate(double rate) {
      this.shadowRate = share("shadow rate", rate);
      return this;
    }

    public Builder shadowRate(TaskCategory category, double rate) {
      shadowRates.put(Objects.requireNonNull(category, "category"), share("shadow rate of " + category, rate));
      return this;
    }

    /**
     * How many of the latest scored samples calibration keeps per (category, tier), with no time
     * bound. Default 200; at least min samples, or calibration could never suggest anything.
     */
    public Builder calibrationSamples(int samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("calibration must keep at least one sample: " + samples);
      }
      this.calibrationSamples = samples;
      return this;
    }

    /**
     * The loop's own pool: {@code threads} threads (started on first use, daemon) and at most
     * {@code queueCapacity} samples waiting; beyond that a sample is dropped and counted. Default 1 and 64.
     * Not used when the router is given an executor of yours ({@code RoutingChatClient.Builder.qualityExecutor}).
     */
    public Builder executor(int threads, int queueCapacity) {
      if (threads < 1) {
        throw new IllegalArgumentException("the quality loop needs at least one thread: " + threads);
      }
      if (queueCapacity < 0) {
        throw new IllegalArgumentException("queue capacity must not be negative: " + queueCapacity);
      }
      this.threads = threads;
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Scores every category with {@code scorer}, except those given their own. */
    public Builder scorer(QualityScorer scorer) {
      this.scorer = Objects.requireNonNull(scorer, "scorer");
      return this;
    }

    public Builder scorer(TaskCategory category, QualityScorer scorer) {
      scorers.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(scorer, "scorer"));
      return this;
    }

    /**
     * Lets the reference model grade each sampled answer ({@link ReferenceGradingScorer}) instead
     * of comparing texts; every grading call is charged as a reference call. Scorers you set
     * (for a category or for all) still win.
     */
    public Builder gradeWithReference() {
      this.gradeWithReference = true;
      return this;
    }

    /** @throws IllegalStateException when no reference backend was set, or the settings contradict each other */
    public QualityPolicy build() {
      if (reference == null) {
        throw new IllegalStateException("the quality loop needs a reference backend to compare cheap answers with: "
            + "call QualityPolicy.builder().reference(backend), or leave quality(...) off the router builder");
      }
      if (minSamples > window) {
        throw new IllegalStateException("min samples (" + minSamples + ") must not exceed the window (" + window
            + "): no decision could ever be made");
      }
      if (minSamples > calibrationSamples) {
        throw new IllegalStateException("min samples (" + minSamples + ") must not exceed the calibration samples ("
            + calibrationSamples + "): calibration could never suggest anything; raise calibrationSamples(..)");
      }
      checkReachable("", threshold);
      thresholds.forEach((c, t) -> checkReachable(" of " + c, t));
      return new QualityPolicy(this);
    }

    private void checkReachable(String of, double t) {
      if (t + recoveryMargin > 1) {
        throw new IllegalStateException("threshold" + of + " (" + t + ") plus recovery margin (" + recoveryMargin
            + ") is above 1: a promoted category could never move back");
      }
    }

    private static double share(String what, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(what + " must be within [0, 1]: " + value);
      }
      return value;
    }
  }
}
