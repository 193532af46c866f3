package dev.switchboard.router.testing;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.spi.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted backend for tests: no network, fully deterministic. Answers with scripted replies,
 * fails when told to, takes time on a {@link ManualClock} (or really sleeps, when asked), reports
 * the usage you give it, and records every request it received. Thread-safe.
 *
 * <pre>{@code
 * FakeChatClient local = FakeChatClient.replying("local", "42");
 * local.failNext(2, FailureKind.SERVER_ERROR);   // the next two calls fail with a 5xx
 * ...
 * assertThat(local.requests()).hasSize(3);
 * }</pre>
 */
public final class FakeChatClient implements ChatClient {
  private final String name;
  private final Function<ChatRequest, ChatResponse> responder;
  private final ManualClock clock;
  private final Duration latency;
  private final boolean sleep;
  private final double failureRate;
  private final FailureKind randomFailure;
  private final Random random;

  private final Deque<Object> script = new ArrayDeque<>(); // ChatResponse or BackendException, guarded by this
  private final List<ChatRequest> requests = new ArrayList<>(); // guarded by this
  private final Deque<StreamStep> streamScript = new ArrayDeque<>(); // guarded by this
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger streamCancels = new AtomicInteger();
  private volatile FailureKind down;

  private FakeChatClient(Builder b) {
    this.name = b.name;
    this.responder = b.responder;
    this.clock = b.clock;
    this.latency = b.latency;
    this.sleep = b.sleep;
    this.failureRate = b.failureRate;
    this.randomFailure = b.randomFailure;
    this.random = b.random;
  }

  /** A fake that answers every request with {@code text} and a usage of 10 prompt, 5 completion tokens. */
  public static FakeChatClient replying(String name, String text) {
    return builder(name).reply(text).build();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    calls.incrementAndGet();
    Object next;
    synchronized (this) {
      requests.add(request);
      next = script.pollFirst();
    }
    if (latency.compareTo(Duration.ZERO) > 0) {
      if (clock != null) {
        clock.advance(latency);
      }
      if (sleep) {
        try {
          Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BackendException(name, FailureKind.CANCELLED, "interrupted while answering");
        }
      }
    }
    if (next instanceof BackendException e) {
      throw e;
    }
    if (next instanceof ChatResponse r) {
      return r;
    }
    FailureKind d = down;
    if (d != null) {
      throw failure(d);
    }
    if (failureRate > 0) {
      boolean fail;
      synchronized (random) {
        fail = random.nextDouble() < failureRate;
      }
      if (fail) {
        throw failure(randomFailure);
      }
    }
    return responder.apply(request);
  }

  /**
   * Answers on the caller's thread and returns a completed future: no thread hop, so the router
   * costs no more than with {@link #chat}. A fake built {@link Builder#sleeping sleeping} really
   * takes its time on another thread instead, and cancelling the future interrupts its sleep.
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    if (sleep) {
      return ChatClient.super.chatAsync(request);
    }
    try {
      return CompletableFuture.completedFuture(chat(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Streams like any client (the whole answer as chunks, from {@link #chatAsync}) unless a stream step
   * was scripted with {@link #enqueueStall} or {@link #enqueueStreamFailure}: then the next stream
   * plays that step instead.
   */
  @Override
  public StreamHandle stream(ChatRequest request, StreamListener listener) {
    StreamStep step;
    synchronized (this) {
      step = streamScript.pollFirst();
      if (step != null) {
        requests.add(request);
      }
    }
    if (step == null) {
      return ChatClient.super.stream(request, listener);
    }
    calls.incrementAndGet();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    for (String text : step.texts) {
      listener.onChunk(ChatChunk.ofContent("fake-" + name, request.model().orElse(name), text));
    }
    if (step.error != null) {
      listener.onError(step.error);
      done.completeExceptionally(step.error);
      return Streams.handle(done, () -> {});
    }
    return Streams.handle(done, () -> {
      if (!done.isDone()) {
        streamCancels.incrementAndGet();
        BackendException cancelled = Streams.cancelled(name);
        if (done.completeExceptionally(cancelled)) {
          listener.onError(cancelled);
        }
      }
    });
  }

  /**
   * The next stream sends {@code textsFirst} as content chunks (none: nothing at all) and then
   * stalls: no more chunks and no end until it is cancelled ({@link #streamCancellations()}).
   */
  public FakeChatClient enqueueStall(String... textsFirst) {
    synchronized (this) {
      streamScript.addLast(new StreamStep(List.of(textsFirst), null));
    }
    return this;
  }

