package dev.switchboard.router.classify;

import java.util.Set;

/**
 * {@code instruction-over-document}: a short command with cheap evidence over a long paste is how
 * extraction and summaries are asked for; the leading cheap category gets 1.0 more when it already
 * has {@code minScore}. Reads the score, so it runs after every collector that withdraws signals.
 */
final class DocumentCollector implements SignalCollector {
  private final Set<TaskCategory> cheap;
  private final double minScore;

  DocumentCollector(Engine.Settings settings) {
    this.cheap = settings.cheapCategories();
    this.minScore = settings.minScore();
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    if (!prompt.document()) {
      return;
    }
    TaskCategory top = evidence.best(cheap, true);
    if (top != null && evidence.score(top) >= minScore) {
      evidence.add(SignalName.INSTRUCTION_OVER_DOCUMENT.signal(top, 1.0, prompt.text().length() + " chars"));
    }
  }
}
