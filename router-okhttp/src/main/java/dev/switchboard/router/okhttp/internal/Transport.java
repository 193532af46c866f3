package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.spi.StreamAssembler;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.okhttp.StreamDecoder;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.spi.Streams;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.AsyncTimeout;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The HTTP side shared by every backend adapter: auth, headers, timeouts, one call or one stream,
 * and the mapping of every failure to a {@link BackendException}. Immutable and thread-safe.
 *
 * <p>Each method takes the router's time budget for the call
 * ({@link dev.switchboard.router.chat.RoutingMetadata#timeBudget()}): when it is shorter than the
 * configured call timeout it becomes this call's timeout, so a call the router has given up on
 * is cut on the wire too.
 */
public final class Transport {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ByteString UTF8_BOM = ByteString.decodeHex("efbbbf");

  private final String backend;
  private final OkHttpClient callClient;
  private final OkHttpClient streamClient;
  private final Supplier<String> apiKey; // null: the server takes no key
  private final String keySource;
  private final BiFunction<Request, String, Request> authenticate;
  private final BiFunction<String, String, String> providerMessage;
  private final Map<String, String> headers;
  private final Duration callTimeout;
  private final Duration firstTokenTimeout;
  private final long maxResponseBytes;

  /**
   * @param authenticate adds the key to a request, given the request and the key
   * @param providerMessage reads the provider's message from an error body, given the body and its content type
   * @param maxResponseBytes the most a reply may take: bytes of a body or of one stream event,
   *     characters of a streamed answer
   */
  public Transport(String backend, OkHttpClient base, Duration connectTimeout, Duration callTimeout,
      Duration firstTokenTimeout, Duration idleTimeout, Supplier<String> apiKey, String keySource,
      BiFunction<Request, String, Request> authenticate, BiFunction<String, String, String> providerMessage,
      Map<String, String> headers, long maxResponseBytes) {
    this.backend = backend;
    // Variants of one client share its connection pool and dispatcher, as OkHttp recommends.
    this.callClient = base.newBuilder()
        .connectTimeout(connectTimeout)
        .readTimeout(Duration.ZERO) // a long generation is bounded by the call timeout, not per read
        .callTimeout(callTimeout)
        .build();
    this.streamClient = base.newBuilder()
        .connectTimeout(connectTimeout)
        .readTimeout(idleTimeout)
        .callTimeout(callTimeout)
        .build();
    this.apiKey = apiKey;
    this.keySource = keySource;
    this.authenticate = authenticate;
    this.providerMessage = providerMessage;
    this.headers = Map.copyOf(headers);
    this.callTimeout = callTimeout;
    this.firstTokenTimeout = firstTokenTimeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  public String backend() {
    return backend;
  }

  /** Where the key comes from, in words ("environment variable OPENAI_API_KEY"); never the key. */
  public String keySource() {
    return keySource;
  }

  /** A POST of {@code body} to {@code url} with auth and the configured headers. */
  private Request post(HttpUrl url, ObjectNode body, boolean stream) {
    Request.Builder b = new Request.Builder().url(url)
        .post(RequestBody.create(Json.write(body), JSON))
        .header("Accept", stream ? "text/event-stream" : "application/json");
    headers.forEach(b::header);
    return apiKey == null ? b.build() : authenticate.apply(b.build(), key());
  }

  /** A call of {@code request} whose timeout is the budget when that is shorter than the call timeout. */
  private Call newCall(OkHttpClient client, Request request, Optional<Duration> budget) {
    Call call = client.newCall(request);
    budget.filter(b -> b.compareTo(callTimeout) < 0)
        .ifPresent(b -> call.timeout().timeout(b.toNanos(), TimeUnit.NANOSECONDS));
    return call;
  }

  private String key() {
    String key;
    try {
      key = apiKey.get();
    } catch (RuntimeException e) {
      throw new BackendException(backend, FailureKind.UNAUTHORIZED, "the API key supplier failed ("
          + keySource + "): " + e.getClass().getSimpleName(), null);
    }
    if (key == null || key.isBlank()) {
      throw new BackendException(backend, FailureKind.UNAUTHORIZED, "no API key: " + keySource
          + " is not set or empty");
    }
    return key.trim();
  }

  private String currentKey() {
    if (apiKey == null) {
      return null;
    }
    try {
      return apiKey.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** One blocking call; the body parsed as a JSON object and handed to {@code read}. */
  public <T> T call(HttpUrl url, ObjectNode body, Optional<Duration> budget, Function<ObjectNode, T> read) {
    Request request = post(url, body, false);
    try (Response response = newCall(callClient, request, budget).execute()) {
      return read(response, read);
    } catch (IOException e) {
      throw Errors.fromIo(backend, e, "while waiting for the answer");
    }
  }

  /** One call on OkHttp's dispatcher; the caller's thread is not blocked. Cancelling the future cancels the call. */
  public <T> CompletableFuture<T> callAsync(HttpUrl url, ObjectNode body, Optional<Duration> budget,
      Function<ObjectNode, T> read) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Request request;
    try {
      request = post(url, body, false);
    } catch (BackendException e) {
      return CompletableFuture.failedFuture(e);
    }
    Call call = newCall(callClient, request, budget);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        future.completeExceptionally(c.isCanceled() ? Streams.cancelled(backend)
            : Errors.fromIo(backend, e, "while waiting for the answer"));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          future.complete(read(response, read));
        } catch (IOException e) {
          future.completeExceptionally(Errors.fromIo(backend, e, "while reading the answer"));
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      }
    });
    future.whenComplete((r, e) -> {
      if (future.isCancelled()) {
        call.cancel();
      }
    });
    return future;
  }

  private <T> T read(Response response, Function<ObjectNode, T> read) throws IOException {
    if (!response.isSuccessful()) {
      throw Errors.fromStatus(backend, response, currentKey(), keySource, providerMessage);
    }
    String type = contentType(response);
    String text = bodyText(response);
    if (!type.isEmpty() && !type.contains("json")) {
      throw Errors.malformed(backend, "expected a JSON answer but the server sent " + type + ": "
          + Errors.redact(Errors.preview(text), currentKey()), null);
    }
    return read.apply(parse(text));
  }

  /**
   * The whole body as text, refused while it arrives once it passes {@code maxResponseBytes}: a
   * declared length over the bound is refused before a byte is read, and never more than the bound
   * plus one byte is held.
   */
  private String bodyText(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body.contentLength() > maxResponseBytes) {
      throw new ReplyTooLargeException("the answer (Content-Length " + body.contentLength() + ")", maxResponseBytes,
          "bytes");
    }
    BufferedSource source = body.source();
    // Long.MAX_VALUE means no bound: asking for one byte more would overflow.
    if (source.request(maxResponseBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxResponseBytes + 1)
        && maxResponseBytes != Long.MAX_VALUE) {
      throw new ReplyTooLargeException("the answer", maxResponseBytes, "bytes");
    }
    if (source.rangeEquals(0, UTF8_BOM)) {
      source.skip(UTF8_BOM.size());
    }
    MediaType type = body.contentType();
    Charset charset = type == null ? null : type.charset();
    return source.readString(charset != null ? charset : StandardCharsets.UTF_8);
  }

  private ObjectNode parse(String text) {
    try {
      return Json.parseObject(text, "answer", Json.Fault.REPLY);
    } catch (MalformedResponseException e) {
      throw Errors.malformed(backend, "the answer is not a complete JSON object (" + text.length()
          + " characters): " + e.getMessage(), e);
    }
  }

  private static String contentType(Response response) {
    String t = response.header("Content-Type");
    return t == null ? "" : t.toLowerCase(Locale.ROOT);
  }

  /**
   * Streams the answer to {@code listener}. Calls arrive on one OkHttp thread, serially. The
   * first-token timeout runs from the start of the call to the first chunk with output; after
   * it, the idle timeout bounds each wait for data and the call timeout the whole stream.
   */
  /**
   * Streams the answer to {@code listener}, events read by {@code decoder}; a server that answers
   * with one JSON body instead is read by {@code whole} and replayed as chunks.
   */
  public StreamHandle stream(HttpUrl url, ObjectNode body, Optional<Duration> budget, StreamDecoder decoder,
      Function<ObjectNode, ChatResponse> whole, StreamListener listener) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    Request request;
    try {
      request = post(url, body, true);
    } catch (BackendException e) {
      listener.onError(e);
      done.completeExceptionally(e);
      return Streams.handle(done, () -> {});
    }
    Call call = newCall(streamClient, request, budget);
    StreamRun run = new StreamRun(call, decoder, whole, listener, done);
    run.start();
    return Streams.handle(done, run::cancel);
  }

  private final class StreamRun implements Callback {
    final Call call;
    final StreamDecoder decoder;
    final Function<ObjectNode, ChatResponse> whole;
    final StreamListener listener;
    final CompletableFuture<ChatResponse> done;
    final StreamAssembler assembler = new StreamAssembler();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean firstTokenPending = new AtomicBoolean(true);
    final AsyncTimeout firstToken = new AsyncTimeout() {
      @Override
      protected void timedOut() {
        call.cancel();
      }
    };
    volatile boolean firstTokenTimedOut;

    StreamRun(Call call, StreamDecoder decoder, Function<ObjectNode, ChatResponse> whole, StreamListener listener,
        CompletableFuture<ChatResponse> done) {
      this.call = call;
      this.decoder = decoder;
      this.whole = whole;
      this.listener = listener;
      this.done = done;
    }

    void start() {
      if (!firstTokenTimeout.isZero()) {
        firstToken.timeout(firstTokenTimeout.toNanos(), TimeUnit.NANOSECONDS);
        firstToken.enter();
      } else {
        firstTokenPending.set(false);
      }
      call.enqueue(this);
    }

    // The I/O thread reports the cancellation, so listener calls never overlap.
    void cancel() {
      if (cancelled.compareAndSet(false, true)) {
        call.cancel();
      }
    }

    private void stopFirstTokenClock() {
      if (firstTokenPending.compareAndSet(true, false) && firstToken.exit()) {
        firstTokenTimedOut = true;
      }
    }

    @Override
    public void onFailure(Call c, IOException e) {
      stopFirstTokenClock();
      fail(failure(e, "before the answer started"));
    }

    @Override
    public void onResponse(Call c, Response response) {
      try (response) {
        if (!response.isSuccessful()) {
          stopFirstTokenClock();
          fail(Errors.fromStatus(backend, response, currentKey(), keySource, providerMessage));
          return;
        }
        String type = contentType(response);
        if (type.contains("json")) {
          replayWhole(response); // the server ignored stream:true and answered at once
          return;
        }
        if (!type.isEmpty() && !type.contains("event-stream")) {
          stopFirstTokenClock();
          fail(Errors.malformed(backend, "expected an event stream but the server sent " + type + ": "
              + Errors.redact(Errors.preview(response.peekBody(4096).string()), currentKey()), null));
          return;
        }
        SseReader reader = new SseReader(response.body().source(), maxResponseBytes);
        boolean ended = false;
        SseReader.Event event;
        while (!ended && !cancelled.get() && (event = reader.next()) != null) {
          ended = decode(event);
        }
        if (cancelled.get()) {
          stopFirstTokenClock();
          fail(Streams.cancelled(backend));
          return;
        }
        if (!ended && !decoder.complete()) {
          stopFirstTokenClock();
          fail(new BackendException(backend, FailureKind.TRANSPORT, "the stream ended after "
              + assembler.chunkCount() + " chunks without its end marker: the connection was cut"));
          return;
        }
        stopFirstTokenClock();
        complete(assembler.toResponse());
      } catch (IOException e) {
        stopFirstTokenClock();
        fail(failure(e, "after " + assembler.chunkCount() + " chunks"));
      } catch (RuntimeException e) {
        stopFirstTokenClock();
        fail(e);
      }
    }

    private boolean decode(SseReader.Event event) {
      try {
        return decoder.decode(event.name(), event.data(), this::deliver);
      } catch (MalformedResponseException e) {
        throw Errors.malformed(backend, "the stream sent an event that is not a valid chunk: " + e.getMessage(), e);
      }
    }

    private void deliver(ChatChunk chunk) {
      if (chunk.hasOutput()) {
        stopFirstTokenClock();
      }
      assembler.add(chunk);
      if (assembler.chars() > maxResponseBytes) {
        throw Errors.fromIo(backend, new ReplyTooLargeException("the streamed answer", maxResponseBytes, "characters"),
            "while streaming");
      }
      try {
        listener.onChunk(chunk);
      } catch (RuntimeException e) {
        call.cancel();
        throw e;
      }
    }

    private void replayWhole(Response response) throws IOException {
      stopFirstTokenClock();
      ChatResponse answer = whole.apply(parse(bodyText(response)));
      for (ChatChunk c : StreamAssembler.split(answer)) {
        if (cancelled.get()) {
          fail(Streams.cancelled(backend));
          return;
        }
        listener.onChunk(c);
      }
      complete(answer);
    }

    private BackendException failure(IOException e, String when) {
      if (firstTokenTimedOut) {
        return new BackendException(backend, FailureKind.TIMEOUT, "no first token within the first-token timeout of "
            + firstTokenTimeout.toMillis() + " ms", e);
      }
      if (cancelled.get()) {
        return Streams.cancelled(backend);
      }
      return Errors.fromIo(backend, e, when);
    }

    private void complete(ChatResponse response) {
      try {
        listener.onComplete(response);
      } finally {
        done.complete(response);
      }
    }

    private void fail(RuntimeException e) {
      if (done.isDone()) {
        return;
      }
      try {
        listener.onError(e);
      } finally {
        done.completeExceptionally(e);
      }
    }
  }
}
