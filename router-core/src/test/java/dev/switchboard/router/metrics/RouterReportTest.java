package dev.switchboard.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.FailoverPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report: self-contained, the same numbers as the meters, bounded however long the router runs. */
class RouterReportTest {
  final ScriptedRouter fx = new ScriptedRouter();

  @Test
  void theReportShowsWhereRequestsWentWhatTheyCostAndWhatHappened(@TempDir Path dir) throws Exception {
    RoutingChatClient router = fx.router();
    fx.script(router);

    RouterReport report = router.report();
    assertThat(report.requests()).isEqualTo(7);
    assertThat(report.cost()).isEqualByComparingTo("3.171"); // three answers of big and two reference calls
    assertThat(report.baseline()).isEqualByComparingTo("3.192");
    assertThat(report.savings()).isEqualByComparingTo("0.021");
    String html = report.html();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "extraction", "reasoning", "tier capable",
        "Spend against all-capable", "promoted to capable", "closed", "service &#39;support&#39; at its budget",
        "$3.19", "$3.17");
    // calibration: the extraction samples' category came from the hint, so no classifier confidence
    assertThat(CalibrationReportTest.calibrationSection(html)).contains("extraction", "(2 hinted, not classified)");
    // self-contained: no script, nothing fetched
    assertThat(html).doesNotContain("<script", "src=", "href=", "url(", "@import");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
    // no prompt text in the page
    assertThat(html).doesNotContain("Extract the dates", "infinitely many primes");

    Path file = report.writeTo(dir.resolve("sub/report.html"));
    assertThat(Files.readString(file)).isEqualTo(html);
  }

  @Test
  void historyIsBoundedAndForgetsWhatLeavesTheWindow() {
    RoutingChatClient router = fx.router();
    for (int i = 0; i < 3000; i++) { // ten hours of traffic, one request every 12 seconds
      router.chat(ChatRequest.builder().service("s" + (i % 100)).categoryHint(TaskCategory.CLASSIFICATION).user("Spam or not?")
          .build());
      fx.clock.advance(Duration.ofSeconds(12));
    }
    // the one-hour window holds the last 300 requests, whatever came before
    assertThat(router.report().requests()).isBetween(295L, 300L);
    fx.clock.advance(Duration.ofHours(2));
    assertThat(router.report().requests()).isZero();
  }

  @Test
  void withoutHistoryTheReportShowsTheStateNowAndSaysHowToGetMore() {
    RoutingChatClient router = RoutingChatClient.builder().tiers("cheap").clock(fx.clock)
        .failover(FailoverPolicy.defaults())
        .backend(Backend.builder("local").client(fx.local).tier("cheap").build()).build();
    router.chat(ScriptedRouter.extract(false));
    RouterReport report = router.report();
    assertThat(report.requests()).isZero();
    assertThat(report.html()).contains("History is off", ".history(Duration.ofHours(24))", "local", "closed");
  }
}
