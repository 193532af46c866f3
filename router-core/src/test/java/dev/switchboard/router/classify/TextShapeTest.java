package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small text scanners the classifier's problem and CJK rules rest on. */
class TextShapeTest {
  @Test
  void numbersAreRunsOfDigitsNotGluedToALetter() {
    assertThat(CodeShape.numbers("3 notebooks at $2.50 and 1,200 pens", 10)).isEqualTo(3);
    assertThat(CodeShape.numbers("revenue in Q3 and Q4, paper A4, version v2.5", 10)).isZero();
    assertThat(CodeShape.numbers("4y minus 9 equals 23", 10)).isEqualTo(3);
    assertThat(CodeShape.numbers("1 2 3 4 5", 2)).isEqualTo(2); // stops counting at the limit
    assertThat(CodeShape.numbers("", 2)).isZero();
  }

  @Test
  void answerChoicesNeedTheLettersAToCEachBeforeAParenthesis() {
    assertThat(CodeShape.answerChoices("(A) 32 (B) 36 (C) 38 (D) 40")).isTrue();
    assertThat(CodeShape.answerChoices("a ) 60 , b ) 72 , c ) 80")).isTrue();
    assertThat(CodeShape.answerChoices("A) 20 B) 24 C) 27")).isTrue();
    assertThat(CodeShape.answerChoices("(a) 45 (b) 126")).isFalse(); // two options are not a set of choices
    assertThat(CodeShape.answerChoices("call(a) then call(b) and call(c)")).isFalse(); // glued to a word
    assertThat(CodeShape.answerChoices("no choices here")).isFalse();
  }

  @Test
  void cjkRunsAreWordsOfTheirOwnAndQuestionsAreMarked() {
    Words w = Words.of("Pythonで実装して? Then stop.");
    assertThat(w.get(0)).isEqualTo("python");
    assertThat(w.get(1)).isEqualTo("で実装して");
    assertThat(w.isCjk(0)).isFalse();
    assertThat(w.isCjk(1)).isTrue();
    assertThat(w.inQuestion(0)).isTrue();
    assertThat(w.inQuestion(1)).isTrue();
    assertThat(w.inQuestion(2)).isFalse();
    assertThat(Words.of("don\u2019t").get(0)).isEqualTo("don't"); // the typographic apostrophe is kept as a plain one
  }

  @Test
  void cjkPhrasesAreFoundInsideARunLongestFirst() {
    CjkPhrases table = new CjkPhrases(java.util.List.of(
        PhraseTable.phrase("分析", dev.switchboard.router.classify.TaskCategory.REASONING, 2.0),
        PhraseTable.phrase("情感分析", dev.switchboard.router.classify.TaskCategory.CLASSIFICATION, 2.0)));
    var matches = table.matches(Words.of("请对这条评论做情感分析"));
    assertThat(matches).hasSize(1);
    assertThat(matches.get(0).phrase().text()).isEqualTo("情感分析");
    assertThat(table.matches(Words.of("no cjk here at all"))).isEmpty();
  }
}
