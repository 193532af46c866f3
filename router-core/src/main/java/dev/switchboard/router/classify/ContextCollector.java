package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import java.util.List;
import java.util.Set;

/**
 * The last user turn says what to work on but not what to do ("The delivery was late again.",
 * "Informal.", "Same for this one: ..."): the task was set elsewhere in the conversation. Only
 * when nothing so far is decisive: first the system prompt's task ({@code system-instruction},
 * found by the system-task collector); then, for a short or explicitly continuing turn, the task
 * of the previous user turn ({@code follow-up}), read with the leading-verb, phrase and text-shape
 * collectors. Capable evidence in the last turn still counts against either. Runs last.
 */
final class ContextCollector implements SignalCollector {
  static final int SHORT_FOLLOW_UP_WORDS = 8;
  private static final WordTable<Boolean> CONTINUATION = WordTable.set("and", "ok", "okay", "same", "now", "also",
      "another", "next", "again", "then", "here", "here's", "heres", "similarly", "likewise");

  private final Set<TaskCategory> cheap;
  private final double minScore;
  private final List<SignalCollector> earlierTurn;

  ContextCollector(Engine.Settings settings, List<SignalCollector> earlierTurn) {
    this.cheap = settings.cheapCategories();
    this.minScore = settings.minScore();
    this.earlierTurn = List.copyOf(earlierTurn);
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    if (evidence.decisive(minScore)) {
      return;
    }
    evidence.addAll(evidence.systemTask());
    if (evidence.decisive(minScore) || !continues(prompt.instruction(), prompt.text())) {
      return;
    }
    List<ChatMessage> messages = prompt.request().messages();
    int last = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals(ChatMessage.USER)) {
        if (last < 0) {
          last = i;
        } else {
          followUp(prompt.withTurn(messages.get(i).text()), evidence);
          return;
        }
      }
    }
  }

  /** A {@code follow-up} of the earlier turn's task, when it had a clear one. */
  private void followUp(SegmentedPrompt earlierPrompt, Evidence evidence) {
    Evidence earlier = new Evidence();
    for (SignalCollector c : earlierTurn) {
      c.collect(earlierPrompt, earlier);
    }
    double capable = 0;
    for (Signal e : earlier.signals()) {
      if (!cheap.contains(e.category()) && !SignalName.TOO_SHORT.is(e)) {
        capable += e.weight();
      }
    }
    TaskCategory task = earlier.best(null, true);
    // A cheap task is carried over only from a turn with no hint of harder work in it.
    boolean clean = capable == 0 || !cheap.contains(task);
    if (task != null && clean && earlier.score(task) >= minScore) {
      evidence.add(SignalName.FOLLOW_UP.signal(task, minScore, "continues a " + task + " turn"));
    }
  }

  /** A turn that continues the previous task: it says so ("same", "now", "and this one"), or is a short statement. */
  private static boolean continues(Words instruction, String text) {
    if (instruction.size() == 0) {
      return false;
    }
    String a = instruction.get(0);
    String b = instruction.size() > 1 ? instruction.get(1) : "";
    if (CONTINUATION.contains(a) || ((a.equals("what") || a.equals("how")) && b.equals("about"))
        || (a.equals("this") && b.equals("one"))) {
      return true;
    }
    return text.indexOf('?') < 0 && instruction.size() <= SHORT_FOLLOW_UP_WORDS;
  }
}
