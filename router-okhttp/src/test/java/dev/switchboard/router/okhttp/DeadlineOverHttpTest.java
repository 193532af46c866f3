package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.DeadlineExceededException;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.StreamHandle;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The deadline bounds a real HTTP call whatever OkHttp's own timeouts (all left at their
 * defaults here: a 5-minute call timeout): the router cancels the call, and the server sees the
 * connection close. Real time, so the bounds are the issue's: the deadline plus 200 ms.
 */
class DeadlineOverHttpTest {
  private static final String ROLE_CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":"
      + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n";
  private static final String TEXT_CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":"
      + "[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @StartStop
  final MockWebServer hungServer = new MockWebServer();
  @StartStop
  final MockWebServer healthyServer = new MockWebServer();
  final HangUp hangUp = new HangUp();

  /** The server's side of a connection: when the client hung up (nanoTime), once it has. */
  static final class HangUp {
    final CountDownLatch seen = new CountDownLatch(1);
    final AtomicLong at = new AtomicLong();

    boolean await() throws InterruptedException {
      return seen.await(5, TimeUnit.SECONDS);
    }

    Duration after(long startNanos) {
      return Duration.ofNanos(at.get() - startNanos);
    }
  }

  /**
   * A reply that never comes: after reading the request the server sends {@code bodyFirst} (with
   * event-stream headers) or nothing at all, then reads the socket until the client closes it.
   */
  private static MockResponse stalling(String bodyFirst, HangUp hangUp) {
    return new MockResponse.Builder()
        .removeHeader("Content-Length") // a body of unknown length: the client reads until we stop
        .addHeader("Content-Type", "text/event-stream")
        .socketHandler(socket -> {
          try {
            if (bodyFirst != null) {
              BufferedSink out = Okio.buffer(socket.getSink()); // after the headers the server buffered
              out.writeUtf8(bodyFirst);
              out.flush();
            }
            BufferedSource in = Okio.buffer(socket.getSource());
            while (in.read(new Buffer(), 8192) != -1) {
              // the client sends nothing more; -1 is its hang-up
            }
          } catch (IOException e) {
            // a reset is a hang-up too
          }
          hangUp.at.set(System.nanoTime());
          hangUp.seen.countDown();
        }).build();
  }

  private OpenAiCompatibleBackend backend(MockWebServer server, String name) {
    return OpenAiCompatibleBackend.builder(name).baseUrl(server.url("/v1").toString()).noApiKey().build(); // default timeouts
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().model("m").user("Say hello").build();
  }

  /**
   * One backend behind a router with a 1 s deadline and nothing else set, answered once to warm
   * the JVM up; its next reply is {@link #stalling} (with {@code bodyFirst}), reporting to {@link #hangUp}.
   */
  private RoutingChatClient routerOverAServerThatStalls(String bodyFirst) {
    RoutingChatClient router = RoutingChatClient.builder().tiers("local")
        .failover(FailoverPolicy.builder().timeout(t -> t.deadline(ONE_SECOND)).build())
        .backend(Backend.builder("local").client(backend(hungServer, "local")).tier("local").build())
        .build();
    hungServer.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    assertThat(router.chat(hello()).route().backend()).isEqualTo("local");
    hungServer.enqueue(stalling(bodyFirst, hangUp));
    return router;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Test
  void chatAgainstAServerThatNeverAnswersEndsAtTheDeadlineAndTheConnectionCloses() throws Exception {
    RoutingChatClient router = routerOverAServerThatStalls(null);

    long start = System.nanoTime();
    Throwable e = catchThrowable(() -> router.chat(hello()));
    Duration took = since(start);
    System.out.printf("deadline over http: chat() gave up after %d ms%n", took.toMillis());

    assertThat(e).isInstanceOfSatisfying(DeadlineExceededException.class, d -> {
      assertThat(d.deadline()).isEqualTo(ONE_SECOND);
      assertThat(d.attempts()).extracting(Attempt::backend, Attempt::failure)
          .containsExactly(Tuple.tuple("local", FailureKind.TIMEOUT));
    });
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(1200));
    assertThat(hangUp.await()).as("the server saw the connection close: the call was cancelled").isTrue();
    assertThat(hangUp.after(start)).isLessThan(Duration.ofMillis(1500));
    hungServer.takeRequest(); // the warm-up
    RecordedRequest sent = hungServer.takeRequest();
    assertThat(sent.getBody().utf8()).as("the time budget never goes on the wire")
        .doesNotContain("udget").doesNotContain("PT0").doesNotContain("routing");
  }

