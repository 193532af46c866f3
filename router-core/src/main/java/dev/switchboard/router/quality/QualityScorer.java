package dev.switchboard.router.quality;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import java.util.Optional;

/**
 * Scores a cheap answer against the reference model's answer to the same request. One method;
 * {@link QualityScorers} has the defaults by category. Called off the caller's thread, possibly
 * from several threads at once: implementations are thread-safe.
 *
 * <pre>{@code
 * QualityScorer exactTotal = (category, request, candidate, reference) ->
 *     Optional.of(QualityScore.of(total(candidate).equals(total(reference)) ? 1 : 0, "total compared"));
 * QualityPolicy.builder().reference(gpt).scorer(TaskCategory.EXTRACTION, exactTotal)...
 * }</pre>
 */
@FunctionalInterface
public interface QualityScorer {
  /**
   * Returns the score, or empty when this pair cannot be judged (the reference answer is itself
   * unusable, a grader did not answer with a number). An empty result, like an exception thrown
   * here, is counted as unscored and never moves a window.
   */
  Optional<QualityScore> score(TaskCategory category, ChatRequest request, String candidateAnswer,
      String referenceAnswer);
}
