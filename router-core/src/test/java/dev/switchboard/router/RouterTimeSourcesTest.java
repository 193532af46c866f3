package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.Sleeper;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sleeper and scheduler given to the router builder, beside its clock, are the ones the router waits and times with. */
class RouterTimeSourcesTest {
  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler time = new ManualScheduler(clock);
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");

  private RoutingChatClient.Builder router(FailoverPolicy policy) {
    return RoutingChatClient.builder().tiers("local", "cloud").clock(clock).failover(policy)
        .backend(Backend.builder("local").client(local).tier("local").build())
        .backend(Backend.builder("cloud").client(cloud).tier("cloud").price(Price.perMillionTokens(2, 8)).build());
  }

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the order number: order #A-88213").build();
  }

  @Test
  void theRoutersSchedulerTimesAStreamsFirstTokenAndItsDeadline() {
    RoutingChatClient router = router(FailoverPolicy.builder()
        .timeout(t -> t.firstTokenTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(60))).build())
        .scheduler(time).build();
    local.enqueueStall();
    SeenListener caller = new SeenListener();

    StreamHandle h = router.stream(extraction(), caller);
    assertThat(time.dueTimes()).as("both timers were set on the scheduler given to the router builder")
        .containsExactly(clock.instant().plusSeconds(10), clock.instant().plusSeconds(60));
    time.advance(Duration.ofSeconds(10));

    assertThat(h.completion().join().route().backend()).isEqualTo("cloud");
    assertThat(caller.seen).containsExactly("from cloud", "<complete cloud>");
    assertThat(time.pending()).as("no timer left behind").isZero();
  }

  @Test
  void theRoutersSleeperWaitsOutARetrysBackoff() {
    List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    Sleeper recording = d -> {
      waits.add(d);
      clock.advance(d);
    };
    RoutingChatClient router = router(FailoverPolicy.builder()
        .retry(r -> r.maxRetries(1).jitter(0).backoff(Duration.ofMillis(300), Duration.ofSeconds(5))).build())
        .sleeper(recording).build();
    local.failNext(1, FailureKind.SERVER_ERROR);

    assertThat(router.chat(extraction()).route().backend()).isEqualTo("local");
    assertThat(waits).containsExactly(Duration.ofMillis(300));
  }

  @Test
  void theRoutersSleeperWaitsOutTheCooldownToAHalfOpenTrial() {
    RoutingChatClient router = router(FailoverPolicy.builder()
        .retry(r -> r.maxRetries(0))
        .circuitBreaker(b -> b.failureThreshold(1).cooldown(Duration.ofSeconds(30))
            .waitForHalfOpen(Duration.ofMinutes(1)))
        .build())
        .sleeper(time).build();
    local.failNext(1, FailureKind.SERVER_ERROR);
    cloud.failNext(1, FailureKind.SERVER_ERROR);

    RouteInfo route = router.chat(extraction()).route(); // both open at once; the sleeper waits for local's trial
    assertThat(route.backend()).isEqualTo("local");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(30));
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
  }
}
