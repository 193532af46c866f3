package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.classify.TaskCategory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.JournalBudgetLedger;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/budgets.md and docs/cache.md, kept compiling and passing. */
class DocsBudgetsAndCacheExampleTest {
  final FakeChatClient local = FakeChatClient.replying("local", "from local");
  final FakeChatClient cloud = FakeChatClient.builder("cloud").reply("from cloud")
      .usage(Usage.of(1_000_000, 1_000_000)).build(); // $10 a call at $2 / $8

  @Test
  void theBudgetSnippetDowngradesAtTheLimitAndSurvivesARestart(@TempDir Path dir) {
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-25T09:00:00Z"));
    BudgetPolicy policy = BudgetPolicy.builder()
        .zone(ZoneId.of("Europe/Berlin"))
        .daily("support-bot", 25.00)
        .monthly("support-bot", 500.00)
        .defaultDaily(5.00)
        .downgradeToTier("local")
        .warnAt(0.8)
        .outputAllowance(4096)
        .reservationTtl(Duration.ofMinutes(6))
        .failOpen()
        .build();
    Path journal = dir.resolve("budget.journal");
    JournalBudgetLedger ledger = JournalBudgetLedger.open(journal);
    RoutingChatClient router = router(clock, policy, ledger);
    ChatRequest hard = ChatRequest.builder().service("support-bot").categoryHint(TaskCategory.REASONING)
        .user("Plan the migration.").build();

    assertThat(router.chat(hard).route().backend()).isEqualTo("openai");
    assertThat(router.chat(hard).route().backend()).isEqualTo("openai");
    assertThat(router.chat(hard).route().backend()).isEqualTo("openai"); // $20 + this one's estimate < $25
    assertThat(router.spentToday("support-bot")).isEqualByComparingTo("30");
    RouteInfo fourth = router.chat(hard).route();
    assertThat(fourth.backend()).isEqualTo("ollama");
    assertThat(fourth.reason()).contains("downgraded to tier local");
    // Another service falls under the $5 default: one $10 call is already past it.
    ChatRequest other = ChatRequest.builder().service("search").categoryHint(TaskCategory.REASONING).user("x").build();
    assertThat(router.chat(other).route().backend()).isEqualTo("openai");
    assertThat(router.chat(other).route().backend()).isEqualTo("ollama");

    ledger.close(); // the application stops; the journal is locked while a ledger has it open
    try (JournalBudgetLedger reopened = JournalBudgetLedger.open(journal)) {
      assertThat(router(clock, policy, reopened).spentToday("support-bot")).isEqualByComparingTo("30");
      clock.set(Instant.parse("2026-11-25T23:00:00Z")); // midnight in Berlin
      assertThat(router(clock, policy, reopened).spentToday("support-bot")).isZero();
    }
  }

  private RoutingChatClient router(ManualClock clock, BudgetPolicy policy, BudgetLedger ledger) {
    return RoutingChatClient.builder()
        .tiers("local", "cloud")
        .clock(clock)
        .backend(Backend.builder("ollama").client(local).model("llama3.1:8b").tier("local").build())
        .backend(Backend.builder("openai").client(cloud).model("gpt-4.1").tier("cloud")
            .price(Price.perMillionTokens(2.00, 8.00)).build())
        .budgets(policy)
        .ledger(ledger)
        .build();
  }

  @Test
  void theCacheSnippetAnswersARepeatForFree() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("local")
        .backend(Backend.builder("ollama").client(local).tier("local").build())
        .cache(CachePolicy.builder()
            .ttl(Duration.ofHours(6))
            .maxBytes(256L << 20)
            .shareAcrossServices(false)
            .cacheToolCalls(false)
            .build())
        .build();

    ChatRequest request = ChatRequest.builder().user("Classify: 'refund please'").temperature(0).build();
    router.chat(request);
    ChatResponse r = router.chat(request);

    assertThat(r.route().cacheHit()).isTrue();
    assertThat(r.route().cost()).isZero();
    assertThat(router.cacheStats().hits()).isEqualTo(1);
    assertThat(local.callCount()).isEqualTo(1);
  }
}
