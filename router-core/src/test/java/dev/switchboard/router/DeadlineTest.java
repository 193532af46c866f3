package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.failover.FailoverPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline bounds the whole call, chat, chatAsync and stream, whatever the backend does: each
 * backend is told its time budget, and an attempt that runs past it is cancelled. The blocking
 * tests meet real waiting (a backend that never answers), so they use real time with bounds that
 * are generous on a loaded machine and still far below "hangs"; the stream tests run on manual time.
 */
class DeadlineTest {
  private static final Duration DEADLINE = Duration.ofMillis(300);
  /** Far above the deadline, far below a hang: a loaded build machine must not fail this. */
  private static final Duration GENEROUS = Duration.ofSeconds(5);

  private final CountDownLatch endOfTest = new CountDownLatch(1);

  @AfterEach
  void releaseLingeringThreads() {
    endOfTest.countDown();
  }

  /** A backend with real async I/O: the router only ever calls chatAsync. Records what it received. */
  private abstract static class AsyncOnly implements ChatClient {
    final List<ChatRequest> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ChatResponse chat(ChatRequest request) {
      throw new AssertionError("the router calls chatAsync");
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
      received.add(request);
      return answer(request);
    }

    abstract CompletableFuture<ChatResponse> answer(ChatRequest request);
  }

  /** A backend that never answers: its future ends only when cancelled. */
  private static final class Hung extends AsyncOnly {
    final List<CompletableFuture<ChatResponse>> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    CompletableFuture<ChatResponse> answer(ChatRequest request) {
      CompletableFuture<ChatResponse> f = new CompletableFuture<>();
      calls.add(f);
      return f;
    }

