package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RateLimit;
import dev.switchboard.router.failover.RouterHealth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The snippets of docs/failure-behaviour.md, kept compiling and passing. */
class DocsFailureBehaviourExampleTest {
  final FakeChatClient local = FakeChatClient.replying("local", "from local");
  final FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");

  @Test
  void theKnobsSnippetBuildsAWorkingRouter() {
    FailoverPolicy policy = FailoverPolicy.builder()
        .circuitBreaker(b -> b
            .failureThreshold(3)
            .cooldown(Duration.ofSeconds(30))
            .misconfiguredCooldown(Duration.ofMinutes(5))
            .waitForHalfOpen(Duration.ofSeconds(5)))
        .retry(r -> r
            .maxRetries(2)
            .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
            .jitter(0.25)
            .maxRetryAfter(Duration.ofMinutes(5)))
        .timeout(t -> t
            .deadline(Duration.ofSeconds(60))
            .attemptTimeout(Duration.ofSeconds(20))
            .firstTokenTimeout(Duration.ofSeconds(10)))
        .bulkhead(b -> b
            .concurrencyCap("ollama", 4)
            .capacityWait(Duration.ofMillis(250)))
        .rateLimit("search", RateLimit.requestsPerSecond(20)
            .withTokensPerMinute(200_000)
            .withMaxWait(Duration.ofMillis(500)))
        .build();
    RoutingChatClient router = RoutingChatClient.builder()
        .failover(policy)
        .tiers("local")
        .backend(Backend.builder("ollama").client(local).tier("local").build())
        .build();
    assertThat(router.chat(ChatRequest.builder().user("hi").service("search").build()).content())
        .isEqualTo("from local");
    RouterHealth h = router.health();
    assertThat(h.state("ollama")).isEqualTo(BackendState.CLOSED);
    assertThat(h.backend("ollama").orElseThrow().consecutiveFailures()).isZero();
    assertThat(h.allDown()).isFalse();
    assertThat(policy.bulkhead().concurrencyCap("ollama")).hasValue(4);
    assertThat(policy.timeout().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(10));

    FailoverPolicy noRetries = policy.toBuilder().retry(r -> r.maxRetries(0)).build();
    assertThat(noRetries.retry().maxRetries()).isZero();
    assertThat(noRetries.retry().backoffBase()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void theTestingSnippetRunsWithoutSleeping() {
    ManualClock clock = ManualClock.create();
    ManualScheduler time = new ManualScheduler(clock);
    RoutingChatClient router = RoutingChatClient.builder().clock(clock)
        .sleeper(time)
        .scheduler(time)
        .tiers("local", "cloud")
        .backend(Backend.builder("local").client(local).tier("local").build())
        .backend(Backend.builder("cloud").client(cloud).tier("cloud").build())
        .build();
    ChatRequest request = ChatRequest.builder().user("Extract the order number: #A-1").build();

    local.enqueueFailure(new BackendException("local", FailureKind.RATE_LIMITED, 429, "slow down",
        Duration.ofSeconds(7), "rate limited", null));
    assertThat(router.chat(request).route().backend()).isEqualTo("local");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(7));

    local.enqueueStall();
    StreamHandle h = router.stream(request, StreamListener.onText(t -> { }));
    time.advance(Duration.ofSeconds(30));
    assertThat(h.completion().join().route().backend()).isEqualTo("cloud");

    local.enqueueStall("Hel");
    StreamHandle cut = router.stream(request, StreamListener.onText(t -> { }));
    time.advance(Duration.ofSeconds(60));
    assertThat(cut.completion()).isCompletedExceptionally();
    Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> cut.completion().join()).getCause();
    assertThat(error).isInstanceOfSatisfying(DeadlineExceededException.class,
        e -> assertThat(e.partialText()).hasValue("Hel"));
  }
}
