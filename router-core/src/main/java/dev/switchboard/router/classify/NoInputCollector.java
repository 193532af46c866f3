package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import java.util.List;

/**
 * {@code no-input}: "Summarise the arguments for and against a four-day week", "Summarize the plot
 * of Hamlet": a summary with nothing given to summarise is written from the model's knowledge; so
 * is an extraction from nothing ("Extract the key lessons for modern democracies from the fall of
 * the Roman Republic"). Fires for strong summary evidence, or a leading extraction verb, in the
 * last user message with no input in it or before it (no system prompt, or a short one that sets
 * no task; earlier turns, if any, all short, like a greeting): nothing pasted or quoted (a quoted
 * title names a work), no colon or line break, no CJK, and no word pointing at a text ("this", "the
 * following", "my notes", "it"). Runs after the collectors of summary evidence.
 */
final class NoInputCollector implements SignalCollector {
  /** An earlier message longer than this may hold the text the last turn refers to. */
  private static final int EARLIER_CHARS = 160;

  private static final WordTable<Boolean> POINTING = WordTable.set("it", "here", "attached", "enclosed", "those",
      "your", "thread", "conversation", "chat", "email", "call", "meeting");
  /** Words that make the next noun the input only when it names a text ("my notes", "that email"). */
  private static final WordTable<Boolean> WEAK_REFERENCES = WordTable.set("that", "my", "our");

  private final SystemTaskCollector systemTask;

  NoInputCollector(SystemTaskCollector systemTask) {
    this.systemTask = systemTask;
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    String text = prompt.text();
    Words instruction = prompt.instruction();
    boolean summary = evidence.any(s -> s.category().equals(TaskCategory.SUMMARIZATION)
        && s.weight() >= Vocabulary.STRONG);
    // "Extract the key lessons for modern democracies from the fall of the Roman Republic": nothing to extract from
    boolean extraction = !summary && evidence.any(s -> SignalName.LEADING_VERB.is(s)
        && s.category().equals(TaskCategory.EXTRACTION) && s.weight() >= Vocabulary.STRONG);
    if (!(summary || extraction) || !prompt.givesNoText() || !prompt.instructionText().equals(text)
        || instruction.hasCjk() || !nothingEarlier(prompt)) {
      return;
    }
    for (int i = 0; i < instruction.size(); i++) {
      String w = instruction.get(i);
      boolean weak = WEAK_REFERENCES.contains(w); // "for our board", "bodies that buy": a text only when one is named
      if ((Cues.INPUT_REFERENCES.contains(w) && (!weak || textNamedAfter(instruction, i + 1))) || Cues.REFERS.contains(w)
          || (POINTING.contains(w) && !(w.equals("it") && itIsAnAcronym(text)))) {
        return;
      }
    }
    evidence.add(SignalName.NO_INPUT.signal(TaskCategory.GENERAL, Vocabulary.STRONG,
        summary ? "nothing given to summarise" : "nothing given to extract from"));
  }

  /**
   * Nothing given before the last turn either: no earlier turn long enough to hold a text ("I'm
   * revising for my economics exam tomorrow" / "Good luck! What would you like to go over?"), and
   * no system prompt but a short one that sets no task of its own ("You are a marketing strategist.
   * Be concise.").
   */
  private boolean nothingEarlier(SegmentedPrompt prompt) {
    List<ChatMessage> messages = prompt.request().messages();
    for (int i = 0; i < messages.size() - 1; i++) {
      if (messages.get(i).text().length() > EARLIER_CHARS) {
        return false;
      }
    }
    // a system prompt may set the task whose text the user turn only names ("You are an
    // information extraction engine" / "Extract the customer's name and the dates they mention")
    return systemTask.task(prompt).isEmpty();
  }

  /**
   * A text named anywhere after a weak reference: "my notes", "the profession that is mentioned in
   * the sentence"; not "for our junior analysts" or "bodies that buy and rely on IT systems".
   */
  private static boolean textNamedAfter(Words w, int from) {
    for (int k = from; k < w.size(); k++) {
      if (PASSAGES.contains(w.get(k)) || Cues.namesText(w, k)) {
        return true;
      }
    }
    return false;
  }

  /** Names of a piece of text the cue words do not hold. */
  private static final WordTable<Boolean> PASSAGES = WordTable.set("sentence", "sentences", "excerpt", "extract",
      "snippet", "quote", "page", "file", "list", "table", "sheet", "spreadsheet", "data", "dataset", "dataframe",
      "results", "minutes", "notes", "slides", "deck");

  /** "IT systems", "our IT team": the word is written in capitals wherever it stands alone. */
  private static boolean itIsAnAcronym(String text) {
    for (int i = text.indexOf("IT"); i >= 0; i = text.indexOf("IT", i + 1)) {
      boolean alone = (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
          && (i + 2 >= text.length() || !Character.isLetterOrDigit(text.charAt(i + 2)));
      if (alone) {
        return !containsPronoun(text);
      }
    }
    return false;
  }

  /** "it" or "It" as a word of its own. */
  private static boolean containsPronoun(String text) {
    for (int i = 0; i + 2 <= text.length(); i++) {
      char a = text.charAt(i);
      if ((a == 'i' || a == 'I') && text.charAt(i + 1) == 't'
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
          && (i + 2 == text.length() || !Character.isLetterOrDigit(text.charAt(i + 2)))) {
        return true;
      }
    }
    return false;
  }
}
