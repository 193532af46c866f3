package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The quality loop calls the reference model through the router's dispatcher, like every other
 * call: a reference that is down opens its breaker and is left alone until it turns half-open,
 * instead of being called for every sample.
 */
class ReferenceThroughDispatcherTest {
  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler time = new ManualScheduler(clock);

  @Test
  void aReferenceThatIsDownOpensItsBreakerAndIsNotCalledAgainUntilHalfOpen() {
    FakeChatClient cheap = FakeChatClient.replying("cheap", "{\"a\": 1}");
    FakeChatClient reference = FakeChatClient.replying("reference", "{\"a\": 1}");
    reference.down(FailureKind.SERVER_ERROR);
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .clock(clock)
        .sleeper(time)
        .scheduler(time)
        .failover(FailoverPolicy.builder().retry(r -> r.jitter(0).maxRetries(2))
            .circuitBreaker(b -> b.failureThreshold(3).cooldown(Duration.ofSeconds(30))).build())
        .backend(Backend.builder("cheap").client(cheap).tier("cheap").build())
        .backend(Backend.builder("capable").client(FakeChatClient.replying("capable", "{}")).tier("capable").build())
        .quality(QualityPolicy.builder()
            .reference(Backend.builder("reference").client(reference).tier("capable").build())
            .sampleRate(1.0)
            .build())
        .qualityExecutor(Runnable::run)
        .build();

    for (int i = 0; i < 3; i++) {
      router.chat(ChatRequest.builder().user("Extract a as JSON from this: #" + i).build());
    }
    // Three samples, each a request of its own with one vote: 3 attempts (2 retries) for the first
    // two; the third's first failure opens the breaker, and an open backend is not retried.
    assertThat(reference.callCount()).isEqualTo(7);
    assertThat(router.health().state("reference")).isEqualTo(BackendState.OPEN);
    assertThat(router.health().support()).extracting(h -> h.backend()).containsExactly("reference");
    assertThat(router.health().backends()).extracting(h -> h.backend()).containsExactly("cheap", "capable");
    assertThat(router.health().allDown()).as("the reference answers no request").isFalse();
    assertThat(router.quality().failed()).isEqualTo(3);

    for (int i = 3; i < 10; i++) {
      router.chat(ChatRequest.builder().user("Extract a as JSON from this: #" + i).build());
    }
    assertThat(reference.callCount()).as("an open reference is not called").isEqualTo(7);
    assertThat(router.quality().failed()).isEqualTo(10);
    assertThat(cheap.callCount()).as("callers are served all along").isEqualTo(10);

    clock.advance(Duration.ofSeconds(30));
    reference.up();
    router.chat(ChatRequest.builder().user("Extract a as JSON from this: #10").build());
    assertThat(reference.callCount()).as("half-open: one trial, which succeeds").isEqualTo(8);
    assertThat(router.health().state("reference")).isEqualTo(BackendState.CLOSED);
    assertThat(router.quality().scored()).isEqualTo(1);
  }
}
