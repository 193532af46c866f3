package dev.switchboard.router.classify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
    Set<String> seen = new HashSet<>();
    for (Words w : prompt.system()) {
      Map<TaskCategory, Double> total = new HashMap<>();
      for (PhraseTable.Match match : systemPhrases.matches(w)) {
        PhraseTable.Phrase p = match.phrase();
        if (seen.add(p.text()) && total.getOrDefault(p.category(), 0.0) < 1.5) {
          total.merge(p.category(), p.weight(), Double::sum);
          evidence.add(SignalName.SYSTEM_PROMPT.signal(p.category(), p.weight(), p.text()));
        }
      }
    }
  }
}
