package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.testing.FakeChatClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityPolicyTest {
  private final Backend reference = Backend.builder("reference").client(FakeChatClient.replying("reference", "ok"))
      .tier("capable").build();

  private RoutingChatClient.Builder routerBuilder() {
    return RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .backend(Backend.builder("cheap").client(FakeChatClient.replying("cheap", "ok")).tier("cheap").build())
        .backend(Backend.builder("big").client(FakeChatClient.replying("big", "ok")).tier("capable").build());
  }

  @Test
  void buildingARouterWithTheLoopOnAndNoReferenceFailsWithAClearMessage() {
    assertThatThrownBy(() -> routerBuilder().quality(QualityPolicy.builder().sampleRate(0.1).build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the quality loop needs a reference backend")
        .hasMessageContaining("QualityPolicy.builder().reference(backend)");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    QualityPolicy p = QualityPolicy.builder().reference(reference).build();
    assertThat(p.sampleRate(TaskCategory.EXTRACTION)).isEqualTo(0.05);
    assertThat(p.window()).isEqualTo(50);
    assertThat(p.minSamples()).isEqualTo(20);
    assertThat(p.windowTime()).isEmpty();
    assertThat(p.threshold(TaskCategory.CLASSIFICATION)).isEqualTo(0.8);
    assertThat(p.recoveryMargin()).isEqualTo(0.05);
    assertThat(p.reprobeRate()).isEqualTo(0.05);
    assertThat(p.threads()).isEqualTo(1);
    assertThat(p.queueCapacity()).isEqualTo(64);
    assertThat(p.scorer(TaskCategory.EXTRACTION)).isEmpty();
    assertThat(p.gradeWithReference()).isFalse();
    assertThat(p.shadowRate(TaskCategory.GENERAL)).as("shadow sampling is opt-in").isZero();
    assertThat(p.calibrationSamples()).isEqualTo(200);
  }

  @Test
  void perCategorySettingsWinOverTheGeneralOnes() {
    QualityScorer mine = (c, r, a, b) -> java.util.Optional.empty();
    QualityPolicy p = QualityPolicy.builder().reference(reference)
        .sampleRate(0.1).sampleRate(TaskCategory.EXTRACTION, 0.5)
        .threshold(0.7).threshold(TaskCategory.EXTRACTION, 0.9)
        .scorer(TaskCategory.CODE, mine)
        .shadowRate(0.02).shadowRate(TaskCategory.REASONING, 0)
        .build();
    assertThat(p.sampleRate(TaskCategory.EXTRACTION)).isEqualTo(0.5);
    assertThat(p.sampleRate(TaskCategory.SUMMARIZATION)).isEqualTo(0.1);
    assertThat(p.threshold(TaskCategory.EXTRACTION)).isEqualTo(0.9);
    assertThat(p.threshold(TaskCategory.GENERAL)).isEqualTo(0.7);
    assertThat(p.scorer(TaskCategory.CODE)).containsSame(mine);
    assertThat(p.scorer(TaskCategory.GENERAL)).isEmpty();
    assertThat(p.shadowRate(TaskCategory.GENERAL)).isEqualTo(0.02);
    assertThat(p.shadowRate(TaskCategory.REASONING)).isZero();
  }

  @Test
  void badValuesAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> QualityPolicy.builder().sampleRate(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sample rate must be within [0, 1]: 1.5");
    assertThatThrownBy(() -> QualityPolicy.builder().threshold(TaskCategory.EXTRACTION, -0.1))
        .hasMessage("threshold of extraction must be within [0, 1]: -0.1");
    assertThatThrownBy(() -> QualityPolicy.builder().window(0)).hasMessageContaining("at least one sample: 0");
    assertThatThrownBy(() -> QualityPolicy.builder().windowTime(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> QualityPolicy.builder().executor(0, 10)).hasMessageContaining("at least one thread");
    assertThatThrownBy(() -> QualityPolicy.builder().executor(1, -1)).hasMessageContaining("not be negative");
    assertThatThrownBy(() -> QualityPolicy.builder().reference(reference).window(10).minSamples(11).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("min samples (11) must not exceed the window (10)");
    assertThatThrownBy(() -> QualityPolicy.builder().reference(reference).threshold(0.98).recoveryMargin(0.05).build())
        .hasMessageContaining("could never move back");
    assertThatThrownBy(() -> QualityPolicy.builder().shadowRate(-0.1))
        .hasMessage("shadow rate must be within [0, 1]: -0.1");
    assertThatThrownBy(() -> QualityPolicy.builder().shadowRate(TaskCategory.CODE, 2))
        .hasMessage("shadow rate of code must be within [0, 1]: 2.0");
    assertThatThrownBy(() -> QualityPolicy.builder().calibrationSamples(0))
        .hasMessageContaining("at least one sample: 0");
    assertThatThrownBy(() -> QualityPolicy.builder().reference(reference).minSamples(20).calibrationSamples(19)
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("min samples (20) must not exceed the calibration samples (19)");
  }

  private List<String> promptsSampled(long seed) {
    FakeChatClient ref = FakeChatClient.replying("reference", "positive");
    RoutingChatClient router = routerBuilder()
        .quality(QualityPolicy.builder().reference(Backend.builder("reference").client(ref).tier("capable").build())
            .sampleRate(0.3).build())
        .random(new java.util.Random(seed))
        .qualityExecutor(Runnable::run)
        .build();
    for (int i = 0; i < 100; i++) {
      router.chat(ChatRequest.builder().user("Classify #" + i).categoryHint(TaskCategory.CLASSIFICATION).build());
    }
    return ref.requests().stream().map(r -> r.messages().get(0).text()).toList();
  }

  @Test
  void aSeededRouterSamplesTheSameRequestsEveryRun() {
    List<String> first = promptsSampled(99);
    assertThat(first).hasSizeBetween(15, 45).isEqualTo(promptsSampled(99));
    assertThat(promptsSampled(100)).isNotEqualTo(first);
  }

  @Test
  void promotionsSurviveARestartThroughExportAndRestore() {
    // Promote extraction on a first router: three bad samples in a window of three.
    FakeChatClient cheap = FakeChatClient.replying("cheap", "not json");
    Backend ref = Backend.builder("reference").client(FakeChatClient.replying("reference", "{\"a\": 1}"))
        .tier("capable").build();
    RoutingChatClient first = RoutingChatClient.builder().tiers("cheap", "capable")
        .backend(Backend.builder("cheap").client(cheap).tier("cheap").build())
        .backend(Backend.builder("big").client(FakeChatClient.replying("big", "{\"a\": 1}")).tier("capable").build())
        .quality(QualityPolicy.builder().reference(ref).sampleRate(1).window(3).minSamples(3).build())
        .qualityExecutor(Runnable::run)
        .build();
    ChatRequest extraction = ChatRequest.builder().user("Extract a").categoryHint(TaskCategory.EXTRACTION).build();
    for (int i = 0; i < 3; i++) {
      first.chat(extraction);
    }
    QualitySnapshot before = first.quality();
    assertThat(before.promotedTier(TaskCategory.EXTRACTION)).contains("capable");
    String exported = before.exportJson();
    assertThat(exported).startsWith("{\"version\":1,\"promotions\":[{\"category\":\"extraction\",\"baseTier\":\"cheap\","
        + "\"tier\":\"capable\"");

    RoutingChatClient restarted = routerBuilder()
        .quality(QualityPolicy.builder().reference(reference).build()).restoreQuality(exported).build();
    assertThat(restarted.quality().promotions()).isEqualTo(before.promotions());
    assertThat(restarted.quality().exportJson()).isEqualTo(exported);
    assertThat(restarted.explain(extraction).tier()).isEqualTo("capable");
    assertThat(restarted.explain(extraction).why()).contains("promoted by quality loop to tier capable");
  }

  @Test
  void restoredPromotionsThatNoLongerFitTheTiersAreDropped() {
    String json = QualitySnapshot.DISABLED.exportJson().replace("[]",
        "[{\"category\":\"extraction\",\"baseTier\":\"cheap\",\"tier\":\"gpu\",\"since\":\"2026-01-01T00:00:00Z\","
            + "\"reason\":\"r\"},{\"category\":\"summarization\",\"baseTier\":\"cheap\",\"tier\":\"capable\","
            + "\"since\":\"2026-01-01T00:00:00Z\",\"reason\":\"r\"}]");
    RoutingChatClient router = routerBuilder()
        .quality(QualityPolicy.builder().reference(reference).build()).restoreQuality(json).build();
    assertThat(router.quality().promotions()).containsOnlyKeys(TaskCategory.SUMMARIZATION);
    assertThat(router.quality().promotions().get(TaskCategory.SUMMARIZATION).since())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void restoringSomethingThatIsNotAnExportFailsSayingWhat() {
    assertThatThrownBy(() -> routerBuilder().restoreQuality("{oops"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> routerBuilder().restoreQuality("{\"promotions\": []}"))
        .hasMessageContaining("\"version\": 1");
    assertThatThrownBy(() -> routerBuilder().restoreQuality("{\"version\":1,\"promotions\":[{\"category\":\"x\"}]}"))
        .hasMessageContaining("bad promotion").hasMessageContaining("\"baseTier\" is missing");
    assertThatThrownBy(() -> QualitySnapshot.promotionsFromJson(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
  }

  @Test
  void restoringPromotionsWithTheLoopOffFailsRatherThanDropThem() {
    String json = "{\"version\":1,\"promotions\":[{\"category\":\"extraction\",\"baseTier\":\"cheap\","
        + "\"tier\":\"capable\",\"since\":\"2026-01-01T00:00:00Z\",\"reason\":\"r\"}]}";
    assertThat(QualitySnapshot.promotionsFromJson(json)).extracting(QualitySnapshot.Promotion::category)
        .containsExactly(TaskCategory.EXTRACTION);
    assertThatThrownBy(() -> routerBuilder().restoreQuality(json).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("restoreQuality(..) has promotions but the quality loop is off");
  }

  @Test
  void aRouterWithoutTheLoopReportsItDisabledAndClosesQuietly() {
    RoutingChatClient router = routerBuilder().build();
    assertThat(router.quality()).isSameAs(QualitySnapshot.DISABLED);
    assertThat(router.quality().enabled()).isFalse();
    router.close();
    assertThat(router.chat(ChatRequest.builder().user("hi").build()).content()).isEqualTo("ok");
    assertThat(List.of(router.quality().exportJson())).containsExactly("{\"version\":1,\"promotions\":[]}");
    assertThat(router.calibration()).isSameAs(Calibration.DISABLED);
    assertThat(router.calibration().toJson()).isEqualTo("{\"version\":1,\"enabled\":false,\"at\":"
        + "\"1970-01-01T00:00:00Z\",\"tiers\":[],\"minSamples\":0,\"categories\":[]}");
  }
}
