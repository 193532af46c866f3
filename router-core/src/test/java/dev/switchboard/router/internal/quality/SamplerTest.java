package dev.switchboard.router.internal.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static List<Boolean> draws(Sampler s, int n, double rate) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(s.sample(rate));
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSameDecisions() {
    List<Boolean> a = draws(new Sampler(new Random(42)), 2_000, 0.05);
    List<Boolean> b = draws(new Sampler(new Random(42)), 2_000, 0.05);
    List<Boolean> c = draws(new Sampler(new Random(43)), 2_000, 0.05);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void samplesAboutTheRateAsked() {
    long hits = draws(new Sampler(new Random(7)), 20_000, 0.05).stream().filter(x -> x).count();
    assertThat(hits).isBetween(850L, 1_150L); // 5% of 20,000 = 1,000; this seed is fixed, so is the count
  }

  @Test
  void zeroNeverAndOneAlwaysWithoutDrawing() {
    Random random = new Random(1);
    Sampler s = new Sampler(random);
    assertThat(draws(s, 100, 0)).containsOnly(false);
    assertThat(draws(s, 100, 1)).containsOnly(true);
    assertThat(random.nextLong()).isEqualTo(new Random(1).nextLong()); // the source was not touched
  }
}
