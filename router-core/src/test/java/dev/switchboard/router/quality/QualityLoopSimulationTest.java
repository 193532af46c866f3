package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The loop end to end on fakes: a cheap backend whose extraction answers go bad at some moment
 * and later recover. Samples run on the caller's thread ({@code Runnable::run}) so every step is
 * deterministic; sampling is seeded.
 */
class QualityLoopSimulationTest {
  private static final List<TaskCategory> CHEAP = List.of(TaskCategory.EXTRACTION, TaskCategory.CLASSIFICATION,
      TaskCategory.SUMMARIZATION, TaskCategory.TRANSFORMATION);

  /** The right answer per category, as the reference (and a healthy cheap model) gives it. */
  private static final Map<TaskCategory, String> RIGHT = Map.of(
      TaskCategory.EXTRACTION, "{\"invoice\": \"INV-2291\", \"due\": \"2026-05-03\", \"total\": 120.50}",
      TaskCategory.CLASSIFICATION, "positive",
      TaskCategory.SUMMARIZATION, "The customer wants a refund for a late delivery of two chairs.",
      TaskCategory.TRANSFORMATION, "Dear team, the shipment will arrive on Monday morning.");

  private final ManualClock clock = ManualClock.create();
  private final AtomicBoolean extractionBroken = new AtomicBoolean();
  private final FakeChatClient cheap = FakeChatClient.builder("cheap")
      .replyWith(r -> {
        TaskCategory c = categoryOf(r);
        if (c.equals(TaskCategory.EXTRACTION) && extractionBroken.get()) {
          return "Sure! The invoice is INV-2291."; // not JSON any more: the small model drifted
        }
        return RIGHT.get(c);
      }).build();
  private final FakeChatClient capable = FakeChatClient.builder("capable").replyWith(QualityLoopSimulationTest::right)
      .build();
  private final FakeChatClient reference = FakeChatClient.builder("reference")
      .replyWith(QualityLoopSimulationTest::right).build();
  private final List<QualityEvent> events = new ArrayList<>();

  private static String right(ChatRequest r) {
    return RIGHT.get(categoryOf(r));
  }

  /** Backends never see routing metadata, so the fakes read the category from the prompt. */
  private static TaskCategory categoryOf(ChatRequest r) {
    return TaskCategory.of(r.messages().get(0).text().split(" ")[0]);
  }

  private RoutingChatClient router() {
    return RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .clock(clock)
        .backend(Backend.builder("cheap").client(cheap).tier("cheap").build())
        .backend(Backend.builder("capable").client(capable).tier("capable")
            .price(Price.perMillionTokens(2.00, 8.00)).build())
        .listener(new RouterListener() {
          @Override
          public void onPromoted(QualityEvent event) {
            events.add(event);
          }

          @Override
          public void onDemoted(QualityEvent event) {
            events.add(event);
          }
        })
        .quality(QualityPolicy.builder()
            .reference(Backend.builder("reference").client(reference).tier("capable")
                .price(Price.perMillionTokens(5.00, 15.00)).build())
            .sampleRate(0.5)
            .reprobeRate(0.5)
            .window(50)
            .minSamples(10)
            .threshold(0.8)
            .recoveryMargin(0.05)
            .build())
        .random(new java.util.Random(20261125L))
        .qualityExecutor(Runnable::run)
        .build();
  }

  private static ChatRequest request(TaskCategory category, int i) {
    return ChatRequest.builder().user(category + " request #" + i).categoryHint(category).build();
  }

  /** Reference calls made for extraction requests so far: one per extraction sample or re-probe. */
  private long extractionSamples() {
    return reference.requests().stream()
        .filter(r -> r.messages().get(0).text().startsWith("extraction")).count();
  }

