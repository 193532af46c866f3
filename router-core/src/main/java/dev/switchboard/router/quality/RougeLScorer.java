package dev.switchboard.router.quality;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import java.util.List;
import java.util.Optional;

/** ROUGE-L F1 with a length sanity check, for summaries and rewrites. */
final class RougeLScorer implements QualityScorer {
  @Override
  public Optional<QualityScore> score(TaskCategory category, ChatRequest request, String candidate, String reference) {
    List<String> c = Tokens.of(candidate);
    List<String> r = Tokens.of(reference);
    if (c.isEmpty() || r.isEmpty()) {
      return Optional.of(TokenF1Scorer.emptyCase(c, r));
    }
    int lcs = lcs(c, r);
    if (lcs == 0) {
      return Optional.of(QualityScore.of(0, "no tokens in common"));
    }
    double p = (double) lcs / c.size();
    double rec = (double) lcs / r.size();
    double f = 2 * p * rec / (p + rec);
    double ratio = (double) c.size() / r.size();
    // ROUGE alone rewards a summary that copies the whole text, or one that is a few right words.
    double lengthFactor = ratio < 0.5 ? ratio / 0.5 : ratio > 2 ? 2 / ratio : 1;
    String reason = "ROUGE-L " + Tokens.format(f);
    if (lengthFactor < 1) {
      reason += ", length " + c.size() + " vs " + r.size() + " tokens (x" + Tokens.format(lengthFactor) + ")";
    }
    return Optional.of(QualityScore.of(f * lengthFactor, reason));
  }

  private static int lcs(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      String x = a.get(i - 1);
      for (int j = 1; j <= b.size(); j++) {
        cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.size()];
  }
}
