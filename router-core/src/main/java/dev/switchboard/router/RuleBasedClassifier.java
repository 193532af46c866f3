package dev.switchboard.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default {@link Classifier}: rules over the last user instruction, never a model call.
 * Conservative: with no clear evidence the answer is {@link TaskCategory#GENERAL}, which the
 * default tier map sends to the capable tier.
 */
public final class RuleBasedClassifier implements Classifier {
  private static final Map<String, TaskCategory> LEADING_VERBS = Map.ofEntries(
      Map.entry("extract", TaskCategory.EXTRACTION),
      Map.entry("classify", TaskCategory.CLASSIFICATION),
      Map.entry("categorize", TaskCategory.CLASSIFICATION),
      Map.entry("categorise", TaskCategory.CLASSIFICATION),
      Map.entry("summarize", TaskCategory.SUMMARIZATION),
      Map.entry("summarise", TaskCategory.SUMMARIZATION),
      Map.entry("translate", TaskCategory.TRANSFORMATION),
      Map.entry("rewrite", TaskCategory.TRANSFORMATION),
      Map.entry("prove", TaskCategory.REASONING),
      Map.entry("implement", TaskCategory.CODE),
      Map.entry("write", TaskCategory.CREATIVE));

  private RuleBasedClassifier() {}

  public static RuleBasedClassifier withDefaults() {
    return new RuleBasedClassifier();
  }

  @Override
  public Classification classify(ChatRequest request) {
    List<Signal> signals = new ArrayList<>();
    String type = request.responseFormatType().orElse("");
    if (type.equals("json_object") || type.equals("json_schema")) {
      signals.add(new Signal("response-format", TaskCategory.EXTRACTION, 0.6, type));
    }
    String instruction = request.lastUserMessage().map(ChatMessage::text).orElse("").stripLeading();
    int end = 0;
    while (end < instruction.length() && end < 32 && Character.isLetter(instruction.charAt(end))) {
      end++;
    }
    String verb = instruction.substring(0, end).toLowerCase(Locale.ROOT);
    TaskCategory byVerb = LEADING_VERBS.get(verb);
    if (byVerb != null) {
      signals.add(new Signal("leading-verb", byVerb, 0.8, verb));
    }
    if (instruction.contains("```")) {
      signals.add(new Signal("code-block", TaskCategory.CODE, 0.7, "```"));
    }
    Signal best = null;
    for (Signal s : signals) {
      if (best == null || s.weight() > best.weight()) {
        best = s;
      }
    }
    if (best == null || best.weight() < 0.5) {
      return new Classification(TaskCategory.GENERAL, 0.3, signals, false);
    }
    return new Classification(best.category(), best.weight(), signals, false);
  }
}
