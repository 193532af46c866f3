package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EvidenceTest {
  private static Signal signal(SignalName name, TaskCategory c, double w) {
    return name.signal(c, w, "");
  }

  @Test
  void theScoreIsTheSumPerCategoryAndStaysUpToDateOnceRead() {
    Evidence e = new Evidence();
    e.add(signal(SignalName.PHRASE, TaskCategory.SUMMARIZATION, 2.0));
    e.add(signal(SignalName.TOO_SHORT, TaskCategory.GENERAL, 0.5));
    e.add(signal(SignalName.PHRASE, TaskCategory.SUMMARIZATION, 1.0));
    assertThat(e.score(TaskCategory.SUMMARIZATION)).isEqualTo(3.0);
    assertThat(e.score(TaskCategory.GENERAL)).isEqualTo(0.5);
    e.add(signal(SignalName.MATH, TaskCategory.REASONING, 2.0));
    assertThat(e.score(TaskCategory.REASONING)).isEqualTo(2.0);
    assertThat(e.score(TaskCategory.CODE)).isZero();
    assertThat(e.decisive(3.0)).isTrue();
    assertThat(e.decisive(3.5)).isFalse();
    Set<TaskCategory> cheap = Set.of(TaskCategory.SUMMARIZATION);
    assertThat(e.sum(cheap, false)).isEqualTo(2.5);
    assertThat(e.strongest(cheap, false)).isEqualTo(2.0);
    assertThat(e.strongest(cheap, true)).isEqualTo(3.0);
    assertThat(e.strongest(Set.of(TaskCategory.CODE), true)).isZero();
    assertThat(e.any(SignalName.MATH::is)).isTrue();
    assertThat(e.any(SignalName.SCALE::is)).isFalse();
    assertThatThrownBy(() -> e.signals().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aSignalCanBeWithdrawnOnlyBeforeTheScoreIsRead() {
    Evidence e = new Evidence();
    e.add(signal(SignalName.PHRASE, TaskCategory.REASONING, 2.0));
    e.add(signal(SignalName.LEADING_VERB, TaskCategory.EXTRACTION, 1.5));
    assertThat(e.removeIf(SignalName.LEADING_VERB::is)).isTrue();
    assertThat(e.score(TaskCategory.REASONING)).isEqualTo(2.0);
    assertThat(e.score(TaskCategory.EXTRACTION)).isZero();
    assertThatThrownBy(() -> e.removeIf(SignalName.PHRASE::is)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the score was read");
    assertThat(e.signals()).hasSize(1);
  }

  @Test
  void theBestCategoryInOrOutsideASetAndATieGoesToTheFirst() {
    Evidence e = new Evidence();
    assertThat(e.best(null, true)).isNull();
    e.add(signal(SignalName.PHRASE, TaskCategory.EXTRACTION, 2.0));
    e.add(signal(SignalName.PHRASE, TaskCategory.CLASSIFICATION, 2.0));
    e.add(signal(SignalName.PHRASE, TaskCategory.CODE, 1.0));
    e.add(signal(SignalName.CAPABLE_EVIDENCE, TaskCategory.GENERAL, 0));
    Set<TaskCategory> cheap = Set.of(TaskCategory.EXTRACTION, TaskCategory.CLASSIFICATION);
    assertThat(e.best(null, true)).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(e.best(cheap, true)).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(e.best(cheap, false)).isEqualTo(TaskCategory.CODE); // general has no weight
  }
}
