package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import org.junit.jupiter.api.Test;

/** Where the segmenter finds the instruction, the pasted input and the system prompts, on its own. */
class SegmenterTest {
  private static SegmentedPrompt segment(String user) {
    return Segmenter.segment(ChatRequest.builder().user(user).build());
  }

  private static String words(Words w) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < w.size(); i++) {
      sb.append(i == 0 ? "" : " ").append(w.get(i));
    }
    return sb.toString();
  }

  @Test
  void aRequestWithoutAUserTurnHasAnEmptyInstruction() {
    SegmentedPrompt p = Segmenter.segment(ChatRequest.builder().system("You are terse.").build());
    assertThat(p.text()).isEmpty();
    assertThat(p.instructionText()).isEmpty();
    assertThat(p.instruction().size()).isZero();
    assertThat(p.document()).isFalse();
    assertThat(p.hasInput()).isFalse();
    assertThat(p.inputStart()).isEqualTo(-1);
    assertThat(p.closingQuestion()).isEmpty();
    assertThat(p.system()).hasSize(1);
    assertThat(words(p.system().get(0))).isEqualTo("you are terse");
  }

  @Test
  void anEmptyUserTurnIsAnEmptyInstruction() {
    SegmentedPrompt p = segment("");
    assertThat(p.instructionText()).isEmpty();
    assertThat(p.instruction().size()).isZero();
    assertThat(p.hasInput()).isFalse();
    assertThat(p.closingQuestion()).isEmpty();
    assertThat(p.system()).isEmpty();
  }

  @Test
  void aTurnWithNothingMarkedIsReadWhole() {
    // no instruction in it at all: the segmenter still hands the collectors the whole turn
    String text = "The delivery was late again and the box was wet.";
    SegmentedPrompt p = segment(text);
    assertThat(p.instructionText()).isEqualTo(text);
    assertThat(p.hasInput()).isFalse();
    assertThat(words(p.instruction())).isEqualTo("the delivery was late again and the box was wet");
  }

  @Test
  void pastedInputAfterAColonOrABlankLineIsNotTheInstruction() {
    SegmentedPrompt quoted = segment("Classify this review: 'The soup was cold and the waiter was rude to us.'");
    assertThat(quoted.pastedInput()).isTrue();
    assertThat(quoted.inputStart()).isEqualTo("Classify this review:".length());
    assertThat(quoted.instructionText()).isEqualTo("Classify this review:");

    String report = "The API gateway returned 502s for ten minutes; the root cause was a bad deploy.";
    SegmentedPrompt blank = segment("Summarise this in one line.\n\n" + report);
    assertThat(blank.inputStart()).isEqualTo("Summarise this in one line.".length());
    assertThat(blank.instructionText()).isEqualTo("Summarise this in one line.");
    assertThat(words(blank.instruction())).doesNotContain("root cause");
  }

  @Test
  void aQuestionAfterThePastedTextIsPartOfTheInstruction() {
    SegmentedPrompt p = segment("Read this clause:\n\nThe agreement renews each year unless either party "
        + "gives notice.\n\nIs this an automatic renewal clause?");
    assertThat(p.pastedInput()).isTrue();
    assertThat(p.instructionText()).isEqualTo("Read this clause:\n\n\nIs this an automatic renewal clause?");
  }

  @Test
  void aPassageWithAClosingQuestionButNoMarkerIsReadWholeAsTheInstructionAndItsQuestionIsFound() {
    String passage = "The Nile flows north through eleven countries and ends in a delta on the Mediterranean. "
        + "Its two main branches meet at Khartoum, and the annual flood once set the farming year.";
    SegmentedPrompt p = segment(passage + "\nWhat is the main idea?");
    assertThat(p.hasInput()).isFalse(); // nothing marks the passage as pasted input...
    assertThat(p.instructionText()).isEqualTo(passage + "\nWhat is the main idea?"); // ...so all of it is read
    assertThat(p.closingQuestion()).isEqualTo("What is the main idea?");
  }

  @Test
  void aShortClosingLineAfterThePasteIsTheRequestWhenNothingBeforeItAsks() {
    String essay = "When my grandmother arrived in Bradford in 1962 she carried one suitcase.\n"
        + "She found work in a mill within a week and sent money home every month for ten years.";
    assertThat(segment(essay + "\n\ntitle for this essay, max 12 words").instructionText())
        .endsWith("title for this essay, max 12 words");
    String notes = "Nach dem Eingriff: nicht Auto fahren.\n- Leichte Kost für 24 Stunden.";
    assertThat(segment(notes + "\n\nBitte übersetz das ins Englische, für meine Mutter.")
        .instructionText()).endsWith("Bitte übersetz das ins Englische, für meine Mutter.");
    assertThat(segment("Sehr geehrte Damen und Herren,\n\n" + notes + "\n\n请把上面的内容翻译成中文。")
        .instructionText()).endsWith("请把上面的内容翻译成中文。");
  }

  @Test
  void aClosingLineThatOnlyNamesAFormatIsTheRequest() {
    String booking = "Booking ref: KX-2209\nGuest: Ms Ada Ferreira\nCheck-in: 14 Mar 2025 15:00";
    assertThat(segment(booking + "\n\n\u2192 json").instructionText()).endsWith("\u2192 json");
    assertThat(segment(booking + "\n\nmarkdown table: Field | Value").instructionText())
        .endsWith("markdown table: Field | Value");
    // a word that is not a format does not make a pasted line a request
    assertThat(segment(booking + "\n\nRoom: deluxe double").instructionText()).doesNotContain("deluxe");
  }

  @Test
  void aColonAfterATitleOrALabelDoesNotAskButOneAfterARequestDoes() {
    String notes = "- Do not drive for 24 hours.\n- Eat light meals today.";
    assertThat(segment("After your colonoscopy:\n" + notes + "\n\n请把上面的注意事项翻译成中文。").instructionText())
        .endsWith("请把上面的注意事项翻译成中文。");
    assertThat(segment("件名：お見積りのご案内\n\n補償開始日：10月1日\n年間保険料：58,420円\n\n上のメールから、保険料だけを抜き出してください。")
        .instructionText()).endsWith("上のメールから、保険料だけを抜き出してください。");
    // a longer sentence ending in a colon is the request, and the line after it is the text
    assertThat(segment("Pásame esto a inglés pero que suene natural, es para un cliente:\n\n"
        + "Quedo atento a sus comentarios sobre esta propuesta.").instructionText())
        .isEqualTo("Pásame esto a inglés pero que suene natural, es para un cliente:");
  }

  @Test
  void aClosingLineIsMaterialWhenTheTextBeforeItAlreadyAsks() {
    // the request comes first (its colon, its question mark, its CJK request form): the line after is the text
    assertThat(segment("把这段话里的错别字改一下，别的不要动：\n\n今天的会意推迟到下午三点，请大家准时参家。")
        .instructionText()).isEqualTo("把这段话里的错别字改一下，别的不要动：");
    assertThat(segment("Steam review below. Recommended or not?\n\n'Great art, but it crashes. Can't recommend this.'")
        .instructionText()).isEqualTo("Steam review below. Recommended or not?");
    // a paste's own last paragraph of several lines is not a request
    String letter = "Dear Sam,\n\nThe boiler is fixed.\n\nWe will send this invoice\nnext week with the parts.";
    assertThat(segment(letter).instructionText()).doesNotContain("invoice");
  }

  @Test
  void aLongDocumentIsReadOnlyAroundIt() {
    String doc = "The API gateway returned 502s and the root cause was a bad deploy. ".repeat(30);
    SegmentedPrompt first = segment("Summarise this incident report.\n\n" + doc);
    assertThat(first.document()).isTrue();
    assertThat(first.hasInput()).isTrue();
    assertThat(first.inputStart()).isEqualTo(-1);
    assertThat(first.instructionText()).isEqualTo("Summarise this incident report.");

    SegmentedPrompt last = segment(doc + "\n\nWhat went wrong, in one sentence?\n");
    assertThat(last.instructionText()).isEqualTo("\n\nWhat went wrong, in one sentence?");

    // no paragraph at all: the first 300 and the last 200 characters
    SegmentedPrompt neither = segment(doc);
    assertThat(neither.instructionText()).hasSize(Segmenter.HEAD_CHARS + 1 + Segmenter.TAIL_CHARS)
        .startsWith(doc.substring(0, 40)).endsWith(doc.substring(doc.length() - 40));
  }

  @Test
  void onlyTheLastUserTurnIsReadAndAnEarlierOneCanBeReadInItsPlace() {
    ChatRequest r = ChatRequest.builder().system("You translate.").message(ChatMessage.of(ChatMessage.DEVELOPER,
        "Keep names.")).user("Translate to German: good morning").assistant("Guten Morgen").user("Informal.").build();
    SegmentedPrompt p = Segmenter.segment(r);
    assertThat(p.instructionText()).isEqualTo("Informal.");
    assertThat(p.system()).extracting(SegmenterTest::words).containsExactly("you translate", "keep names");
    assertThatThrownBy(() -> p.system().clear()).isInstanceOf(UnsupportedOperationException.class);

    SegmentedPrompt earlier = p.withTurn("Translate to German: good morning");
    assertThat(earlier.request()).isSameAs(r);
    assertThat(earlier.system()).isSameAs(p.system());
    assertThat(earlier.instructionText()).isEqualTo("Translate to German: good morning");
  }

  @Test
  void wordsOfTheInstructionCarryTheirRoles() {
    SegmentedPrompt p = segment("Solve it and rate the answer");
    assertThat(p.roles(0) & WordRoles.SOLVING).isNotZero();
    assertThat(p.roles(1)).isZero();
    assertThat(p.roles(2) & WordRoles.COORDINATING).isNotZero();
    assertThat(p.roles(3) & WordRoles.RATING_WORD).isNotZero();
    assertThat(p.roles(5) & WordRoles.CHOOSING_WORD).isNotZero();
  }

  @Test
  void theLearnedComponentReadsTheSameInstruction() {
    String text = "Classify this review: 'The soup was cold and the waiter was rude to us.'";
    assertThat(Segmenter.instructionText(text)).isEqualTo(segment(text).instructionText());
  }
}
