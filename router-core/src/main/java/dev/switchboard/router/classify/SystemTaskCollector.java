package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code system-instruction}: the system prompts read as an instruction at a discount
 * ({@link #SYSTEM_DISCOUNT}), since applications put the task there. When that task is decisive on
 * its own and the user turn has no command of its own (no leading verb, and not a short question),
 * the user turn is only the input to it ("You classify tweets..." + a tweet): the user turn's
 * wording signals are withdrawn and the system task takes their place. The task is left in the
 * evidence either way, for the context collector. Runs after the collectors of the user's wording.
 */
final class SystemTaskCollector implements SignalCollector {
  static final double SYSTEM_DISCOUNT = 0.6;
  /** Signals from the user turn's words: not instructions when the turn is only input. */
  private static final Set<SignalName> USER_WORDING = EnumSet.of(SignalName.PHRASE, SignalName.MATH,
      SignalName.SEVERAL_QUESTIONS, SignalName.TOO_SHORT, SignalName.LEADING_VERB, SignalName.COMPOUND_REQUEST,
      SignalName.MATH_PROBLEM, SignalName.COUNTING, SignalName.SCALE, SignalName.NO_INPUT);

  private final double minScore;
  private final LeadingVerbCollector leadingVerbs;
  private final PhraseCollector phrases;

  SystemTaskCollector(Engine.Settings settings, LeadingVerbCollector leadingVerbs, PhraseCollector phrases) {
    this.minScore = settings.minScore();
    this.leadingVerbs = leadingVerbs;
    this.phrases = phrases;
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    List<Signal> systemTask = task(prompt);
    evidence.systemTask(systemTask);
    if (systemTask.isEmpty()) {
      return;
    }
    Evidence task = new Evidence();
    task.addAll(systemTask);
    if (task.decisive(minScore) && userTurnIsInput(evidence, prompt.text())) {
      evidence.removeIf(s -> USER_WORDING.contains(SignalName.of(s)));
      evidence.addAll(systemTask);
      String figure = ProblemShapeCollector.figureAsked(prompt.system(), prompt.request());
      if (figure != null && ProblemShapeCollector.computedFromInput(prompt.text(), figure)) {
        evidence.add(SignalName.MATH_PROBLEM.signal(TaskCategory.REASONING, Vocabulary.STRONG,
            "a figure the system task asks of the input: " + figure));
      }
    }
  }

  /**
   * The task the system prompts set: the same for every request with these system prompts, so found
   * once and kept with the engine's memo of them ({@link SystemPrompts}). Empty when they set none
   * ("You are a marketing strategist. Be concise.").
   */
  List<Signal> task(SegmentedPrompt prompt) {
    SystemPrompts system = prompt.systemPrompts();
    List<Signal> task = system.task();
    return task != null ? task : system.keepTask(systemTask(prompt));
  }

  /** The leading verbs and phrases of the system prompts, read as an instruction at a discount. */
  private List<Signal> systemTask(SegmentedPrompt prompt) {
    List<Signal> out = new ArrayList<>();
    for (Words w : prompt.system()) {
      Evidence found = new Evidence();
      leadingVerbs.collect(w, found);
      phrases.collect(w, found);
      for (Signal f : found.signals()) {
        out.add(SignalName.SYSTEM_INSTRUCTION.signal(f.category(), f.weight() * SYSTEM_DISCOUNT, f.detail()));
      }
    }
    return out;
  }

  /** No command of the user's own (no leading verb, and not a short question): the turn is input. */
  private static boolean userTurnIsInput(Evidence evidence, String text) {
    return !evidence.any(s -> SignalName.LEADING_VERB.is(s) && !Cues.ASKING_VERBS.contains(s.detail()))
        && !(text.length() < 150 && text.indexOf('?') >= 0);
  }
}
