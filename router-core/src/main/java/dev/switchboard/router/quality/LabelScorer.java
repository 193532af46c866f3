package dev.switchboard.router.quality;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import java.util.Optional;

/** Exact match of normalised labels. */
final class LabelScorer implements QualityScorer {
  @Override
  public Optional<QualityScore> score(TaskCategory category, ChatRequest request, String candidate, String reference) {
    String c = normalise(candidate);
    String r = normalise(reference);
    if (r.isEmpty()) {
      return Optional.empty(); // a reference with no label cannot judge anything
    }
    if (c.isEmpty()) {
      return Optional.of(QualityScore.of(0, "the answer has no label"));
    }
    return Optional.of(c.equals(r)
        ? QualityScore.of(1, "label '" + r + "' matches")
        : QualityScore.of(0, "label '" + c + "' instead of '" + r + "'"));
  }

  /** Case, accents, spacing, quotes, brackets and trailing punctuation folded; "Label: x" read as "x". */
  static String normalise(String s) {
    if (s == null) {
      return "";
    }
    String f = Tokens.fold(s).replaceAll("^(label|category|class|answer)\\s*[:=-]\\s*", "");
    return f.replaceAll("^[\\s\"'`*(\\[{<]+|[\\s\"'`*.!?;:,)\\]}>]+$", "");
  }
}