    boolean everyCallCancelled() {
      synchronized (calls) {
        return !calls.isEmpty() && calls.stream().allMatch(CompletableFuture::isCancelled);
      }
    }
  }

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the order number: order #A-88213").build();
  }

  private static RoutingChatClient realTimeRouter(FailoverPolicy policy, ChatClient first, ChatClient second) {
    return RoutingChatClient.builder().tiers("local", "cloud").failover(policy)
        .backend(Backend.builder("local").client(first).tier("local").build())
        .backend(Backend.builder("cloud").client(second).tier("cloud").price(Price.perMillionTokens(2, 8)).build())
        .build();
  }

  /** A client with only a blocking {@code chat()}, which waits until interrupted (then counts down) or the test ends. */
  private ChatClient blockingUntilInterrupted(CountDownLatch interrupted) {
    return request -> {
      try {
        endOfTest.await();
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw new BackendException("local", FailureKind.CANCELLED, "interrupted");
      }
      throw new AssertionError("released only at the end of the test");
    };
  }

  /** Runs {@code call} off the test thread, so that a hang fails the test instead of blocking the build. */
  private static <T> T within(Duration bound, java.util.concurrent.Callable<T> call) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(call.call());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    t.setDaemon(true);
    t.start();
    try {
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  @Test
  void chatEndsAtTheDeadlineAndCancelsTheHungCall() throws Exception {
    Hung hung = new Hung();
    FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().timeout(t -> t.deadline(DEADLINE)).build(), hung,
        cloud);

    long t0 = System.nanoTime();
    Throwable e = within(GENEROUS, () -> catchThrowable(() -> router.chat(extraction())));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(e).isInstanceOfSatisfying(DeadlineExceededException.class, d -> {
      assertThat(d.deadline()).isEqualTo(DEADLINE);
      assertThat(d.attempts()).extracting(Attempt::backend, Attempt::failure)
          .containsExactly(Tuple.tuple("local", FailureKind.TIMEOUT));
      assertThat(d.attempts().get(0).error()).contains("time left before the request's deadline of PT0.3S");
      assertThat(d.partialText()).isEmpty();
    });
    assertThat(took).as("the router waited for the backend, up to the deadline").isGreaterThan(Duration.ofMillis(250));
    assertThat(hung.everyCallCancelled()).as("the hung call is cancelled, not left running").isTrue();
    assertThat(hung.received.get(0).routing().timeBudget()).as("the backend was told the time it had")
        .hasValueSatisfying(b -> assertThat(b).isPositive().isLessThanOrEqualTo(DEADLINE));
    assertThat(cloud.callCount()).as("no time was left for another backend").isZero();
  }

  @Test
  void onATestsManualClockTheRealWaitForAHungBackendStillEndsTheRequest() throws Exception {
    Hung first = new Hung();
    Hung second = new Hung();
    ManualClock manual = ManualClock.create();
    RoutingChatClient router = RoutingChatClient.builder().tiers("local", "cloud").clock(manual)
        .failover(FailoverPolicy.builder().timeout(t -> t.deadline(DEADLINE)).build())
        .backend(Backend.builder("local").client(first).tier("local").build())
        .backend(Backend.builder("cloud").client(second).tier("cloud").build())
        .build();

    Throwable e = within(GENEROUS, () -> catchThrowable(() -> router.chat(extraction())));

    assertThat(e).isInstanceOf(DeadlineExceededException.class);
    assertThat(first.everyCallCancelled()).isTrue();
    assertThat(second.calls).as("the clock did not move, but the deadline was waited out").isEmpty();
  }

  @Test
  void chatAsyncEndsAtTheDeadlineToo() throws Exception {
    Hung hung = new Hung();
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().timeout(t -> t.deadline(DEADLINE)).build(), hung,
        new Hung());

    CompletableFuture<ChatResponse> answer = router.chatAsync(extraction());
    Throwable e = catchThrowable(() -> answer.get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS));

    assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(DeadlineExceededException.class);
    assertThat(hung.everyCallCancelled()).isTrue();
  }

  @Test
  void cancellingChatAsyncCancelsTheCallInFlightAndLeavesHealthAlone() throws Exception {
    Hung hung = new Hung();
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().timeout(t -> t.deadline(Duration.ofMinutes(10)))
        .build(), hung, new Hung());

    CompletableFuture<ChatResponse> answer = router.chatAsync(extraction());
    within(GENEROUS, () -> {
      while (hung.calls.isEmpty()) {
        Thread.onSpinWait();
      }
      return null;
    });
    answer.cancel(true);

    within(GENEROUS, () -> {
      while (!hung.everyCallCancelled()) {
        Thread.onSpinWait();
      }
      return null;
    });
    assertThat(router.health().backend("local").orElseThrow().consecutiveFailures())
        .as("the caller's cancel is not the backend's failure").isZero();
  }

  @Test
  void anAttemptTimeoutCancelsTheHungCallAndFailsOverWithoutRetryingIt() throws Exception {
    Hung hung = new Hung();
    FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().retry(r -> r.maxRetries(2))
        .timeout(t -> t.attemptTimeout(DEADLINE)).build(), hung, cloud);

    ChatResponse r = within(GENEROUS, () -> router.chat(extraction()));

    assertThat(r.route().backend()).isEqualTo("cloud");
    assertThat(r.route().attempts()).extracting(Attempt::backend, Attempt::failure).containsExactly(
        Tuple.tuple("local", FailureKind.TIMEOUT), Tuple.tuple("cloud", null));
    assertThat(r.route().attempts().get(0).error()).contains("no answer within PT0.3S, the attempt timeout");
    assertThat(hung.calls).as("a backend that slow is not retried").hasSize(1);
    assertThat(hung.everyCallCancelled()).isTrue();
    assertThat(hung.received.get(0).routing().timeBudget()).hasValue(DEADLINE);
    assertThat(cloud.lastRequest().routing().timeBudget()).as("the next backend gets the attempt timeout again")
        .hasValue(DEADLINE);
  }

  @Test
  void aBackendThatKeepsToItsBudgetItselfIsTreatedLikeTheRoutersCut() throws Exception {
    AsyncOnly keepsToItsBudget = new AsyncOnly() { // gives up when its budget runs out, as router-okhttp does
      @Override
      CompletableFuture<ChatResponse> answer(ChatRequest request) {
        long budget = request.routing().timeBudget().orElseThrow().toNanos();
        CompletableFuture<ChatResponse> f = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(budget, TimeUnit.NANOSECONDS).execute(() -> f.completeExceptionally(
            new BackendException("local", FailureKind.TIMEOUT, "the call did not finish within its call timeout")));
        return f;
      }
    };
    FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder()
        .retry(r -> r.maxRetries(2).backoff(Duration.ofMillis(1), Duration.ofMillis(2)))
        .timeout(t -> t.attemptTimeout(DEADLINE)).build(), keepsToItsBudget, cloud);

    for (int i = 0; i < 3; i++) { // whichever notices first, the adapter or the router, it is the same event
      keepsToItsBudget.received.clear();
      ChatResponse r = within(GENEROUS, () -> router.chat(extraction()));
      assertThat(r.route().attempts()).extracting(Attempt::backend, Attempt::failure).containsExactly(
          Tuple.tuple("local", FailureKind.TIMEOUT), Tuple.tuple("cloud", null));
      assertThat(keepsToItsBudget.received).as("not retried").hasSize(1);
    }
  }

  @Test
  void aClientWithOnlyABlockingChatStillReturnsOnTimeAndIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().timeout(t -> t.deadline(DEADLINE)).build(),
        blockingUntilInterrupted(interrupted), new Hung());

    Throwable e = within(GENEROUS, () -> catchThrowable(() -> router.chat(extraction())));

    assertThat(e).isInstanceOf(DeadlineExceededException.class);
    assertThat(interrupted.await(GENEROUS.toMillis(), TimeUnit.MILLISECONDS))
        .as("the default chatAsync interrupts the thread running chat()").isTrue();
  }

  @Test
  void aStreamFromAClientWithOnlyABlockingChatNeitherHoldsTheCallerNorOutlivesTheDeadline() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().timeout(t -> t.deadline(DEADLINE)).build(),
        blockingUntilInterrupted(interrupted), new Hung());
    SeenListener listener = new SeenListener();

    StreamHandle h = within(GENEROUS, () -> router.stream(extraction(), listener)); // returns at once
    Throwable e = catchThrowable(() -> h.completion().get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS));

    assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(DeadlineExceededException.class);
    assertThat(listener.seen).containsExactly("<error DeadlineExceededException>");
    assertThat(interrupted.await(GENEROUS.toMillis(), TimeUnit.MILLISECONDS))
        .as("the default stream asks chatAsync, whose cancel interrupts chat()").isTrue();
  }

  @Test
  void aClientThatIgnoresInterruptsStillCannotHoldTheCaller() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    ChatClient stubborn = request -> {
      boolean released = false;
      while (!released) {
        try {
          released = endOfTest.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException ignored) {
          // a client that does not stop on interrupt
        }
      }
      finished.countDown();
      return ChatResponse.of("too late", Usage.of(1, 1));
    };
    RoutingChatClient router = realTimeRouter(FailoverPolicy.builder().timeout(t -> t.deadline(DEADLINE)).build(),
        stubborn,
        new Hung());

    Throwable e = within(GENEROUS, () -> catchThrowable(() -> router.chat(extraction())));

    assertThat(e).isInstanceOf(DeadlineExceededException.class);
    assertThat(finished.getCount()).as("its thread lingers until chat() returns; the caller did not wait").isOne();
  }

  @Test
  void aRequestThatArrivesWithATimeBudgetGetsTheShorterDeadline() {
    ManualClock clock = ManualClock.create();
    ManualScheduler time = new ManualScheduler(clock);
    FakeChatClient a = FakeChatClient.builder("a").latency(Duration.ofSeconds(6), clock).build();
    FakeChatClient b = FakeChatClient.replying("b", "from b");
    a.down(FailureKind.SERVER_ERROR);
    RoutingChatClient router = RoutingChatClient.builder().tiers("t").clock(clock).sleeper(time).scheduler(time)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("a").client(a).tier("t").price(Price.perMillionTokens(1, 1)).build())
        .backend(Backend.builder("b").client(b).tier("t").price(Price.perMillionTokens(2, 2)).build())
        .build();
    ChatRequest nested = extraction().toBuilder()
        .routing(RoutingMetadata.builder().timeBudget(Duration.ofSeconds(5)).build()).build();

    assertThatThrownBy(() -> router.chat(nested)).isInstanceOfSatisfying(DeadlineExceededException.class,
        e -> assertThat(e.deadline()).isEqualTo(Duration.ofSeconds(5)));
    assertThat(a.lastRequest().routing().timeBudget()).hasValue(Duration.ofSeconds(5));
    assertThat(b.callCount()).isZero();
  }

  @Test
  void theTimeBudgetIsNeverSentNorPartOfTheCacheKey() {
    ChatRequest plain = extraction().toBuilder().temperature(0).build();
    ChatRequest budgeted = plain.withRouting(plain.routing().withTimeBudget(Duration.ofSeconds(3)));

    assertThat(budgeted.toJson()).isEqualTo(plain.toJson()).doesNotContain("PT3S").doesNotContain("3000");
    assertThat(ResponseCache.key(budgeted, "cheap", "svc")).isEqualTo(ResponseCache.key(plain, "cheap", "svc"));
    assertThat(budgeted.routing().toString()).contains("timeBudget=PT3S");
    assertThat(budgeted.routing()).isNotEqualTo(plain.routing());
    assertThat(budgeted.routing().withTimeBudget(null)).isEqualTo(plain.routing());
    assertThatThrownBy(() -> RoutingMetadata.builder().timeBudget(Duration.ZERO))
        .hasMessageContaining("timeBudget must be positive: PT0S");
    assertThatThrownBy(() -> plain.routing().withTimeBudget(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFakeAnswersChatAsyncOnTheCallersThread() {
    FakeChatClient fake = FakeChatClient.replying("f", "hi");
    assertThat(fake.chatAsync(extraction())).isCompletedWithValueMatching(r -> r.content().equals("hi"));
    fake.failNext(1, FailureKind.SERVER_ERROR);
    assertThat(fake.chatAsync(extraction())).isCompletedExceptionally();
  }

  /** Streams on manual time: the deadline timer runs on the policy's scheduler. */
  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler time = new ManualScheduler(clock);
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");
  private final SeenListener caller = new SeenListener();
  private final List<String> seen = caller.seen;

  /** What a stream on manual time failed with; it must have ended already (a missing timer fails, never hangs). */
  private static Throwable failureOf(StreamHandle h) {
    assertThat(h.completion()).as("ended when its time came").isCompletedExceptionally();
    return catchThrowable(() -> h.completion().join()).getCause();
  }

  private RoutingChatClient manualRouter(FailoverPolicy.Builder policy) {
    return RoutingChatClient.builder().tiers("local", "cloud").clock(clock).sleeper(time).scheduler(time)
        .failover(policy.build())
        .budgets(BudgetPolicy.unlimited())
        .backend(Backend.builder("local").client(local).tier("local").price(Price.perMillionTokens(1, 4)).build())
        .backend(Backend.builder("cloud").client(cloud).tier("cloud").price(Price.perMillionTokens(2, 8)).build())
        .build();
  }

  @Test
  void aStreamThatStallsMidAnswerEndsAtTheDeadlineWithItsPartialText() {
    RoutingChatClient router = manualRouter(FailoverPolicy.builder()
        .timeout(t -> t.deadline(Duration.ofSeconds(20))));
    local.enqueueStall("Hel");
    ChatRequest request = extraction().toBuilder().service("s").build();

    StreamHandle h = router.stream(request, caller);
    time.advance(Duration.ofSeconds(19));
    assertThat(h.completion()).as("a slow answer is not cut before the deadline").isNotDone();
    time.advance(Duration.ofSeconds(1));

    assertThat(failureOf(h)).isInstanceOfSatisfying(DeadlineExceededException.class, d -> {
      assertThat(d.partialText()).hasValue("Hel");
      assertThat(d.getMessage()).startsWith("the request's deadline of PT20S passed while backend 'local' was "
          + "streaming its answer (3 characters had reached the caller); tried local: TIMEOUT");
      assertThat(d.getCause()).isInstanceOfSatisfying(StreamInterruptedException.class,
          s -> assertThat(s.backend()).isEqualTo("local"));
      assertThat(d.attempts()).extracting(Attempt::backend, Attempt::failure)
          .containsExactly(Tuple.tuple("local", FailureKind.TIMEOUT));
      assertThat(d.attempts().get(0).error()).contains("cut at the request's deadline of PT20S, mid-answer");
    });
    assertThat(seen).containsExactly("Hel", "<error DeadlineExceededException>");
    assertThat(local.streamCancellations()).as("the stalled stream is cancelled").isEqualTo(1);
    assertThat(local.lastRequest().routing().timeBudget()).hasValue(Duration.ofSeconds(20));
    assertThat(cloud.callCount()).as("never spliced").isZero();
    assertThat(router.spentToday("s")).as("what was generated is charged, as for any broken stream").isPositive();
    assertThat(time.pending()).as("no timer left behind").isZero();
  }

  @Test
  void aStreamWithNoFirstTokenByTheDeadlineEndsThere() {
    RoutingChatClient router = manualRouter(FailoverPolicy.builder()
        .timeout(t -> t.deadline(Duration.ofSeconds(5)).firstTokenTimeout(Duration.ofSeconds(30))));
    local.enqueueStall();

    StreamHandle h = router.stream(extraction(), caller);
    time.advance(Duration.ofSeconds(5));

    assertThat(failureOf(h)).isInstanceOfSatisfying(DeadlineExceededException.class, d -> {
      assertThat(d.partialText()).isEmpty();
      assertThat(d.attempts()).extracting(Attempt::failure).containsExactly(FailureKind.TIMEOUT);
    });
    assertThat(seen).containsExactly("<error DeadlineExceededException>");
    assertThat(local.streamCancellations()).isEqualTo(1);
    assertThat(cloud.callCount()).as("no time left to fail over").isZero();
    assertThat(time.pending()).isZero();
  }

  @Test
  void anAttemptTimeoutShorterThanTheFirstTokenTimeoutBoundsAStreamsFirstToken() {
    RoutingChatClient router = manualRouter(FailoverPolicy.builder()
        .timeout(t -> t.attemptTimeout(Duration.ofSeconds(2)).firstTokenTimeout(Duration.ofSeconds(30))));
    local.enqueueStall();

    StreamHandle h = router.stream(extraction(), caller);
    time.advance(Duration.ofSeconds(2));

    assertThat(h.completion()).isDone();
    ChatResponse r = h.completion().join();
    assertThat(r.route().attempts()).extracting(Attempt::backend, Attempt::failure).containsExactly(
        Tuple.tuple("local", FailureKind.TIMEOUT), Tuple.tuple("cloud", null));
    assertThat(r.route().attempts().get(0).error()).contains("no first token within PT2S");
    assertThat(seen).containsExactly("from cloud", "<complete cloud>");
    assertThat(time.pending()).isZero();
  }

  @Test
  void aStreamThatEndsInTimeLeavesNoDeadlineTimerBehind() {
    RoutingChatClient router = manualRouter(FailoverPolicy.builder());
    StreamHandle h = router.stream(extraction(), caller);
    assertThat(h.completion()).isDone();
    assertThat(h.completion().join().content()).isEqualTo("from local");
    assertThat(time.pending()).isZero();
    time.advance(Duration.ofMinutes(2));
    assertThat(seen).containsExactly("from local", "<complete local>");
  }
}
