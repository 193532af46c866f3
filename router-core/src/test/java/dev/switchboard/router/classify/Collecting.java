package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatRequest;
import java.util.List;

/** Runs engine parts on their own, with the default settings, for the tests of each part. */
final class Collecting {
  static final Engine.Settings DEFAULTS = RuleBasedClassifier.builder().settings();

  private Collecting() {}

  static SegmentedPrompt prompt(String user) {
    return Segmenter.segment(ChatRequest.builder().user(user).build());
  }

  /** The evidence {@code collectors} find, in order, in {@code prompt}. */
  static Evidence collect(SegmentedPrompt prompt, SignalCollector... collectors) {
    Evidence evidence = new Evidence();
    for (SignalCollector c : collectors) {
      c.collect(prompt, evidence);
    }
    return evidence;
  }

  static List<String> signals(Evidence evidence) {
    return evidence.signals().stream().map(Signal::toString).toList();
  }
}
