package dev.switchboard.router.classify;

import java.util.Set;

/**
 * {@code no-input}: "Summarise the arguments for and against a four-day week", "Summarize the plot
 * of Hamlet": a summary with nothing given to summarise is written from the model's knowledge; so
 * is an extraction from nothing ("Extract the key lessons for modern democracies from the fall of
 * the Roman Republic"). Fires for strong summary evidence, or a leading extraction verb, in a lone user message (no system prompt, no earlier turns)
 * with no input in it: nothing pasted or quoted, no colon or line break, no CJK, and no word
 * pointing at a text ("this", "the following", "my notes", "it"). Runs after the collectors of
 * summary evidence.
 */
final class NoInputCollector implements SignalCollector {
  private static final Set<String> POINTING = Set.of("it", "here", "attached", "enclosed", "those", "your",
      "thread", "conversation", "chat", "email", "call", "meeting");

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    String text = prompt.text();
    Words instruction = prompt.instruction();
    boolean summary = evidence.any(s -> s.category().equals(TaskCategory.SUMMARIZATION)
        && s.weight() >= Vocabulary.STRONG);
    // "Extract the key lessons for modern democracies from the fall of the Roman Republic": nothing to extract from
    boolean extraction = !summary && evidence.any(s -> SignalName.LEADING_VERB.is(s)
        && s.category().equals(TaskCategory.EXTRACTION) && s.weight() >= Vocabulary.STRONG);
    if (!(summary || extraction) || prompt.hasInput() || prompt.request().messages().size() != 1
        || !prompt.instructionText().equals(text) || text.indexOf(':') >= 0 || text.indexOf('\n') >= 0
        || Cues.quotedSpan(text) || instruction.hasCjk()) {
      return;
    }
    for (int i = 0; i < instruction.size(); i++) {
      if (Cues.INPUT_REFERENCES.contains(instruction.get(i)) || Cues.REFERS.contains(instruction.get(i))
          || POINTING.contains(instruction.get(i))) {
        return;
      }
    }
    evidence.add(SignalName.NO_INPUT.signal(TaskCategory.GENERAL, Vocabulary.STRONG,
        summary ? "nothing given to summarise" : "nothing given to extract from"));
  }
}
