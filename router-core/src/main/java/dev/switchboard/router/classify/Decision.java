package dev.switchboard.router.classify;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the evidence into a {@link Classification}: the category with the most weight wins if the
 * evidence is strong and clear enough, and a cheap category only wins when the evidence for a
 * capable one is clearly weaker (the conservative guard); otherwise general. Then, where the rules
 * are unsure, the learned component may move the answer to a cheap category (see
 * {@link LearnedComponent}). Adds {@code instruction-over-input} or {@code capable-evidence} to
 * say which rule decided.
 */
final class Decision {
  /** Over pasted input, this much cheap evidence is enough when nothing asks for harder work. */
  static final double WEAK_EVIDENCE = 1.0;
  /** Shapes of a harder task that trip the guard whatever the weights. */
  private static final Set<SignalName> HARDER_TASK = EnumSet.of(SignalName.COMPOUND_REQUEST,
      SignalName.MATH_PROBLEM, SignalName.NO_INPUT, SignalName.CREATIVE_FORM,
      SignalName.CODE_TASK);

  /** The text inside code (Vocabulary: transformation phrases): rewriting it is not a code rewrite. */
  static final List<String> TEXT_IN_CODE = List.of("the comments", "code comments", "comments in", "comments into",
      "docstrings", "the docstring", "log messages", "error messages", "ui strings", "user facing strings");

  private final Engine.Settings settings;
  private final LearnedComponent learned;

  /** {@code learned} null: the rules decide alone. */
  Decision(Engine.Settings settings, LearnedComponent learned) {
    this.settings = settings;
    this.learned = learned;
  }

  Classification decide(SegmentedPrompt prompt, Evidence evidence) {
    Classification rules = rules(evidence, prompt.hasInput());
    // The learned component may only move an unsure "general" to a cheap category (see LearnedComponent).
    return learned == null ? rules : learned.combine(prompt, rules);
  }

  private Classification rules(Evidence evidence, boolean input) {
    Set<TaskCategory> cheap = settings.cheapCategories();
    List<Signal> signals = evidence.signals();
    TaskCategory top = evidence.best(null, true);
    if (top == null) {
      return new Classification(TaskCategory.GENERAL, 0.3, signals, false);
    }
    double topScore = evidence.score(top);
    if (input && cheap.contains(top) && topScore >= WEAK_EVIDENCE && topScore < settings.minScore()
        && !anyCapable(signals, cheap)) {
      // An instruction over pasted input, with nothing in it that asks for harder work: weak cheap
      // evidence is enough ("I need the flight number and gate from this: '...'").
      evidence.add(SignalName.INSTRUCTION_OVER_INPUT.signal(top, 0, "weak evidence is enough over pasted input"));
      return new Classification(top, 0.5, signals, false);
    }
    // Confidence is about the tier: only evidence for the other side competes. Two cheap
    // categories in doubt are both cheap work; general evidence and a specific capable category
    // both go to the capable tier.
    double second = evidence.strongest(cheap, !cheap.contains(top));
    double confidence = Math.min(1.0, topScore / (topScore + second + 1.0));
    if (cheap.contains(top)) {
      double capable = evidence.sum(cheap, false);
      // Rewriting code ("Convert this Python 2 to Python 3", "Translate this Java to Kotlin") is code work.
      // Translating its comments or fixing its messages is not ("Translate the comments into English").
      boolean codeRewrite = top.equals(TaskCategory.TRANSFORMATION)
          && evidence.score(TaskCategory.CODE) >= settings.minScore()
          && !evidence.any(s -> SignalName.PHRASE.is(s) && TEXT_IN_CODE.contains(s.detail()));
      // A harder ask after the cheap one, a maths problem, or a summary of nothing given: whatever the cheap evidence.
      boolean harder = evidence.any(s -> HARDER_TASK.contains(SignalName.of(s)));
      if (codeRewrite || harder || capable >= settings.capableGuard() * topScore) {
        // Conservative: a hard task sent to a small model is the expensive mistake.
        TaskCategory hard = evidence.best(cheap, false);
        TaskCategory chosen = hard == null || evidence.score(hard) < settings.minScore() ? TaskCategory.GENERAL : hard;
        evidence.add(SignalName.CAPABLE_EVIDENCE.signal(chosen, 0, String.format(java.util.Locale.ROOT,
            "%.1f capable vs %.1f %s", capable, topScore, top)));
        return new Classification(chosen, Math.min(confidence, 0.5), signals, false);
      }
    }
    if (topScore < settings.minScore() || confidence < settings.minConfidence()) {
      if (topScore >= settings.minScore() && cheap.contains(top)) {
        // Enough cheap evidence, not enough confidence: the application's min-confidence says general,
        // and the learned component may not overrule it (calibration's raise-min-confidence relies on this).
        evidence.add(SignalName.MIN_CONFIDENCE.signal(TaskCategory.GENERAL, 0, String.format(java.util.Locale.ROOT,
            "%s %.2f < %.2f", top, confidence, settings.minConfidence())));
      }
      return new Classification(TaskCategory.GENERAL, Math.min(confidence, 0.4), signals, false);
    }
    return new Classification(top, confidence, signals, false);
  }

  /**
   * Whether the rules found evidence for a capable category: a signal for a category outside
   * {@code cheap} heavier than a context word, {@code too-short} aside. Over pasted input it keeps
   * weak cheap evidence from deciding; it keeps the learned component from deciding at all.
   */
  static boolean anyCapable(List<Signal> signals, Set<TaskCategory> cheap) {
    for (int i = 0; i < signals.size(); i++) { // by index: no iterator on every request
      Signal s = signals.get(i);
      if (!cheap.contains(s.category()) && s.weight() > Vocabulary.CONTEXT && !SignalName.TOO_SHORT.is(s)) {
        return true;
      }
    }
    return false;
  }
}
