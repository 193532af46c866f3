package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classifies one request in three steps: the {@link Segmenter} finds the instruction and the
 * pasted input; the {@link SignalCollector}s, in order, turn what they read into evidence; the
 * {@link Decision} turns the evidence into a {@link Classification}. Immutable and thread-safe;
 * everything about one request lives in its {@link SegmentedPrompt} and {@link Evidence}.
 */
final class Engine {
  /** The knobs, validated by the public builder. */
  record Settings(Map<String, TaskCategory> leadingVerbs, List<PhraseTable.Phrase> phrases,
      List<PhraseTable.Phrase> systemPhrases, Set<String> politeWords, double minScore, double minConfidence,
      double capableGuard, Set<TaskCategory> cheapCategories) {}

  private final List<SignalCollector> collectors;
  private final Decision decision;
  /** Applications send the same system prompt on every call: it is read once (bounded, see SystemPrompts.Memo). */
  private final SystemPrompts.Memo systemPrompts = new SystemPrompts.Memo();

  /** {@code learned} null: the rules alone. */
  Engine(Settings settings, LearnedComponent learned) {
    LeadingVerbCollector leadingVerbs = new LeadingVerbCollector(settings);
    PhraseCollector phrases = new PhraseCollector(settings);
    TextShapeCollector textShape = new TextShapeCollector();
    SystemTaskCollector systemTask = new SystemTaskCollector(settings, leadingVerbs, phrases);
    // The order matters: a collector reads what those before it found, those that withdraw
    // signals come before the first that reads the score (DocumentCollector), and the context
    // collector, which only acts when nothing else is decisive, comes last.
    this.collectors = List.of(
        leadingVerbs,
        phrases,
        new AskingVerbCollector(),
        new CompoundRequestCollector(settings),
        new CreativeFormCollector(),
        new ScaleCollector(),
        new RequestShapeCollector(),
        textShape,
        new ProblemShapeCollector(),
        new NumericRuleCollector(),
        new CodeTaskCollector(),
        new CodeLookupCollector(settings),
        new NoInputCollector(systemTask),
        new SystemPromptCollector(settings),
        systemTask,
        new DocumentCollector(settings),
        new QuestionAboutTextCollector(settings),
        new ContextCollector(settings, List.of(leadingVerbs, phrases, textShape)));
    this.decision = new Decision(settings, learned);
  }

  Classification classify(ChatRequest request) {
    SegmentedPrompt prompt = Segmenter.segment(request, systemPrompts.of(request));
    Evidence evidence = new Evidence();
    for (int i = 0; i < collectors.size(); i++) { // by index: no iterator per request
      collectors.get(i).collect(prompt, evidence);
    }
    return decision.decide(prompt, evidence);
  }
}
