package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code system-prompt}: the system (or developer) prompt asks for JSON, a single label, a
 * summary, a translation, code: each phrase once, at most 1.5 per category.
 */
final class SystemPromptCollector implements SignalCollector {
  private final PhraseTable systemPhrases;

  SystemPromptCollector(Engine.Settings settings) {
    this.systemPhrases = new PhraseTable(settings.systemPhrases());
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    // the same for every request with these system prompts: found once (the engine memoises them)
    SystemPrompts system = prompt.systemPrompts();
    List<Signal> found = system.phrases();
    evidence.addAll(found != null ? found : system.keepPhrases(signals(system.words())));
  }

  private List<Signal> signals(List<Words> system) {
    List<Signal> out = new ArrayList<>();
    PhraseTally seen = new PhraseTally(); // across the system prompts; the totals are per prompt
    for (Words w : system) {
      PhraseTally total = new PhraseTally();
      for (PhraseTable.Match match : systemPhrases.matches(w)) {
        PhraseTable.Phrase p = match.phrase();
        if (seen.firstTime(p.text()) && total.total(p.category()) < 1.5) {
          total.add(p.category(), p.weight());
          out.add(SignalName.SYSTEM_PROMPT.signal(p.category(), p.weight(), p.text()));
        }
      }
    }
    return out;
  }
}
