package dev.switchboard.router.quality;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bag-of-tokens F1 between candidate and reference. */
final class TokenF1Scorer implements QualityScorer {
  @Override
  public Optional<QualityScore> score(TaskCategory category, ChatRequest request, String candidate, String reference) {
    return Optional.of(f1(Tokens.of(candidate), Tokens.of(reference)));
  }

  static QualityScore f1(List<String> candidate, List<String> reference) {
    if (reference.isEmpty() || candidate.isEmpty()) {
      return emptyCase(candidate, reference);
    }
    Map<String, Integer> counts = new HashMap<>();
    reference.forEach(t -> counts.merge(t, 1, Integer::sum));
    int common = 0;
    for (String t : candidate) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    if (common == 0) {
      return QualityScore.of(0, "no tokens in common");
    }
    double p = (double) common / candidate.size();
    double r = (double) common / reference.size();
    double f = 2 * p * r / (p + r);
    return QualityScore.of(f, "token F1 " + Tokens.format(f) + " (" + common + " common tokens)");
  }

  /** Both empty agree; one empty side is a miss. */
  static QualityScore emptyCase(List<String> candidate, List<String> reference) {
    if (candidate.isEmpty() && reference.isEmpty()) {
      return QualityScore.of(1, "both answers are empty");
    }
    return QualityScore.of(0, candidate.isEmpty() ? "the answer is empty" : "the reference answer is empty");
  }
}
