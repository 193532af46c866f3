package dev.switchboard.router.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A reference model that hangs must cost the caller nothing: answers come back while the
 * reference call is still blocked, and samples beyond the bounded queue are dropped and counted.
 */
class BlockedReferenceTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);
  private final AtomicInteger referenceCalls = new AtomicInteger();
  private final ChatClient blockingReference = request -> {
    referenceCalls.incrementAndGet();
    entered.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ChatResponse.of("{\"a\": 1}", Usage.of(10, 5));
  };

  @Test
  void callersReturnWhileTheReferenceIsBlockedAndOverflowIsDroppedAndCounted() throws InterruptedException {
    FakeChatClient cheap = FakeChatClient.replying("cheap", "{\"a\": 1}");
    try (RoutingChatClient router = RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .backend(Backend.builder("cheap").client(cheap).tier("cheap").build())
        .backend(Backend.builder("capable").client(FakeChatClient.replying("capable", "{}")).tier("capable").build())
        .quality(QualityPolicy.builder()
            .reference(Backend.builder("reference").client(blockingReference).tier("capable").build())
            .sampleRate(1.0)          // every answer is offered
            .executor(1, 1)           // one thread, one waiting sample
            .build())
        .build()) {

      for (int i = 0; i < 5; i++) {
        ChatResponse r = router.chat(ChatRequest.builder().user("Extract a as JSON from this: #" + i).build());
        // The caller has its answer; the reference is still blocked (nobody released it).
        assertThat(r.content()).isEqualTo("{\"a\": 1}");
        assertThat(release.getCount()).isEqualTo(1);
      }

      assertThat(entered.await(10, TimeUnit.SECONDS)).as("the first sample reached the reference").isTrue();
      QualitySnapshot q = router.quality();
      assertThat(q.sampled()).isEqualTo(2);   // one running (blocked), one waiting
      assertThat(q.dropped()).isEqualTo(3);   // the rest dropped, not waited for
      assertThat(q.scored()).isZero();
      assertThat(referenceCalls.get()).isEqualTo(1);
      assertThat(cheap.callCount()).isEqualTo(5);
    } finally {
      release.countDown();
    }
  }

  @Test
  void closingStopsTheLoopAndCountsTheWaitingSampleAsDropped() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("cheap", "capable")
        .backend(Backend.builder("cheap").client(FakeChatClient.replying("cheap", "x")).tier("cheap").build())
        .backend(Backend.builder("capable").client(FakeChatClient.replying("capable", "x")).tier("capable").build())
        .quality(QualityPolicy.builder()
            .reference(Backend.builder("reference").client(blockingReference).tier("capable").build())
            .sampleRate(1.0)
            .executor(1, 4)
            .build())
        .build();
    router.chat(ChatRequest.builder().user("Summarize: a").build());
    router.chat(ChatRequest.builder().user("Summarize: b").build());
    router.close();

    // After close, requests are still answered; their samples are dropped.
    assertThat(router.chat(ChatRequest.builder().user("Summarize: c").build()).content()).isEqualTo("x");
    QualitySnapshot q = router.quality();
    assertThat(q.sampled()).isEqualTo(1);  // the one running when closed (interrupted)
    assertThat(q.dropped()).isEqualTo(2);  // the waiting one and the one after close
    release.countDown();
  }
}