  @Test
  void extractionIsPromotedWithin50SamplesWhenItsAnswersTurnBadAndDemotedWhenTheyRecover() {
    RoutingChatClient router = router();
    int i = 0;
    // 1. All good: samples accumulate, nothing moves.
    for (; i < 200; i++) {
      for (TaskCategory c : CHEAP) {
        assertThat(router.chat(request(c, i)).route().tier()).isEqualTo("cheap");
      }
      clock.advance(Duration.ofSeconds(1));
    }
    QualitySnapshot healthy = router.quality();
    assertThat(healthy.promotions()).isEmpty();
    for (TaskCategory c : CHEAP) {
      assertThat(healthy.window(c, "cheap").orElseThrow().samples()).isEqualTo(50);
      assertThat(healthy.window(c, "cheap").orElseThrow().mean()).isEqualTo(1.0);
    }

    // 2. Extraction answers turn bad: within 50 extraction samples it is promoted, the rest stay.
    extractionBroken.set(true);
    long samplesBefore = extractionSamples();
    while (!router.quality().isPromoted(TaskCategory.EXTRACTION)) {
      assertThat(extractionSamples() - samplesBefore).as("extraction samples since it broke").isLessThan(50);
      for (TaskCategory c : CHEAP) {
        router.chat(request(c, i));
      }
      i++;
      clock.advance(Duration.ofSeconds(1));
    }
    long samplesToPromote = extractionSamples() - samplesBefore;
    assertThat(samplesToPromote).isBetween(11L, 50L); // the window held 50 perfect scores: 11 zeros tip it below 0.8
    QualitySnapshot promoted = router.quality();
    assertThat(promoted.promotions()).containsOnlyKeys(TaskCategory.EXTRACTION);
    assertThat(promoted.promotedTier(TaskCategory.EXTRACTION)).contains("capable");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(QualityEvent.Kind.PROMOTED);
      assertThat(e.category()).isEqualTo(TaskCategory.EXTRACTION);
      assertThat(e.fromTier()).isEqualTo("cheap");
      assertThat(e.toTier()).isEqualTo("capable");
      assertThat(e.mean()).isLessThan(0.8);
    });

    // From the next request on, extraction goes to the capable tier, and says why; the others do not.
    ChatResponse next = router.chat(request(TaskCategory.EXTRACTION, i));
    assertThat(next.route().tier()).isEqualTo("capable");
    assertThat(next.route().reason()).contains("promoted by quality loop to tier capable");
    assertThat(next.content()).isEqualTo(RIGHT.get(TaskCategory.EXTRACTION));
    assertThat(router.explain(request(TaskCategory.EXTRACTION, i)).tier()).isEqualTo("capable");
    for (TaskCategory c : CHEAP.subList(1, CHEAP.size())) {
      assertThat(router.chat(request(c, i)).route().tier()).as(c.name()).isEqualTo("cheap");
    }

    // 3. While promoted, the cheap tier keeps being tried in the background; still bad, it stays promoted.
    int cheapCallsBefore = cheap.callCount();
    for (int k = 0; k < 40; k++, i++) {
      router.chat(request(TaskCategory.EXTRACTION, i));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(cheap.callCount()).as("background re-probes of the cheap tier").isGreaterThan(cheapCallsBefore);
    assertThat(router.quality().isPromoted(TaskCategory.EXTRACTION)).isTrue();

    // 4. The cheap answers recover: the re-probes bring extraction back down.
    extractionBroken.set(false);
    int guard = 0;
    while (router.quality().isPromoted(TaskCategory.EXTRACTION)) {
      assertThat(guard++).as("requests until demoted").isLessThan(200);
      router.chat(request(TaskCategory.EXTRACTION, i++));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(events).hasSize(2);
    QualityEvent demoted = events.get(1);
    assertThat(demoted.kind()).isEqualTo(QualityEvent.Kind.DEMOTED);
    assertThat(demoted.fromTier()).isEqualTo("capable");
    assertThat(demoted.toTier()).isEqualTo("cheap");
    assertThat(demoted.mean()).isGreaterThanOrEqualTo(0.85);
    assertThat(router.chat(request(TaskCategory.EXTRACTION, i)).route().tier()).isEqualTo("cheap");
    assertThat(router.quality().recentEvents()).containsExactlyElementsOf(events);
    assertThat(router.quality().dropped()).isZero();
    System.out.printf("quality simulation: promoted after %d bad extraction samples; demoted after %d requests "
        + "once answers recovered; %d reference calls in all; events: %s%n", samplesToPromote, guard,
        reference.callCount(), events.stream().map(QualityEvent::describe).toList());
  }
}