  @Test
  void chatAsyncEndsAtTheDeadlineTooAndTheConnectionCloses() throws Exception {
    RoutingChatClient router = routerOverAServerThatStalls(null);

    long start = System.nanoTime();
    CompletableFuture<ChatResponse> answer = router.chatAsync(hello());
    Throwable e = catchThrowable(() -> answer.get(5, TimeUnit.SECONDS));
    Duration took = since(start);
    System.out.printf("deadline over http: chatAsync() failed after %d ms%n", took.toMillis());

    assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(DeadlineExceededException.class);
    assertThat(took).isLessThan(Duration.ofMillis(1200));
    assertThat(hangUp.await()).isTrue();
  }

  @Test
  void aStreamThatStallsAfterItsFirstChunkEndsAtTheDeadlineWithItsPartialText() throws Exception {
    RoutingChatClient router = routerOverAServerThatStalls(ROLE_CHUNK + TEXT_CHUNK);
    Replay.Recorder listener = new Replay.Recorder();

    long start = System.nanoTime();
    StreamHandle h = router.stream(hello(), listener);
    Throwable e = Replay.awaitFailure(h.completion());
    Duration took = since(start);
    System.out.printf("deadline over http: a stalled stream ended after %d ms%n", took.toMillis());

    assertThat(e).isInstanceOfSatisfying(DeadlineExceededException.class, d -> {
      assertThat(d.partialText()).hasValue("Hel");
      assertThat(d.attempts()).extracting(Attempt::failure).containsExactly(FailureKind.TIMEOUT);
    });
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(1200));
    assertThat(listener.text()).isEqualTo("Hel");
    assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.ends).containsExactly(e);
    assertThat(hangUp.await()).as("the server saw the connection close").isTrue();
    assertThat(hangUp.after(start)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void anAttemptTimeoutMovesFromAHungBackendToAHealthyOne() throws Exception {
    RoutingChatClient router = RoutingChatClient.builder().tiers("local", "cloud")
        .failover(FailoverPolicy.builder().timeout(t -> t.attemptTimeout(ONE_SECOND)).build()) // the deadline stays 60 s
        .backend(Backend.builder("local").client(backend(hungServer, "local")).tier("local").build())
        .backend(Backend.builder("cloud").client(backend(healthyServer, "cloud")).tier("cloud")
            .price(Price.perMillionTokens(2, 8)).build())
        .build();
    healthyServer.enqueue(Replay.json("openai/chat_completion_default.response.json")); // warm-up, from cloud
    router.chat(hello().toBuilder().tierHint("cloud").build());
    hungServer.enqueue(stalling(null, hangUp));
    healthyServer.enqueue(Replay.json("openai/chat_completion_default.response.json"));

    long start = System.nanoTime();
    ChatResponse r = router.chat(hello().toBuilder().tierHint("local").build());
    Duration took = since(start);
    System.out.printf("deadline over http: answered by the second backend after %d ms%n", took.toMillis());

    assertThat(r.route().backend()).isEqualTo("cloud");
    assertThat(r.route().attempts()).extracting(Attempt::backend, Attempt::failure).containsExactly(
        Tuple.tuple("local", FailureKind.TIMEOUT), Tuple.tuple("cloud", null));
    assertThat(took).isLessThan(Duration.ofMillis(1500));
    assertThat(hungServer.getRequestCount()).as("the hung backend is not retried").isEqualTo(1);
    assertThat(hangUp.await()).as("the hung call was cancelled").isTrue();
  }

  @Test
  void theAdapterAloneHonoursATimeBudgetButNeverPastItsOwnCallTimeout() throws Exception {
    HangUp first = new HangUp();
    HangUp second = new HangUp();
    hungServer.enqueue(stalling(null, first));
    hungServer.enqueue(stalling(null, second));
    OpenAiCompatibleBackend b = OpenAiCompatibleBackend.builder("local").baseUrl(hungServer.url("/v1").toString())
        .noApiKey().callTimeout(Duration.ofMillis(400)).build();

    long start = System.nanoTime();
    Throwable shortBudget = catchThrowable(() -> b.chat(hello().withRouting(
        RoutingMetadata.NONE.withTimeBudget(Duration.ofMillis(200)))));
    Duration tookShort = since(start);
    start = System.nanoTime();
    Throwable longBudget = catchThrowable(() -> b.chat(hello().withRouting(
        RoutingMetadata.NONE.withTimeBudget(Duration.ofMinutes(1)))));
    Duration tookLong = since(start);

    assertThat(shortBudget).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
    assertThat(longBudget).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
    assertThat(tookShort).as("the budget is the call's timeout").isLessThan(Duration.ofMillis(380));
    assertThat(tookLong).as("the call timeout still bounds a longer budget").isLessThan(Duration.ofSeconds(5));
    assertThat(first.await()).isTrue();
    assertThat(second.await()).isTrue();
  }
}
