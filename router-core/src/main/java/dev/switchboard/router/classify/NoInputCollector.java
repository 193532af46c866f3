package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import java.util.List;

/**
 * {@code no-input}: "Summarise the arguments for and against a four-day week", "Summarize the plot
 * of Hamlet": a summary with nothing given to summarise is written from the model's knowledge; so
 * is an extraction from nothing ("Extract the key lessons for modern democracies from the fall of
 * the Roman Republic"). Fires for strong summary evidence, or a leading extraction verb, in the
 * last user message with no input in it or before it (no system prompt; earlier turns, if any,
 * all short, like a greeting): nothing pasted or quoted (a quoted title names a work), no colon or
 * line break, no CJK, and no word
 * pointing at a text ("this", "the following", "my notes", "it"). Runs after the collectors of
 * summary evidence.
 */
final class NoInputCollector implements SignalCollector {
  /** An earlier message longer than this may hold the text the last turn refers to. */
  private static final int EARLIER_CHARS = 160;
  private static final WordTable<Boolean> POINTING = WordTable.set("it", "here", "attached", "enclosed", "those",
      "your", "thread", "conversation", "chat", "email", "call", "meeting");

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    String text = prompt.text();
    Words instruction = prompt.instruction();
    boolean summary = evidence.any(s -> s.category().equals(TaskCategory.SUMMARIZATION)
        && s.weight() >= Vocabulary.STRONG);
    // "Extract the key lessons for modern democracies from the fall of the Roman Republic": nothing to extract from
    boolean extraction = !summary && evidence.any(s -> SignalName.LEADING_VERB.is(s)
        && s.category().equals(TaskCategory.EXTRACTION) && s.weight() >= Vocabulary.STRONG);
    if (!(summary || extraction) || !prompt.givesNoText() || !nothingEarlier(prompt.request())
        || !prompt.instructionText().equals(text) || instruction.hasCjk()) {
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

  /**
   * Nothing given before the last turn either: no system prompt, and no earlier turn long enough to
   * hold a text ("I'm revising for my economics exam tomorrow" / "Good luck! What would you like to
   * go over?").
   */
  private static boolean nothingEarlier(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    for (int i = 0; i < messages.size() - 1; i++) {
      ChatMessage m = messages.get(i);
      // a system prompt may set the task whose text the user turn only names ("You are an
      // information extraction engine" / "Extract the customer's name and the dates they mention")
      if (m.role().equals(ChatMessage.SYSTEM) || m.role().equals(ChatMessage.DEVELOPER)
          || m.text().length() > EARLIER_CHARS) {
        return false;
      }
    }
    return true;
  }
}
