package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void theDemoRoutesTheWholeWorkloadAndPrintsTheSavings() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), false).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(Workload.requests()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(out).contains("Where it went").contains("What it cost").contains("saved");
    assertThat(out).contains(" local ").contains(" cloud ");
    assertThat(out).contains("vllm refused 3x (retried, then failed over)");
    assertThat(out).doesNotContain("\u001b[");
    assertThat(out).contains("The report").contains("switchboard-report.html");
  }
}
