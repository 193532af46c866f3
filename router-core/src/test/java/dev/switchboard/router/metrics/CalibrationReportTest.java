package dev.switchboard.router.metrics;

import static dev.switchboard.router.quality.CalibrationTraffic.INVOICE;
import static dev.switchboard.router.quality.CalibrationTraffic.REVIEW;
import static dev.switchboard.router.quality.CalibrationTraffic.cheapWrongOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.quality.Calibration;
import dev.switchboard.router.quality.CalibrationTraffic;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.testing.FakeChatClient;
import org.junit.jupiter.api.Test;

/**
 * The report's calibration section: what the quality loop's samples say about the configuration,
 * with its suggestions as changes the user makes (never applied), or one line when the loop is off.
 */
class CalibrationReportTest {

  /** The section headed "Calibration", up to its end. */
  static String calibrationSection(String html) {
    int start = html.indexOf("<h2>Calibration</h2>");
    assertThat(start).as("the report has a calibration section").isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
  }

  @Test
  void theCalibrationSectionNamesTheFailingCategoryAndItsSuggestion() {
    CalibrationTraffic fx = new CalibrationTraffic();
    RoutingChatClient router = fx.router(cheapWrongOn("Extract"),
        QualityPolicy.builder().sampleRate(0.5).reprobeRate(0.5), b -> b);
    fx.traffic(router, 100, INVOICE, REVIEW);
    Calibration calibration = router.calibration();
    Calibration.Suggestion up = calibration.suggestions().get(0);
    Calibration.TierReport failing = calibration.category(TaskCategory.EXTRACTION).orElseThrow().tier("cheap")
        .orElseThrow();

    String html = router.report().html();
    String section = calibrationSection(html);

    assertThat(section).contains(
        "<td rowspan=\"1\">extraction<div class=\"muted\">mapped to cheap</div>"
            + "<span class=\"badge warn\">promoted to capable</span>",
        "<td class=\"num\">0 (0%)</td>", // none of its cheap answers passed
        "0.00 / 0.00 / 0.00", // its score percentiles
        "0.88 / 0.88 / 0.88", // the classifier was sure of them
        "classification", "(100%)", "1.00 / 1.00 / 1.00",
        "Never applied by the router", "No suggestion rests on fewer than 10 samples",
        "move category up", "send extraction to tier capable",
        "On " + up.samples() + " sampled requests it <span class=\"bad\">costs $0.0760 more</span> "
            + "(-95.0% of their cost on tier capable); risk 0.0% of them would have failed.",
        "<code>.route(TaskCategory.EXTRACTION, &quot;capable&quot;)</code>",
        "<code>switchboard.routes.extraction = capable</code>");
    assertThat(up.samples()).isEqualTo(failing.samples()).isEqualTo(50);
    assertThat(section).as("one suggestion: the passing category gets none").containsOnlyOnce("class=\"sugg\"");
    assertThat(section).as("no prompt text").doesNotContain("INV-2291", "chairs", "Extract the invoice");
    assertThat(html).doesNotContain("<script", "href=");
    assertThat(router.tierFor(TaskCategory.EXTRACTION)).as("shown, not applied").isEqualTo("cheap");
  }

  @Test
  void beforeAnySampleTheSectionSaysThereIsNothingYet() {
    CalibrationTraffic fx = new CalibrationTraffic();
    RoutingChatClient router = fx.router(cheapWrongOn("Extract"), QualityPolicy.builder(), b -> b);

    assertThat(calibrationSection(router.report().html())).contains("no scored samples yet",
        "none: the samples so far support no change").doesNotContain("class=\"sugg\"");
  }

  @Test
  void withTheQualityLoopOffTheSectionSaysSoAndHowToTurnItOn() {
    RoutingChatClient router = RoutingChatClient.builder().tiers("cheap")
        .backend(Backend.builder("local").client(FakeChatClient.replying("local", "fine")).tier("cheap").build())
        .build();
    router.chat(ChatRequest.builder().user("Classify this as spam or not: win a prize").build());

    String section = calibrationSection(router.report().html());

    assertThat(section).contains("Calibration is off because the quality loop is off",
        "RoutingChatClient.builder().quality(QualityPolicy.builder().reference(..).build())", "docs/quality.md")
        .doesNotContain("<table", "Suggested changes");
  }

  @Test
  void hostileTierNamesAreEscapedEverywhereInTheSection() {
    CalibrationTraffic fx = new CalibrationTraffic("<b>cheap</b>", "cap\"able'&<i>");
    RoutingChatClient router = fx.router(cheapWrongOn("Extract"),
        QualityPolicy.builder().sampleRate(0.5).reprobeRate(0.5), b -> b);
    fx.traffic(router, 100, INVOICE, REVIEW);
    assertThat(router.calibration().suggestions()).singleElement()
        .satisfies(s -> assertThat(s.toTier()).isEqualTo("cap\"able'&<i>"))
        // the suggested builder call is valid Java whatever the tier is called
        .satisfies(s -> assertThat(s.builderCall()).endsWith(", \"cap\\\"able'&<i>\")"));

    String html = router.report().html();
    String section = calibrationSection(html);

    assertThat(html).doesNotContain("<b>cheap</b>", "<i>", "cap\"able");
    assertThat(section).contains("mapped to &lt;b&gt;cheap&lt;/b&gt;", "promoted to cap&quot;able&#39;&amp;&lt;i&gt;",
        "send extraction to tier cap&quot;able&#39;&amp;&lt;i&gt;",
        "<code>.route(TaskCategory.EXTRACTION, &quot;cap\\&quot;able&#39;&amp;&lt;i&gt;&quot;)</code>");
  }
}
