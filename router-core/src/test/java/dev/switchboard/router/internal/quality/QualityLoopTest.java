package dev.switchboard.router.internal.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Price;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.Scheduler;
import dev.switchboard.router.failover.Sleeper;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.health.Health;
import java.time.Clock;
import java.util.function.Consumer;
import dev.switchboard.router.quality.QualityEvent;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.quality.QualityScore;
import dev.switchboard.router.quality.QualitySnapshot.Promotion;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import dev.switchboard.router.internal.plan.Planner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityLoopTest {
  private static final List<String> TIERS = List.of("cheap", "capable");

  private final ManualClock clock = ManualClock.create();
  private final FakeChatClient referenceClient = FakeChatClient.builder("reference").reply("{\"a\": 1}")
      .usage(Usage.of(1_000, 500)).build();
  private final Backend reference = Backend.builder("reference").client(referenceClient).model("ref-model")
      .tier("capable").price(Price.perMillionTokens(10.00, 30.00)).build();
  private final FakeChatClient cheapClient = FakeChatClient.builder("cheap").reply("{\"a\": 1}")
      .usage(Usage.of(1_000, 500)).build();
  private final Backend cheap = Backend.builder("cheap").client(cheapClient).tier("cheap")
      .price(Price.perMillionTokens(0.10, 0.20)).build();
  private final List<Charged> charges = new ArrayList<>();
  private final List<QualityEvent> events = new ArrayList<>();

  private record Charged(String service, String backend, Accountant.ChargeKind kind, BigDecimal cost) {}

  /** Samples run on the caller's thread; the loop starts with {@code restored}. */
  private static QualityLoop.Resources inline(Promotion... restored) {
    return new QualityLoop.Resources(Runnable::run, new Random(), List.of(restored));
  }

  private Promotion promotedExtraction() {
    return new Promotion(TaskCategory.EXTRACTION, "cheap", "capable", clock.instant(), "test");
  }

  private QualityLoop loop(QualityPolicy.Builder policy) {
    Accountant accountant = new Accountant((service, backend, kind, charge) ->
        charges.add(new Charged(service, backend.name(), kind, charge.cost())));
    return create(policy.reference(reference).build(), inline(), planner(TIERS, cheap),
        accountant, clock, events::add);
  }

  /**
   * The loop as the router builds it, minus the router: its own promotion table, and every call
   * through a dispatcher over the planner's backends and the reference (breakers and all).
   */
  private static QualityLoop create(QualityPolicy policy, QualityLoop.Resources resources, Planner planner,
      Accountant accountant, Clock clock, Consumer<QualityEvent> events) {
    FailoverPolicy failover = FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build(); // a failed reference call fails the sample
    List<Backend> support = planner.backends().stream().anyMatch(b -> b.name().equals(policy.reference().name()))
        ? List.of() : List.of(policy.reference());
    Health health = new Health(planner.backends(), support, failover, clock, (now, was) -> {});
    Dispatcher dispatcher = new Dispatcher(clock, Sleeper.SYSTEM, Scheduler.daemon(), failover, health);
    return QualityLoop.create(policy, resources, planner, new PromotionTable(planner.tiers()),
        (backend, body) -> dispatcher.dispatch(body, List.of(backend), List.of(), clock.instant(), a -> {}).response(),
        accountant, clock, events);
  }

  /** Every built-in category mapped to the cheapest tier. */
  private static Planner planner(List<String> tiers, Backend... backends) {
    Map<TaskCategory, String> map = new HashMap<>();
    TaskCategory.builtIns().forEach(c -> map.put(c, tiers.get(0)));
    return new Planner(tiers, map, List.of(backends));
  }

  private static RouteInfo route(TaskCategory category, String tier, boolean cacheHit) {
    return RouteInfo.builder(new RoutingDecision(Classification.hinted(category), "cheap", List.of(), List.of()))
        .service("billing").servedBy(tier, tier).cacheHit(cacheHit).build();
  }

  private static ChatRequest request() {
    return ChatRequest.builder().user("Extract a").service("billing").build();
  }

  private static void offer(QualityLoop loop, String answer, String tier) {
    loop.offer(request(), ChatResponse.of(answer, null), route(TaskCategory.EXTRACTION, tier, false));
  }

  @Test
  void referenceCallsAreChargedAsReferenceToTheRequestsService() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0));
    offer(loop, "{\"a\": 1}", "cheap");

    assertThat(charges).containsExactly(new Charged("billing", "reference", Accountant.ChargeKind.REFERENCE,
        new BigDecimal("0.025"))); // 1,000 x $10/M + 500 x $30/M
    assertThat(referenceClient.lastRequest().model()).contains("ref-model");
    assertThat(referenceClient.lastRequest().routing().service()).as("no routing metadata reaches a backend")
        .isEqualTo("default");
    assertThat(loop.snapshot().scored()).isEqualTo(1);
  }

  @Test
  void backgroundReprobesAndReferenceGradingAreChargedAsReferenceToo() {
    FakeChatClient grader = FakeChatClient.builder("reference").reply("9").usage(Usage.of(100, 1)).build();
    Backend gradingReference = reference.toBuilder().client(grader).build();
    Accountant accountant = new Accountant((service, backend, kind, charge) ->
        charges.add(new Charged(service, backend.name(), kind, charge.cost())));
    QualityLoop loop = create(QualityPolicy.builder().reference(gradingReference).gradeWithReference()
            .sampleRate(0).reprobeRate(1.0).build(), inline(promotedExtraction()),
        planner(TIERS, cheap), accountant, clock, events::add);

    offer(loop, "{\"a\": 1}", "capable"); // promoted: the capable answer triggers a re-probe of the cheap tier

    assertThat(charges).extracting(Charged::backend).containsExactly("cheap", "reference", "reference");
    assertThat(charges).allMatch(c -> c.kind() == Accountant.ChargeKind.REFERENCE && c.service().equals("billing"));
    assertThat(loop.snapshot().window(TaskCategory.EXTRACTION, "cheap").orElseThrow().mean()).isEqualTo(0.9);
  }

  @Test
  void aStreamedAnswerIsReAskedOfTheReferenceInOnePiece() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0));
    ChatRequest streamed = request().toBuilder().stream(true)
        .field("stream_options", dev.switchboard.router.spi.Json.object().put("include_usage", true)).build();
    loop.offer(streamed, ChatResponse.of("{\"a\": 1}", null), route(TaskCategory.EXTRACTION, "cheap", false));
    assertThat(referenceClient.lastRequest().stream()).isFalse();
    assertThat(referenceClient.lastRequest().fieldNames()).doesNotContain("stream", "stream_options");
    assertThat(loop.snapshot().scored()).isEqualTo(1);
  }

  @Test
  void aReprobeGoesToTheCheapestBackendOfTheTierBelowThatFitsTheRequest() {
    FakeChatClient textOnlyClient = FakeChatClient.replying("text-only", "{\"a\": 1}");
    Backend textOnly = Backend.builder("text-only").client(textOnlyClient).tier("cheap").textOnly().build();
    Backend dearer = cheap.toBuilder().price(Price.perMillionTokens(1.00, 2.00)).build();
    QualityLoop loop = create(QualityPolicy.builder().reference(reference)
            .sampleRate(0).reprobeRate(1).build(), inline(promotedExtraction()),
        planner(TIERS, textOnly, dearer), new Accountant(), clock, events::add);
    ChatRequest json = request().toBuilder().jsonMode().build();
    loop.offer(json, ChatResponse.of("{\"a\": 1}", null), route(TaskCategory.EXTRACTION, "capable", false));
    assertThat(textOnlyClient.callCount()).as("cannot do JSON output").isZero();
    assertThat(cheapClient.callCount()).isEqualTo(1);
    assertThat(cheapClient.lastRequest().responseFormatType()).contains("json_object");
  }

  @Test
  void topTierAnswersAndCacheHitsAreNotSampled() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0));
    offer(loop, "x", "capable");
    loop.offer(request(), ChatResponse.of("x", null), route(TaskCategory.EXTRACTION, "cheap", true));
    assertThat(referenceClient.callCount()).isZero();
    assertThat(loop.snapshot().sampled()).isZero();
  }

  @Test
  void aFailingReferenceIsCountedAndAThrowingOrSilentScorerLeavesTheSampleUnscored() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0)
        .scorer(TaskCategory.EXTRACTION, (c, r, cand, ref) -> {
          if (cand.equals("throw")) {
            throw new IllegalStateException("scorer bug");
          }
          return cand.equals("silent") ? Optional.empty() : Optional.of(QualityScore.of(1, "ok"));
        }));
    referenceClient.enqueueFailure(new BackendException("reference", FailureKind.SERVER_ERROR, "down"));
    offer(loop, "x", "cheap");
    offer(loop, "throw", "cheap");
    offer(loop, "silent", "cheap");
    offer(loop, "fine", "cheap");

    var q = loop.snapshot();
    assertThat(q.sampled()).isEqualTo(4);
    assertThat(q.failed()).isEqualTo(1);
    assertThat(q.unscored()).isEqualTo(2);
    assertThat(q.scored()).isEqualTo(1);
    assertThat(q.window(TaskCategory.EXTRACTION, "cheap").orElseThrow().samples()).isEqualTo(1);
  }

  @Test
  void samplesOlderThanTheWindowTimeLeaveTheWindowAndCannotPromote() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0).window(10).minSamples(3)
        .windowTime(Duration.ofMinutes(10)));
    offer(loop, "bad", "cheap");
    offer(loop, "bad", "cheap");
    clock.advance(Duration.ofMinutes(11));
    offer(loop, "bad", "cheap"); // three bad samples, but two are too old
    assertThat(loop.snapshot().window(TaskCategory.EXTRACTION, "cheap").orElseThrow().samples()).isEqualTo(1);
    assertThat(loop.snapshot().promotions()).isEmpty();
    offer(loop, "bad", "cheap");
    offer(loop, "bad", "cheap");
    assertThat(loop.snapshot().promotedTier(TaskCategory.EXTRACTION)).contains("capable");
    assertThat(events).singleElement().extracting(QualityEvent::samples).isEqualTo(3);
  }

  @Test
  void theWindowKeepsOnlyTheLastNSamples() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0).window(4).minSamples(4).threshold(0.5));
    offer(loop, "bad", "cheap");
    for (int i = 0; i < 4; i++) {
      offer(loop, "{\"a\": 1}", "cheap");
    }
    var w = loop.snapshot().window(TaskCategory.EXTRACTION, "cheap").orElseThrow();
    assertThat(w.samples()).isEqualTo(4);
    assertThat(w.mean()).isEqualTo(1.0);
    assertThat(w.min()).isEqualTo(1.0);
  }

  @Test
  void aPromotedCategoryPlansOnTheHigherTierOnlyWhenThatIsAbovePlanned() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0).window(3).minSamples(3));
    assertThat(loop.effectiveTier(TaskCategory.EXTRACTION, "cheap")).isEqualTo("cheap");
    for (int i = 0; i < 3; i++) {
      offer(loop, "nope", "cheap");
    }
    assertThat(loop.effectiveTier(TaskCategory.EXTRACTION, "cheap")).isEqualTo("capable");
    assertThat(loop.effectiveTier(TaskCategory.EXTRACTION, "capable")).isEqualTo("capable");
    assertThat(loop.effectiveTier(TaskCategory.CLASSIFICATION, "cheap")).isEqualTo("cheap");
    assertThat(QualityLoop.disabled().effectiveTier(TaskCategory.EXTRACTION, "cheap")).isEqualTo("cheap");
  }

  @Test
  void withThreeTiersACategoryClimbsOneTierAtATimeAndComesBackTheSameWay() {
    java.util.concurrent.atomic.AtomicBoolean cheapGood = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean midGood = new java.util.concurrent.atomic.AtomicBoolean();
    Backend low = Backend.builder("low").tier("cheap")
        .client(FakeChatClient.builder("low").replyWith(r -> cheapGood.get() ? "{\"a\": 1}" : "no").build()).build();
    Backend mid = Backend.builder("mid").tier("mid")
        .client(FakeChatClient.builder("mid").replyWith(r -> midGood.get() ? "{\"a\": 1}" : "no").build()).build();
    QualityLoop loop = create(QualityPolicy.builder().reference(reference)
            .sampleRate(1).reprobeRate(1).window(3).minSamples(3).build(), inline(),
        planner(List.of("cheap", "mid", "top"), low, mid), new Accountant(), clock, events::add);

    for (int i = 0; i < 3; i++) {
      offer(loop, "no", "cheap");
    }
    assertThat(loop.effectiveTier(TaskCategory.EXTRACTION, "cheap")).isEqualTo("mid");
    for (int i = 0; i < 3; i++) {
      offer(loop, "no", "mid"); // the mid tier is no better; background probes of cheap stay bad too
    }
    assertThat(loop.effectiveTier(TaskCategory.EXTRACTION, "cheap")).isEqualTo("top");

    midGood.set(true);
    for (int i = 0; i < 3; i++) {
      offer(loop, "{\"a\": 1}", "top"); // top answers are not sampled; each triggers a probe of mid
    }
    assertThat(loop.effectiveTier(TaskCategory.EXTRACTION, "cheap")).isEqualTo("mid");
    assertThat(loop.snapshot().promotions().get(TaskCategory.EXTRACTION).baseTier()).isEqualTo("cheap");

    cheapGood.set(true);
    for (int i = 0; i < 3; i++) {
      offer(loop, "{\"a\": 1}", "mid");
    }
    assertThat(loop.snapshot().promotions()).isEmpty();
    assertThat(events).extracting(e -> e.kind() + " " + e.fromTier() + "->" + e.toTier()).containsExactly(
        "PROMOTED cheap->mid", "PROMOTED mid->top", "DEMOTED top->mid", "DEMOTED mid->cheap");
  }

  /** A router's tier map: the four cheap categories on the cheapest tier, the rest on the top one. */
  private static Planner mappedPlanner(Backend... backends) {
    Map<TaskCategory, String> map = new HashMap<>();
    TaskCategory.builtIns().forEach(c -> map.put(c, dev.switchboard.router.RoutingChatClient.DEFAULT_CHEAP.contains(c)
        ? "cheap" : "capable"));
    return new Planner(TIERS, map, List.of(backends));
  }

  private static RouteInfo served(Classification classification, String planned, String tier) {
    return RouteInfo.builder(new RoutingDecision(classification, planned, List.of(), List.of())).service("billing")
        .servedBy(tier, tier).build();
  }

  private static final Classification GENERAL = new Classification(TaskCategory.GENERAL, 0.3, List.of(), false);

  @Test
  void aShadowSampleAsksTheTierBelowInTheBackgroundChargedAsReferenceAndIsKeptForCalibration() {
    Accountant accountant = new Accountant((service, backend, kind, charge) ->
        charges.add(new Charged(service, backend.name(), kind, charge.cost())));
    QualityLoop loop = create(QualityPolicy.builder().reference(reference)
        .shadowRate(1).build(), inline(), mappedPlanner(cheap), accountant, clock, events::add);

    loop.offer(request(), ChatResponse.of("{\"a\": 1}", Usage.of(2_000, 100)), served(GENERAL, "capable", "capable"));

    assertThat(cheapClient.callCount()).isEqualTo(1);
    assertThat(charges).extracting(Charged::backend).containsExactly("cheap", "reference");
    assertThat(charges).allMatch(c -> c.kind() == Accountant.ChargeKind.REFERENCE && c.service().equals("billing"));
    assertThat(loop.snapshot().sampled()).isEqualTo(1);
    assertThat(loop.snapshot().promotions()).isEmpty();
    var report = loop.calibration(true).category(TaskCategory.GENERAL).orElseThrow();
    assertThat(report.mappedTier()).isEqualTo("capable");
    assertThat(report.tier("cheap").orElseThrow()).satisfies(t -> {
      assertThat(t.shadows()).isEqualTo(1);
      assertThat(t.passed()).isEqualTo(1);
      assertThat(t.confidence().p50()).isEqualTo(0.3);
    });
  }

  @Test
  void shadowSamplingIsOffByDefaultAndSkipsWhatNoTierMapChangeWouldMove() {
    QualityLoop off = create(QualityPolicy.builder().reference(reference).build(), inline(),
        mappedPlanner(cheap), new Accountant(), clock, events::add);
    off.offer(request(), ChatResponse.of("x", null), served(GENERAL, "capable", "capable"));
    assertThat(cheapClient.callCount()).as("off by default").isZero();

    QualityLoop loop = create(QualityPolicy.builder().reference(reference)
        .shadowRate(1).build(), inline(), mappedPlanner(cheap), new Accountant(), clock, events::add);
    ChatRequest pinned = request().toBuilder().tierHint("capable").build();
    loop.offer(pinned, ChatResponse.of("x", null), served(GENERAL, "capable", "capable"));
    Classification extraction = new Classification(TaskCategory.EXTRACTION, 0.9, List.of(), false);
    loop.offer(request(), ChatResponse.of("x", null), served(extraction, "cheap", "capable")); // failed over
    loop.offer(request(), ChatResponse.of("x", null), served(extraction, "capable", "capable")); // not its mapped tier
    assertThat(cheapClient.callCount()).isZero();
    assertThat(loop.snapshot().sampled()).isZero();
  }

  @Test
  void anAnswerThatNamedItsTierIsScoredButNotKeptForCalibration() {
    QualityLoop loop = loop(QualityPolicy.builder().sampleRate(1.0));
    ChatRequest pinned = request().toBuilder().tierHint("cheap").build();
    loop.offer(pinned, ChatResponse.of("{\"a\": 1}", null), route(TaskCategory.EXTRACTION, "cheap", false));
    assertThat(loop.snapshot().window(TaskCategory.EXTRACTION, "cheap").orElseThrow().samples()).isEqualTo(1);
    assertThat(loop.calibration(true).categories()).isEmpty();

    offer(loop, "{\"a\": 1}", "cheap");
    assertThat(loop.calibration(true).category(TaskCategory.EXTRACTION).orElseThrow().tier("cheap").orElseThrow())
        .satisfies(t -> {
          assertThat(t.samples()).isEqualTo(1);
          assertThat(t.hinted()).as("the test routes carry a category hint").isEqualTo(1);
          assertThat(t.confidence().count()).isZero();
        });
    assertThat(QualityLoop.disabled().calibration(true)).isSameAs(dev.switchboard.router.quality.Calibration.DISABLED);
  }
}
