package dev.switchboard.router.classify;

import static dev.switchboard.router.classify.Collecting.collect;
import static dev.switchboard.router.classify.Collecting.prompt;
import static dev.switchboard.router.classify.Collecting.signals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatRequest;
import org.junit.jupiter.api.Test;

/** The creative-form collector after the leading-verb collector it reads, and in the whole classifier. */
class CreativeFormCollectorTest {
  private final LeadingVerbCollector verbs = new LeadingVerbCollector(Collecting.DEFAULTS);
  private final CreativeFormCollector forms = new CreativeFormCollector();

  private static String creative(String detail) {
    return "creative-form->creative(2.5, " + detail + ")";
  }

  @Test
  void aRewriteOrSummaryWhoseResultIsACreativeFormIsNewWriting() {
    assertThat(signals(collect(prompt("Rewrite this safety notice as a rhyming poem for the kitchen wall:\n\n"
        + "Please do not leave dirty mugs in the sink."), verbs, forms))).contains(creative("as ... poem"));
    assertThat(signals(collect(prompt("Summarise our company in a haiku. We make scheduling software for clinics."),
        verbs, forms))).contains(creative("in ... haiku"));
    assertThat(signals(collect(prompt("turn this into a product description for my shop:\n\n- stoneware mug\n"
        + "- speckled glaze\n- 350 ml"), verbs, forms))).contains(creative("into ... product description"));
    assertThat(signals(collect(prompt("Reescribe este aviso como un poema corto:\n\nNo dejéis tazas sucias."),
        verbs, forms))).contains(creative("como ... poema"));
  }

  @Test
  void writingForAPurposeIsNewWritingTooButAPlainRegisterIsNot() {
    assertThat(signals(collect(prompt("turn these notes into a job ad for a weekend barista:\n\n- 16 hrs\n"
        + "- latte art a plus\n- £12.60/hr"), verbs, forms))).contains(creative("into ... job ad"));
    assertThat(signals(collect(prompt("Rewrite these bullet points as a thank-you letter to our volunteers:\n\n"
        + "- 400 meals served\n- new van"), verbs, forms))).contains(creative("as ... you letter"));
    assertThat(signals(collect(prompt("Now turn that into a short blurb for the back cover."), verbs, forms)))
        .contains(creative("into ... blurb"));
    assertThat(signals(collect(prompt("Reformat this as friendly poster copy for the waiting room:\n\n"
        + "Flu clinic Sat 12 Oct, 9-1, no appointment"), verbs, forms))).contains(creative("as ... poster copy"));
    assertThat(signals(collect(prompt("expand each dish into a menu description\n\nhake, mussels\n"
        + "lamb rump, white beans"), verbs, forms))).contains(creative("into ... menu description"));
    // a letter or an email with no purpose named keeps the content: a change of register
    assertThat(collect(prompt("Rewrite this text message as a formal email:\n\nhey cant make it tmrw, sorry"),
        verbs, forms).signals()).noneMatch(SignalName.CREATIVE_FORM::is);
    // reported speech is grammar, not a speech to write
    assertThat(collect(prompt("Convert the following into reported speech:\n\n\"I'll call you tomorrow,\" she said."),
        verbs, forms).signals()).noneMatch(SignalName.CREATIVE_FORM::is);
  }

  @Test
  void aFormTheTextAlreadyHasOrALabelIsNotAResult() {
    // the form is the source
    assertThat(collect(prompt("Translate this poem into French:\n\nThe sea is calm tonight."), verbs, forms)
        .signals()).noneMatch(SignalName.CREATIVE_FORM::is);
    assertThat(collect(prompt("Summarise the plot in this story:\n\nA fox meets a crow who holds a cheese."),
        verbs, forms).signals()).noneMatch(SignalName.CREATIVE_FORM::is);
    // the form is a label
    assertThat(collect(prompt("Classify each text as a poem or prose:\n\n1. Roses are red\n2. The meeting is at 3"),
        verbs, forms).signals()).noneMatch(SignalName.CREATIVE_FORM::is);
    // no rewrite or summary verb in front: nothing to correct
    assertThat(collect(prompt("Find the rhymes in a poem like this one:\n\nThe cat sat on the mat."), verbs, forms)
        .signals()).noneMatch(SignalName.CREATIVE_FORM::is);
    // a form that is not creative
    assertThat(collect(prompt("Rewrite these notes as a bullet list:\n\nmet Sam, agreed on dates, budget next week"),
        verbs, forms).signals()).noneMatch(SignalName.CREATIVE_FORM::is);
  }

  @Test
  void theCheapVerbLosesInTheWholeClassifier() {
    RuleBasedClassifier classifier = RuleBasedClassifier.withDefaults();
    Classification c = classifier.classify(ChatRequest.builder()
        .user("Rewrite this office notice as a limerick:\n\n\"Please clean out the fridge by Friday 5pm.\"").build());
    assertThat(c.category()).isEqualTo(TaskCategory.CREATIVE);
    assertThat(c.signals()).anyMatch(SignalName.CREATIVE_FORM::is);
    assertThat(classifier.classify(ChatRequest.builder()
        .user("Rewrite this office notice in plain English:\n\n\"Kindly ensure the refrigerator is vacated of "
            + "personal comestibles by close of business Friday.\"").build()).category())
        .isEqualTo(TaskCategory.TRANSFORMATION);
  }
}
