package dev.switchboard.router.quality;

import dev.switchboard.router.classify.TaskCategory;

/**
 * The built-in scorers. By category: extraction compares the parsed JSON field by field,
 * classification the normalised label, summarization and transformation the ROUGE-L overlap of
 * tokens with a length check, everything else the token F1.
 */
public final class QualityScorers {
  private static final QualityScorer JSON_FIELDS = new JsonFieldScorer();
  private static final QualityScorer LABEL = new LabelScorer();
  private static final QualityScorer ROUGE_L = new RougeLScorer();
  private static final QualityScorer TOKEN_F1 = new TokenF1Scorer();

  private QualityScorers() {}

  /**
   * Parses both answers as JSON (code fences and text around the object are tolerated) and
   * compares every leaf field: strings trimmed, case and spacing folded; numbers by value, also
   * when one side wrote them as a string. Score = matching fields / all fields either side has.
   * A candidate that is not JSON scores 0; a reference that is not JSON falls back to token F1.
   */
  public static QualityScorer jsonFields() {
    return JSON_FIELDS;
  }

  /** 1 when the labels match after folding case, spacing, quotes and trailing punctuation; otherwise 0. */
  public static QualityScorer label() {
    return LABEL;
  }

  /**
   * ROUGE-L F1 (longest common token subsequence) between the answers, scaled down when the
   * candidate is less than half or more than twice the reference's length.
   */
  public static QualityScorer rougeL() {
    return ROUGE_L;
  }

  /** Token-level F1 (bag of lowercase words and numbers), the general fallback. */
  public static QualityScorer tokenF1() {
    return TOKEN_F1;
  }

  /** The default scorer for {@code category}. */
  public static QualityScorer forCategory(TaskCategory category) {
    if (category.equals(TaskCategory.EXTRACTION)) {
      return JSON_FIELDS;
    }
    if (category.equals(TaskCategory.CLASSIFICATION)) {
      return LABEL;
    }
    if (category.equals(TaskCategory.SUMMARIZATION) || category.equals(TaskCategory.TRANSFORMATION)) {
      return ROUGE_L;
    }
    return TOKEN_F1;
  }
}
