package dev.switchboard.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.quality.QualityScorers;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;

/** The router the metrics and report tests drive, and its scripted traffic. */
class ScriptedRouter {
  // "big" charges $3 / $15 per million: 100k in + 50k out = $1.05 an answer
  static final Usage BIG_USAGE = Usage.of(100_000, 50_000);
  static final Usage SMALL_USAGE = Usage.of(1_000, 500); // $0.0105 at big's price
  static final Price BIG_PRICE = Price.perMillionTokens(3.00, 15.00);

  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-10T12:00:00Z"));
  final FakeChatClient local = FakeChatClient.builder("local").reply("from local").usage(SMALL_USAGE)
      .latency(Duration.ofMillis(40), clock).build();
  final FakeChatClient big = FakeChatClient.builder("big").reply("from big").usage(BIG_USAGE)
      .latency(Duration.ofMillis(900), clock).build();
  final Backend judge = Backend.builder("judge").client(FakeChatClient.builder("judge").reply("from big")
      .usage(SMALL_USAGE).build()).tier("capable").price(BIG_PRICE).build();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  RoutingChatClient router() {
    return RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .clock(clock)
        .meterRegistry(registry)
        .history(Duration.ofHours(1))
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .cache(CachePolicy.defaults())
        .budgets(BudgetPolicy.builder().daily("support", 2.00).build())
        .quality(QualityPolicy.builder().reference(judge).scorer(QualityScorers.tokenF1())
            .sampleRate(0).sampleRate(TaskCategory.EXTRACTION, 1).reprobeRate(0)
            .window(10).minSamples(2).threshold(0.8).build())
        .qualityExecutor(Runnable::run)
        .backend(Backend.builder("local").client(local).model("llama").tier("cheap").build())
        .backend(Backend.builder("big").client(big).model("big-model").tier("capable").price(BIG_PRICE).build())
        .build();
  }

  static ChatRequest extract(boolean deterministic) {
    ChatRequest.Builder b = ChatRequest.builder().service("app").categoryHint(TaskCategory.EXTRACTION)
        .user("Extract the dates: 2 March, 5 March");
    return (deterministic ? b.temperature(0) : b).build();
  }

  static ChatRequest hard() {
    return ChatRequest.builder().service("support").categoryHint(TaskCategory.REASONING)
        .user("Prove that there are infinitely many primes.").maxTokens(100).build();
  }

  /** A failover, a sampled answer, a cache hit, a second sample (a promotion), then a budget downgrade. */
  void script(RoutingChatClient router) {
    local.failNext(1, FailureKind.SERVER_ERROR);
    assertThat(router.chat(extract(false)).route().backend()).isEqualTo("big"); // failover
    assertThat(router.chat(extract(true)).route().backend()).isEqualTo("local"); // sampled: score 0.5
    assertThat(router.chat(extract(true)).route().cacheHit()).isTrue(); // cache hit
    assertThat(router.chat(extract(false)).route().backend()).isEqualTo("local"); // 2nd sample: promoted
    assertThat(router.quality().isPromoted(TaskCategory.EXTRACTION)).isTrue();
    router.chat(hard());
    router.chat(hard()); // $2.10 of $2.00 spent
    assertThat(router.chat(hard()).route().backend()).isEqualTo("local"); // downgraded
  }
}
