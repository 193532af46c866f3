package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Streams fail over invisibly before the first token and never splice after it. */
class StreamingFailoverTest {
  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler time = new ManualScheduler(clock);
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");
  private final RoutingChatClient router = RoutingChatClient.builder()
      .tiers("local", "cloud")
      .clock(clock)
      .sleeper(time)
      .scheduler(time)
      .failover(FailoverPolicy.builder().timeout(t -> t.firstTokenTimeout(Duration.ofSeconds(10))).build())
      .backend(Backend.builder("local").client(local).tier("local").build())
      .backend(Backend.builder("cloud").client(cloud).tier("cloud").price(Price.perMillionTokens(2, 8)).build())
      .build();

  private final SeenListener caller = new SeenListener();
  private final List<String> seen = caller.seen;

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the order number: order #A-88213").build();
  }

  /** A stream told to come back later leaves the backend resting for every request, streamed or not. */
  @Test
  void aStreamsRetryAfterKeepsOtherRequestsAway() {
    local.enqueueFailure(new BackendException("local", FailureKind.RATE_LIMITED, 429, "slow down",
        Duration.ofSeconds(20), "rate limited", null));
    assertThat(router.stream(extraction(), caller).completion().join().route().backend()).isEqualTo("cloud");
    assertThat(router.health().state("local")).isEqualTo(BackendState.COOLING_DOWN);
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("cloud");
    assertThat(router.stream(extraction(), caller).completion().join().route().backend()).isEqualTo("cloud");
    assertThat(local.callCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20));
    assertThat(router.stream(extraction(), caller).completion().join().route().backend()).isEqualTo("local");
  }

  @Test
  void aStreamWithNoFirstTokenInTimeFailsOverUnnoticed() {
    local.enqueueStall();
    StreamHandle h = router.stream(extraction(), caller);
    assertThat(h.completion()).isNotDone();
    assertThat(seen).isEmpty();

    time.advance(Duration.ofSeconds(9));
    assertThat(h.completion()).as("still within the first-token timeout").isNotDone();
    time.advance(Duration.ofSeconds(1));

    ChatResponse r = h.completion().join();
    assertThat(seen).containsExactly("from cloud", "<complete cloud>");
    assertThat(r.content()).isEqualTo("from cloud");
    assertThat(r.route().attempts()).extracting(Attempt::backend, Attempt::failure).containsExactly(
        org.assertj.core.groups.Tuple.tuple("local", FailureKind.TIMEOUT),
        org.assertj.core.groups.Tuple.tuple("cloud", null));
    assertThat(local.streamCancellations()).as("the stalled stream is cancelled").isEqualTo(1);
    assertThat(time.pending()).as("no timer left behind").isZero();
  }

  @Test
  void aStreamThatFailsBeforeItsFirstTokenFailsOverUnnoticed() {
    local.enqueueStreamFailure(FailureKind.SERVER_ERROR);
    ChatResponse r = router.stream(extraction(), caller).completion().join();
    assertThat(seen).containsExactly("from cloud", "<complete cloud>");
    assertThat(r.route().failedOver()).isTrue();
    assertThat(time.pending()).isZero();
  }

  @Test
  void aStreamBrokenAfterItsFirstTokenIsChargedAnEstimateOfWhatWasGenerated() {
    dev.switchboard.router.testing.FakeChatClient paid = dev.switchboard.router.testing.FakeChatClient.replying("paid",
        "ok");
    RoutingChatClient budgeted = RoutingChatClient.builder()
        .tiers("capable")
        .clock(clock)
        .sleeper(time)
        .scheduler(time)
        .budgets(dev.switchboard.router.budget.BudgetPolicy.unlimited())
        .backend(Backend.builder("paid").client(paid).tier("capable").price(Price.perMillionTokens(2, 8)).build())
        .build();
    paid.enqueueStreamFailure(FailureKind.SERVER_ERROR, "The order number ", "is A-88");
    ChatRequest r = extraction().toBuilder().service("s").build();
    StreamHandle h = budgeted.stream(r, caller);
    assertThat(h.completion()).isCompletedExceptionally();
    // no usage chunk ever came, so the charge is an estimate from the prompt and the 24 characters received
    assertThat(budgeted.spentToday("s")).isPositive();
    assertThat(budgeted.spentToday("other")).isZero();
  }

  @Test
  void afterTheFirstTokenAFailureIsATypedErrorNeverASplicedAnswer() {
    local.enqueueStreamFailure(FailureKind.SERVER_ERROR, "Hel", "lo");
    StreamHandle h = router.stream(extraction(), caller);
    assertThat(h.completion()).isCompletedExceptionally();
    Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> h.completion().join());
    assertThat(error).isInstanceOf(CompletionException.class).cause()
        .isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
          assertThat(e.backend()).isEqualTo("local");
          assertThat(e.partialText()).isEqualTo("Hello");
        });
    assertThat(seen).containsExactly("Hel", "lo", "<error StreamInterruptedException>");
    assertThat(cloud.callCount()).isZero();
  }

  @Test
  void afterTheFirstTokenTheFirstTokenTimeoutNoLongerApplies() {
    local.enqueueStall("Hel");
    StreamHandle h = router.stream(extraction(), caller);
    time.advance(Duration.ofSeconds(50)); // five first-token timeouts, within the 60 s deadline
    assertThat(h.completion()).as("a slow answer that has started is not abandoned").isNotDone();
    assertThat(cloud.callCount()).isZero();
    assertThat(seen).containsExactly("Hel");
    h.cancel();
    assertThat(h.completion()).isCompletedExceptionally();
    assertThat(seen).containsExactly("Hel", "<error BackendException>"); // the caller's own cancel, not an interruption
  }

  @Test
  void theListenerHearsWhichBackendAnswersOnceBeforeItsFirstChunk() {
    local.enqueueStreamFailure(FailureKind.SERVER_ERROR);
    List<String> failedOver = labelledStream();
    List<String> direct = labelledStream();

    // the local leg that failed before its first token is never named
    assertThat(failedOver).containsExactly("<backend cloud/cloud>", "from cloud");
    assertThat(direct).containsExactly("<backend local/local>", "from local");
  }

  /** What a listener hears of one stream: the backend named, then the text. */
  private List<String> labelledStream() {
    List<String> heard = new ArrayList<>();
    router.stream(extraction(), new StreamListener() {
      @Override
      public void onBackend(String backend, String tier) {
        heard.add("<backend " + backend + "/" + tier + ">");
      }

      @Override
      public void onChunk(ChatChunk chunk) {
        if (!chunk.contentDelta().isEmpty()) {
          heard.add(chunk.contentDelta());
        }
      }
    }).completion().join();
    return heard;
  }

  @Test
  void stalledStreamsCountTowardTheBreaker() {
    for (int i = 0; i < 3; i++) {
      local.enqueueStall();
      StreamHandle h = router.stream(extraction(), caller);
      time.advance(Duration.ofSeconds(10));
      assertThat(h.completion().join().route().backend()).isEqualTo("cloud");
    }
    assertThat(router.health().state("local")).isEqualTo(BackendState.OPEN);
    seen.clear();
    router.stream(extraction(), caller).completion().join();
    assertThat(seen).containsExactly("from cloud", "<complete cloud>");
    assertThat(local.callCount()).isEqualTo(3);
  }
}
