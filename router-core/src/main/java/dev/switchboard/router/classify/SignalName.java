package dev.switchboard.router.classify;

import java.util.HashMap;
import java.util.Map;

/**
 * The name of every signal the default classifier reports, in one place. The labels are what
 * users see in {@link Signal#name()} and in {@code explain} output, and docs/classifier.md lists
 * them: renaming one is a change users see. Code compares names only through this type.
 */
enum SignalName {
  LEADING_VERB("leading-verb"),
  PHRASE("phrase"),
  JSON_SCHEMA("json-schema"),
  JSON_MODE("json-mode"),
  TOOLS("tools"),
  MAX_TOKENS("max-tokens"),
  TEMPERATURE("temperature"),
  STACK_TRACE("stack-trace"),
  CODE_BLOCK("code-block"),
  CODE_LIKE("code-like"),
  MATH("math"),
  SEVERAL_QUESTIONS("several-questions"),
  TOO_SHORT("too-short"),
  SYSTEM_PROMPT("system-prompt"),
  SYSTEM_INSTRUCTION("system-instruction"),
  FOLLOW_UP("follow-up"),
  INSTRUCTION_OVER_DOCUMENT("instruction-over-document"),
  QUESTION_ABOUT_TEXT("question-about-text"),
  INSTRUCTION_OVER_INPUT("instruction-over-input"),
  COMPOUND_REQUEST("compound-request"),
  MATH_PROBLEM("math-problem"),
  /** A rewrite or summary whose result is a poem, a story, a product description (CreativeFormCollector). */
  CREATIVE_FORM("creative-form"),
  /** Code work asked with a cheap verb: what code does, or a tool or language as the means (CodeTaskCollector). */
  CODE_TASK("code-task"),
  /** A fact read off pasted code or a stack trace, nothing else asked (CodeLookupCollector). */
  CODE_LOOKUP("code-lookup"),
  COUNTING("counting"),
  SCALE("scale"),
  NO_INPUT("no-input"),
  CAPABLE_EVIDENCE("capable-evidence"),
  /** A cheap answer the rules were not sure enough of (below min-confidence): general, and the model is not asked. */
  MIN_CONFIDENCE("min-confidence"),
  /** The learned component's signals (LearnedComponent). */
  MODEL("model");

  private static final Map<String, SignalName> BY_LABEL = new HashMap<>();

  static {
    for (SignalName n : values()) {
      BY_LABEL.put(n.label, n);
    }
  }

  private final String label;

  SignalName(String label) {
    this.label = label;
  }

  /** The name as users see it: "leading-verb". */
  String label() {
    return label;
  }

  /** A signal of this name. */
  Signal signal(TaskCategory category, double weight, String detail) {
    return new Signal(label, category, weight, detail);
  }

  /** Whether {@code s} is a signal of this name. */
  boolean is(Signal s) {
    return label.equals(s.name());
  }

  /** The name of {@code s}, or null for a name the default classifier never reports. */
  static SignalName of(Signal s) {
    return BY_LABEL.get(s.name());
  }
}
