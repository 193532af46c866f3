package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The signal names users see: one constant each, and docs/classifier.md lists exactly those. */
class SignalNameTest {
  private static final Path DOCS = Path.of(System.getProperty("switchboard.docs", "../docs"), "classifier.md");

  @Test
  void theSignalTableOfTheDocsListsEveryNameTheRulesReportAndNoOther() throws IOException {
    String docs = Files.readString(DOCS);
    int from = docs.indexOf("### 2. Signals");
    int to = docs.indexOf("\n### ", from + 1);
    assertThat(from).as("the signal section of %s", DOCS).isPositive();
    Set<String> documented = new LinkedHashSet<>();
    for (String line : docs.substring(from, to).split("\n")) {
      if (line.startsWith("| `")) {
        documented.add(line.substring(3, line.indexOf('`', 3)));
      }
    }
    Set<String> rules = Arrays.stream(SignalName.values()).filter(n -> n != SignalName.MODEL).map(SignalName::label)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(documented).containsExactlyElementsOf(rules);
    assertThat(docs).as("the learned component's signals are documented with it").contains("`model` signals");
  }

  @Test
  void aSignalIsKnownByItsNameAndOnlyByIt() {
    for (SignalName n : SignalName.values()) {
      Signal s = n.signal(TaskCategory.GENERAL, 1.0, "detail");
      assertThat(s.name()).isEqualTo(n.label());
      assertThat(SignalName.of(s)).isSameAs(n);
      assertThat(n.is(s)).isTrue();
      assertThat(n.is(new Signal(n.label() + "-not", TaskCategory.GENERAL, 1.0, ""))).isFalse();
    }
    assertThat(Arrays.stream(SignalName.values()).map(SignalName::label).distinct()).hasSize(SignalName.values().length);
    // a custom classifier's own signal is none of ours
    assertThat(SignalName.of(new Signal("tool-loop", TaskCategory.GENERAL, 1.0, ""))).isNull();
  }
}
