package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.router.RoutingChatClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class NgramModelTest {
  private static final List<TaskCategory> CHEAP = List.of(TaskCategory.EXTRACTION, TaskCategory.CLASSIFICATION,
      TaskCategory.SUMMARIZATION, TaskCategory.TRANSFORMATION);

  /** A model whose only weight is on the word "gist", for summarization. */
  private static NgramModel gistModel() {
    int bits = 12;
    int k = CHEAP.size() + 1;
    byte[] w = new byte[k << bits];
    int gist = NgramModel.buckets("gist", bits)[0]; // the word comes first
    w[gist * k + 2] = 127;
    float[] bias = {0, 0, 0, 0, 1};
    float[] scale = {0.1f, 0.1f, 0.1f, 0.1f, 0.1f};
    return new NgramModel(bits, CHEAP, bias, scale, w, 0.6);
  }

  @Test
  void featuresAreWordsBigramsAndTheCharacterNgramsOfEachWord() {
    long[] where = NgramModel.where("Sum up");
    // "sum": the word and <su sum um> <sum sum> <sum> (3 + 2 + 1 char n-grams); "up": the word,
    // the bigram "sum up", <up up> and <up>
    assertThat(where).hasSize(1 + 6 + 1 + 1 + 3);
    assertThat(Arrays.stream(where).filter(w -> NgramModel.kind(w) == NgramModel.WORD)).hasSize(2);
    assertThat(Arrays.stream(where).filter(w -> NgramModel.kind(w) == NgramModel.BIGRAM)).hasSize(1);
    assertThat(NgramModel.buckets("Sum up", 16)).hasSize(12);
  }

  @Test
  void featuresIgnoreCaseAndReadABoundedPrefix() {
    assertThat(NgramModel.buckets("SUMMARISE This", 16)).containsExactly(NgramModel.buckets("summarise this", 16));
    String long1 = "word ".repeat(400) + "tail";
    String cut = long1.substring(0, NgramModel.MAX_CHARS);
    assertThat(NgramModel.buckets(long1, 16)).containsExactly(NgramModel.buckets(cut, 16));
    // the worst case fits the scratch space: one-letter words and long words alike
    assertThat(NgramModel.buckets("a ".repeat(600), 16).length).isLessThanOrEqualTo(NgramModel.MAX_FEATURES);
    assertThat(NgramModel.buckets("x".repeat(2000), 16).length).isLessThanOrEqualTo(NgramModel.MAX_FEATURES);
    assertThat(NgramModel.buckets("ab ".repeat(400), 16).length).isLessThanOrEqualTo(NgramModel.MAX_FEATURES);
  }

  @Test
  void probabilitiesFollowTheWeightsAndSumToOne() {
    NgramModel m = gistModel();
    double[] withGist = m.probabilities("the gist please");
    double[] without = m.probabilities("the weather please");
    assertThat(Arrays.stream(withGist).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(withGist[2]).isGreaterThan(withGist[4]);
    assertThat(without[4]).isGreaterThan(without[2]);
    assertThat(m.probabilities("")).hasSize(5);
  }

  @Test
  void theStrongestFeaturesAreThoseOfTheText() {
    NgramModel m = gistModel();
    List<NgramModel.Contribution> top = m.strongest(m.score("Give me the GIST of it"), 2, 4, 3);
    assertThat(top).extracting(NgramModel.Contribution::feature).containsExactly("gist");
    assertThat(top.get(0).weight()).isPositive();
    assertThat(m.strongest(m.score("nothing relevant"), 2, 4, 3)).isEmpty();
  }

  @Test
  void writesAndReadsBackTheSameModel() throws IOException {
    NgramModel m = gistModel();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.write(out);
    NgramModel back = NgramModel.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.threshold()).isEqualTo(0.6);
    assertThat(back.cheapCategories()).isEqualTo(CHEAP);
    assertThat(back.probabilities("the gist please")).containsExactly(m.probabilities("the gist please"));
  }

  @Test
  void aFileThatIsNotAModelFailsSayingWhat() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    assertThatThrownBy(() -> NgramModel.read(new ByteArrayInputStream(out.toByteArray())))
        .isInstanceOf(IOException.class).hasMessageContaining("not a Switchboard classifier model");
    assertThatThrownBy(() -> NgramModel.read(new ByteArrayInputStream("plain text".getBytes())))
        .isInstanceOf(IOException.class);
    ByteArrayOutputStream good = new ByteArrayOutputStream();
    gistModel().write(good);
    byte[] truncated = Arrays.copyOf(good.toByteArray(), good.size() / 2);
    assertThatThrownBy(() -> NgramModel.read(new ByteArrayInputStream(truncated))).isInstanceOf(IOException.class);
  }

  @Test
  void inconsistentWeightsAreRefused() {
    assertThatThrownBy(() -> new NgramModel(12, CHEAP, new float[5], new float[5], new byte[10], 0.5))
        .hasMessageContaining("inconsistent model");
    assertThatThrownBy(() -> new NgramModel(12, CHEAP, new float[5], new float[5], new byte[5 << 12], 1.5))
        .hasMessageContaining("threshold");
  }

  @Test
  void theShippedModelLoadsAndSeparatesTheFourCheapCategoriesFromTheCapableTier() throws IOException {
    try (InputStream in = NgramModel.class.getResourceAsStream(LearnedComponent.RESOURCE)) {
      assertThat(in).as("the shipped model resource").isNotNull();
      NgramModel m = NgramModel.read(in);
      assertThat(m.cheapCategories()).containsExactlyInAnyOrderElementsOf(RoutingChatClient.DEFAULT_CHEAP);
      assertThat(m.threshold()).isBetween(0.5, 1.0);
      assertThat(m.bits()).isEqualTo(16);
    }
  }
}
