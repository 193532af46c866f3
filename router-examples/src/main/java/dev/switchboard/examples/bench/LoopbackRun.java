package dev.switchboard.examples.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.okhttp.OpenAiCompatibleBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback end-to-end run: a local OpenAI-compatible server replaying recorded replies (a
 * chat completion and an SSE stream with a usage chunk, from {@code fixtures/}), called over HTTP
 * through router-okhttp — once straight through the backend's {@link ChatClient}, once through a
 * {@link RoutingChatClient} in front of it. The difference is what routing costs on a real wire.
 *
 * <p>{@code java ... LoopbackRun [requests per mode] [client threads]}; the fixtures folder comes
 * from {@code -Dswitchboard.fixtures} (default {@code fixtures}).
 */
public final class LoopbackRun implements AutoCloseable {
  /** What one mode did: answers checked against the fixture, throughput and latency. */
  public record Result(String mode, int requests, int answered, int correct, double seconds, long p50Nanos,
      long p99Nanos) {
    public double perSecond() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-15s %8d %8d %8d %10.0f %10.1f %10.1f", mode, requests, answered, correct,
          perSecond(), p50Nanos / 1000.0, p99Nanos / 1000.0);
    }
  }

  /** The four ways of calling. */
  public enum Mode {
    DIRECT("direct"), ROUTED("routed"), DIRECT_STREAM("direct-stream"), ROUTED_STREAM("routed-stream");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  static final String PLAIN_FIXTURE = "openai/chat_completion_default.response.json";
  static final String STREAM_FIXTURE = "llamacpp_recorded/chat_stream_include_usage.sse.txt";
  /** The answers the fixtures hold, to check every reply. */
  static final String PLAIN_CONTENT = "Hello! How can I assist you today?";
  static final String STREAM_CONTENT = "esters på Viertexttt";

  private final HttpServer server;
  private final ExecutorService serverThreads;
  private final OpenAiCompatibleBackend backend;
  private final RoutingChatClient router;
  private final ChatRequest request = ChatRequest.builder()
      .user("Extract the order number and amount: order #A-88213, EUR 389, shipped to Lisbon on 3 May.")
      .service("loopback").build();

  private LoopbackRun(HttpServer server, ExecutorService serverThreads) {
    this.server = server;
    this.serverThreads = serverThreads;
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    this.backend = OpenAiCompatibleBackend.builder("vllm").baseUrl(base).build();
    this.router = RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(Backend.builder("vllm").client(backend).model("qwen2.5-7b").tier("local").build())
        .backend(Backend.builder("cloud").client(backend).model("gpt-4.1").tier("cloud").build())
        .build();
  }

  /** Starts the server on an ephemeral loopback port. */
  public static LoopbackRun start(Path fixtures) {
    byte[] plain = read(fixtures.resolve(PLAIN_FIXTURE));
    byte[] stream = read(fixtures.resolve(STREAM_FIXTURE));
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and
    // delayed ACKs add ~40 ms to every reply on loopback. Read once, when the server classes load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      server.setExecutor(threads);
      server.createContext("/v1/chat/completions", exchange -> reply(exchange, plain, stream));
      server.start();
      return new LoopbackRun(server, threads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the loopback server", e);
    }
  }

  private static void reply(HttpExchange exchange, byte[] plain, byte[] stream) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean streaming = body.contains("\"stream\":true");
    exchange.getResponseHeaders().set("Content-Type", streaming ? "text/event-stream" : "application/json");
    byte[] out = streaming ? stream : plain;
    exchange.sendResponseHeaders(200, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file + " (set -Dswitchboard.fixtures)", e);
    }
  }

  /** {@code requests} calls in {@code mode}, spread over {@code threads} client threads. */
  public Result run(Mode mode, int requests, int threads) {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger correct = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            ChatResponse r = call(mode);
            latencies[i] = System.nanoTime() - t0;
            answered.incrementAndGet();
            if (matchesFixture(mode, r)) {
              correct.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "loopback-client-" + t);
      thread.start();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = Arrays.copyOf(latencies, answered.get());
    Arrays.sort(sorted);
    return new Result(mode.label, requests, answered.get(), correct.get(), seconds, percentile(sorted, 0.50),
        percentile(sorted, 0.99));
  }

  private ChatResponse call(Mode mode) {
    return switch (mode) {
      case DIRECT -> backend.chat(request.toBuilder().model("qwen2.5-7b").build());
      case ROUTED -> router.chat(request);
      case DIRECT_STREAM -> backend.stream(request.toBuilder().model("qwen2.5-7b").stream(true).build(),
          StreamListener.onText(t -> {})).completion().join();
      case ROUTED_STREAM -> router.stream(request.toBuilder().stream(true).build(), StreamListener.onText(t -> {}))
          .completion().join();
    };
  }

  static boolean matchesFixture(Mode mode, ChatResponse r) {
    boolean stream = mode == Mode.DIRECT_STREAM || mode == Mode.ROUTED_STREAM;
    Usage u = r.usage().orElse(null);
    return u != null && u.promptTokens() == 19 && (stream
        ? r.content().equals(STREAM_CONTENT) && u.completionTokens() == 4
        : r.content().equals(PLAIN_CONTENT) && u.completionTokens() == 10);
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  @Override
  public void close() {
    router.close();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  public static void main(String[] args) {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path fixtures = Path.of(System.getProperty("switchboard.fixtures", "fixtures"));
    try (LoopbackRun run = LoopbackRun.start(fixtures)) {
      for (Mode m : Mode.values()) {
        run.run(m, Math.max(1, requests / 4), threads); // warm-up: JIT, connection pool
      }
      System.out.printf(Locale.ROOT, "%nLoopback end-to-end: %d requests per mode, %d client threads, %d cores%n",
          requests, threads, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%-15s %8s %8s %8s %10s %10s %10s%n", "mode", "requests", "answered", "correct",
          "req/s", "p50 us", "p99 us");
      for (Mode m : Mode.values()) {
        System.out.println(run.run(m, requests, threads));
      }
    }
  }
}
