package dev.switchboard.router.classify;

/**
 * "Give me the gist": an asking verb ({@link Cues#ASKING_VERBS}) says nothing when a strong phrase
 * of another category than extraction says what is asked for, so its {@code leading-verb} signal
 * is withdrawn. Runs after the leading-verb and phrase collectors.
 */
final class AskingVerbCollector implements SignalCollector {
  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    if (evidence.any(s -> SignalName.PHRASE.is(s) && s.weight() >= Vocabulary.STRONG
        && !s.category().equals(TaskCategory.EXTRACTION))) {
      evidence.removeIf(s -> SignalName.LEADING_VERB.is(s) && Cues.ASKING_VERBS.contains(s.detail()));
    }
  }
}
