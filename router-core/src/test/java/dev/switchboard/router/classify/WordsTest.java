package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** How text is split into words: what every rule reads. */
class WordsTest {
  private static List<String> list(Words w) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      out.add(w.get(i));
    }
    return out;
  }

  @Test
  void wordsAreRunsOfLettersAndDigitsLowerCased() {
    assertThat(list(Words.of("Summarise THIS e-mail, 2 Times!"))).containsExactly("summarise", "this", "e", "mail",
        "2", "times");
    assertThat(list(Words.of(""))).isEmpty();
    assertThat(list(Words.of(" ,.;  "))).isEmpty();
  }

  @Test
  void lowerCasingIsTheLocaleIndependentOneOfTheWholeWord() {
    // final sigma and the dotted capital I are lower-cased as String.toLowerCase(Locale.ROOT) does, in context
    for (String word : List.of("ΟΔΟΣ", "İstanbul", "ÉCOLE", "Straße", "ǅemal", "Ωmega")) {
      assertThat(list(Words.of(word + " x"))).as(word).containsExactly(word.toLowerCase(Locale.ROOT), "x");
    }
  }

  @Test
  void apostrophesInsideWordsAreKeptAsPlainOnes() {
    assertThat(list(Words.of("Don\u2019t stop, it's 'quoted' o'"))).containsExactly("don't", "stop", "it's",
        "quoted", "o");
    assertThat(list(Words.of("L\u2019\u00c9T\u00c9 arrive"))).containsExactly("l'\u00e9t\u00e9", "arrive");
  }

  @Test
  void aChangeOfScriptEndsAWord() {
    assertThat(list(Words.of("Pythonで実装して"))).containsExactly("python", "で実装して");
    assertThat(Words.of("Pythonで").isCjk(1)).isTrue();
    assertThat(Words.of("Pythonで").hasCjk()).isTrue();
    assertThat(Words.of("Python").hasCjk()).isFalse();
  }

  @Test
  void sentenceStartsCommasAndQuestionsAreRemembered() {
    Words w = Words.of("Hi there. Could you, please, help? Thanks — bye\nok");
    assertThat(list(w)).containsExactly("hi", "there", "could", "you", "please", "help", "thanks", "bye", "ok");
    boolean[] starts = new boolean[w.size()];
    boolean[] commas = new boolean[w.size()];
    boolean[] questions = new boolean[w.size()];
    for (int i = 0; i < w.size(); i++) {
      starts[i] = w.startsSentence(i);
      commas[i] = w.followsComma(i);
      questions[i] = w.inQuestion(i);
    }
    assertThat(starts).containsExactly(true, false, true, false, false, false, true, true, true);
    assertThat(commas).containsExactly(false, false, false, false, true, true, false, false, false);
    assertThat(questions).containsExactly(false, false, true, true, true, true, false, false, false);
    assertThat(w.inQuestion(w.size())).isFalse();
  }

  @Test
  void aRangeAndAWordLimitAreHonoured() {
    assertThat(list(Words.of("one two three four", 4, 11, 10))).containsExactly("two", "thr");
    assertThat(list(Words.of("one two three four", 0, 18, 2))).containsExactly("one", "two");
    assertThat(list(Words.of("one two", 0, 7, 0))).isEmpty();
  }

  @Test
  void longWordsAndManyWordsAreKeptWhole() {
    String longWord = "Supercalifragilisticexpialidocious".repeat(5);
    StringBuilder text = new StringBuilder(longWord);
    List<String> expected = new ArrayList<>(List.of(longWord.toLowerCase(Locale.ROOT)));
    for (int i = 0; i < 500; i++) {
      text.append(" W").append(i);
      expected.add("w" + i);
    }
    assertThat(list(Words.of(text))).isEqualTo(expected);
    // and a second text on the same thread is read afresh
    assertThat(list(Words.of("Short one."))).containsExactly("short", "one");
  }

  @Test
  void aWordOutsideTheTextFails() {
    Words w = Words.of("two words");
    assertThatThrownBy(() -> w.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> w.startsSentence(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