  /** The next stream sends {@code textsFirst} as content chunks, then fails with {@code kind}. */
  public FakeChatClient enqueueStreamFailure(FailureKind kind, String... textsFirst) {
    synchronized (this) {
      streamScript.addLast(new StreamStep(List.of(textsFirst), failure(kind)));
    }
    return this;
  }

  /** How many scripted streams were cancelled by their caller (a router abandoning a stall). */
  public int streamCancellations() {
    return streamCancels.get();
  }

  private record StreamStep(List<String> texts, BackendException error) {}

  /** The next {@code times} calls fail with {@code kind}, then normal service resumes. */
  public FakeChatClient failNext(int times, FailureKind kind) {
    synchronized (this) {
      for (int i = 0; i < times; i++) {
        script.addLast(failure(kind));
      }
    }
    return this;
  }

  /** The next call throws {@code error}. */
  public FakeChatClient enqueueFailure(BackendException error) {
    synchronized (this) {
      script.addLast(Objects.requireNonNull(error, "error"));
    }
    return this;
  }

  /** The next call answers {@code response}. */
  public FakeChatClient enqueue(ChatResponse response) {
    synchronized (this) {
      script.addLast(Objects.requireNonNull(response, "response"));
    }
    return this;
  }

  /** Every call fails with {@code kind} until {@link #up()}. Scripted answers still come first. */
  public FakeChatClient down(FailureKind kind) {
    this.down = Objects.requireNonNull(kind, "kind");
    return this;
  }

  public FakeChatClient up() {
    this.down = null;
    return this;
  }

  /** The requests received, in order (bodies as the backend would see them). */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("fake backend '" + name + "' has received no request");
    }
    return requests.get(requests.size() - 1);
  }

  public int callCount() {
    return calls.get();
  }

  public String name() {
    return name;
  }

  private BackendException failure(FailureKind kind) {
    int status = switch (kind) {
      case RATE_LIMITED -> 429;
      case SERVER_ERROR -> 503;
      case BAD_REQUEST -> 400;
      case UNAUTHORIZED -> 401;
      case NOT_FOUND -> 404;
      default -> -1;
    };
    return new BackendException(name, kind, status, null, null, "scripted failure", null);
  }

  @Override
  public String toString() {
    return "FakeChatClient[" + name + "]";
  }

  /** Builds a {@link FakeChatClient}. */
  public static final class Builder {
    private final String name;
    private Function<ChatRequest, ChatResponse> responder;
    private ManualClock clock;
    private Duration latency = Duration.ZERO;
    private boolean sleep;
    private double failureRate;
    private FailureKind randomFailure = FailureKind.SERVER_ERROR;
    private Random random = new Random(42);
    private Usage usage = Usage.of(10, 5);

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      reply("ok");
    }

    /** Answers every request with this text. */
    public Builder reply(String text) {
      Objects.requireNonNull(text, "text");
      this.responder = r -> ChatResponse.builder()
          .id("fake-" + name)
          .model(r.model().orElse(name))
          .choice(dev.switchboard.router.chat.Choice.of(0, dev.switchboard.router.chat.ChatMessage.assistant(text), "stop"))
          .usage(usage)
          .build();
      return this;
    }

    /** Answers each request with the text this function gives. */
    public Builder replyWith(Function<ChatRequest, String> text) {
      Objects.requireNonNull(text, "text");
      this.responder = r -> ChatResponse.builder()
          .id("fake-" + name)
          .model(r.model().orElse(name))
          .choice(dev.switchboard.router.chat.Choice.of(0, dev.switchboard.router.chat.ChatMessage.assistant(text.apply(r)), "stop"))
          .usage(usage)
          .build();
      return this;
    }

    /** Answers each request with the response this function gives (null usage: none reported). */
    public Builder respond(Function<ChatRequest, ChatResponse> responder) {
      this.responder = Objects.requireNonNull(responder, "responder");
      return this;
    }

    /** The usage reported with {@link #reply}/{@link #replyWith} answers; null reports none. */
    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** Each call takes {@code latency} on {@code clock}: the clock is advanced, nobody sleeps. */
    public Builder latency(Duration latency, ManualClock clock) {
      this.latency = Objects.requireNonNull(latency, "latency");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Each call really sleeps for {@code latency} (for concurrency tests). */
    public Builder sleeping(Duration latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      this.sleep = true;
      return this;
    }

    /** Fails this share of calls at random (seeded, so runs repeat) with {@code kind}. */
    public Builder failureRate(double rate, FailureKind kind, long seed) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("failure rate must be within [0, 1]: " + rate);
      }
      this.failureRate = rate;
      this.randomFailure = Objects.requireNonNull(kind, "kind");
      this.random = new Random(seed);
      return this;
    }

    public FakeChatClient build() {
      return new FakeChatClient(this);
    }
  }
}
