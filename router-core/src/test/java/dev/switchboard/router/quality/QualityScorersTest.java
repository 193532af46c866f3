package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityScorersTest {
  private static final ChatRequest REQ = ChatRequest.builder().user("anything").build();

  private static QualityScore score(QualityScorer s, TaskCategory c, String candidate, String reference) {
    return s.score(c, REQ, candidate, reference).orElseThrow();
  }

  private static QualityScore json(String candidate, String reference) {
    return score(QualityScorers.jsonFields(), TaskCategory.EXTRACTION, candidate, reference);
  }

  @Test
  void jsonFieldsMatchAfterNormalisingStringsAndNumbersAndIgnoringKeyOrder() {
    QualityScore s = json("{\"total\": \"1,200.50\", \"name\": \"  ACME   Corp \", \"paid\": \"true\"}",
        "{\"name\": \"Acme corp\", \"paid\": true, \"total\": 1200.5}");
    assertThat(s.score()).isEqualTo(1.0);
    assertThat(s.reason()).isEqualTo("3 of 3 fields match");
  }

  @Test
  void jsonFieldsCompareNestedObjectsAndArraysFieldByField() {
    String reference = "{\"buyer\": {\"name\": \"Ann\", \"address\": {\"city\": \"Oslo\"}}, \"items\": [\"chair\", \"desk\"]}";
    QualityScore s = json("{\"buyer\": {\"name\": \"Ann\", \"address\": {\"city\": \"Bergen\"}}, \"items\": [\"chair\", \"desk\"]}",
        reference);
    assertThat(s.score()).isEqualTo(0.75);
    assertThat(s.reason()).contains("3 of 4").contains("$.buyer.address.city");
  }

  @Test
  void extraOrMissingFieldsCountAgainstTheAnswer() {
    assertThat(json("{\"a\": 1}", "{\"a\": 1, \"b\": 2}").score()).isEqualTo(0.5);
    assertThat(json("{\"a\": 1, \"b\": 2, \"c\": 3}", "{\"a\": 1, \"b\": 2}").score()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(json("{\"a\": null, \"b\": 2}", "{\"b\": 2}").score()).as("null is no field").isEqualTo(1.0);
  }

  @Test
  void jsonInsideCodeFencesOrProseIsFound() {
    assertThat(json("```json\n{\"a\": 1}\n```", "{\"a\": 1}").score()).isEqualTo(1.0);
    assertThat(json("Here you go: {\"a\": 1} Hope it helps.", "{\"a\": 1}").score()).isEqualTo(1.0);
  }

  @Test
  void badJsonOrAnEmptyAnswerScoresZeroWithAReason() {
    assertThat(json("{\"a\": 1,,}", "{\"a\": 1}")).isEqualTo(QualityScore.of(0, "the answer is not valid JSON"));
    assertThat(json("Sure, a is 1.", "{\"a\": 1}").score()).isZero();
    assertThat(json("", "{\"a\": 1}")).isEqualTo(QualityScore.of(0, "the answer is empty"));
    assertThat(json(null, "{\"a\": 1}").score()).isZero();
    assertThat(json("{}", "{}").score()).isEqualTo(1.0);
  }

  @Test
  void aReferenceThatIsNotJsonFallsBackToWordOverlap() {
    QualityScore s = json("the date is 3 May", "the date is 3 May");
    assertThat(s.score()).isEqualTo(1.0);
    assertThat(s.reason()).startsWith("token F1");
  }

  @Test
  void labelsMatchAfterFoldingCaseQuotesPrefixAndPunctuation() {
    QualityScorer label = QualityScorers.label();
    assertThat(score(label, TaskCategory.CLASSIFICATION, "Label: \"Positive\".", "positive").score()).isEqualTo(1.0);
    assertThat(score(label, TaskCategory.CLASSIFICATION, "  NÉGATIF ", "negatif").score()).isEqualTo(1.0);
    QualityScore wrong = score(label, TaskCategory.CLASSIFICATION, "neutral", "positive");
    assertThat(wrong.score()).isZero();
    assertThat(wrong.reason()).isEqualTo("label 'neutral' instead of 'positive'");
    assertThat(score(label, TaskCategory.CLASSIFICATION, "", "positive").reason()).isEqualTo("the answer has no label");
    assertThat(label.score(TaskCategory.CLASSIFICATION, REQ, "positive", "  ")).as("no reference label: no score")
        .isEmpty();
  }

  @Test
  void rougeLRewardsTheSameWordsInTheSameOrder() {
    QualityScorer rouge = QualityScorers.rougeL();
    String ref = "the customer wants a refund for the late delivery";
    assertThat(score(rouge, TaskCategory.SUMMARIZATION, "The customer wants a refund for the late delivery.", ref)
        .score()).isEqualTo(1.0);
    double reordered = score(rouge, TaskCategory.SUMMARIZATION,
        "for the late delivery the customer wants a refund", ref).score();
    double unrelated = score(rouge, TaskCategory.SUMMARIZATION, "weather is sunny in Oslo today okay", ref).score();
    assertThat(reordered).isLessThan(1.0).isGreaterThan(0.4);
    assertThat(unrelated).isZero();
  }

  @Test
  void rougeLPenalisesAnAnswerFarShorterOrLongerThanTheReference() {
    QualityScorer rouge = QualityScorers.rougeL();
    String ref = "one two three four five six seven eight nine ten";
    QualityScore copyAll = score(rouge, TaskCategory.SUMMARIZATION, (ref + " ").repeat(3), ref);
    assertThat(copyAll.score()).isCloseTo(0.5 * 2 / 3.0, within(1e-9)); // F1 0.5, length x3 -> factor 2/3
    assertThat(copyAll.reason()).contains("length 30 vs 10 tokens");
    QualityScore tiny = score(rouge, TaskCategory.SUMMARIZATION, "one two", ref);
    assertThat(tiny.score()).isLessThan(0.2);
  }

  @Test
  void emptyAnswersScoreZeroAndTwoEmptyAnswersAgree() {
    for (QualityScorer s : new QualityScorer[] {QualityScorers.rougeL(), QualityScorers.tokenF1()}) {
      assertThat(score(s, TaskCategory.GENERAL, "", "some words")).isEqualTo(QualityScore.of(0, "the answer is empty"));
      assertThat(score(s, TaskCategory.GENERAL, "  ", null).score()).isEqualTo(1.0);
    }
  }

  @Test
  void tokenF1CountsSharedWords() {
    QualityScore s = score(QualityScorers.tokenF1(), TaskCategory.GENERAL, "Paris is the capital", "the capital is Paris, France");
    assertThat(s.score()).isCloseTo(2 * 1.0 * 0.8 / 1.8, within(1e-9));
  }

  @Test
  void defaultsByCategory() {
    assertThat(QualityScorers.forCategory(TaskCategory.EXTRACTION)).isSameAs(QualityScorers.jsonFields());
    assertThat(QualityScorers.forCategory(TaskCategory.CLASSIFICATION)).isSameAs(QualityScorers.label());
    assertThat(QualityScorers.forCategory(TaskCategory.SUMMARIZATION)).isSameAs(QualityScorers.rougeL());
    assertThat(QualityScorers.forCategory(TaskCategory.TRANSFORMATION)).isSameAs(QualityScorers.rougeL());
    assertThat(QualityScorers.forCategory(TaskCategory.REASONING)).isSameAs(QualityScorers.tokenF1());
    assertThat(QualityScorers.forCategory(TaskCategory.of("legal-review"))).isSameAs(QualityScorers.tokenF1());
  }

  @Test
  void aScoreOutsideZeroToOneIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QualityScore.of(1.2, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]: 1.2");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QualityScore.of(Double.NaN, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Optional.of(QualityScore.of(0, "ok"))).isPresent();
  }
}
