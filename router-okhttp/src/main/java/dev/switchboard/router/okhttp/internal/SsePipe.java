package dev.switchboard.router.okhttp.internal;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.StreamListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Pipe;

/**
 * A stream listener that writes what it hears as an SSE body ({@code data: {chunk}} lines, then
 * {@code data: [DONE]}) for an OkHttp response to read. {@link #started()} completes at the first
 * chunk, or with the error when the stream fails before any: the interceptor answers with an
 * error status then, as the server would.
 */
public final class SsePipe implements StreamListener {
  private static final long MAX_BUFFER = 4L * 1024 * 1024;

  private final Pipe pipe = new Pipe(MAX_BUFFER);
  private final BufferedSink sink = Okio.buffer(pipe.sink());
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private volatile Runnable onReaderGone = () -> {};
  // Set before the first chunk, so read after started() completes: the reply's headers.
  private volatile String backend;
  private volatile String tier;

  public okio.Source source() {
    return pipe.source();
  }

  public CompletableFuture<Void> started() {
    return started;
  }

  /** What to do when the reader closes the body early (cancel the stream). */
  public void onReaderGone(Runnable r) {
    this.onReaderGone = r;
  }

  /** The backend the stream comes from, once {@link #started()} has completed; null when not routed. */
  public String backend() {
    return backend;
  }

  /** The tier of {@link #backend()}. */
  public String tier() {
    return tier;
  }

  @Override
  public void onBackend(String backend, String tier) {
    this.backend = backend;
    this.tier = tier;
  }

  @Override
  public void onChunk(ChatChunk chunk) {
    started.complete(null);
    write("data: " + chunk.toJson() + "\n\n");
  }

  @Override
  public void onComplete(ChatResponse response) {
    started.complete(null);
    write("data: [DONE]\n\n");
    close();
  }

  @Override
  public void onError(Throwable error) {
    if (started.completeExceptionally(error)) {
      close();
      return;
    }
    // Mid-stream: an error event in the OpenAI shape, then the end, so the client sees why it stopped.
    Buffer b = new Buffer();
    b.writeUtf8("event: error\ndata: ");
    b.writeUtf8(ErrorBodies.json(error).toString());
    b.writeUtf8("\n\n");
    write(b.readUtf8());
    close();
  }

  private void write(String s) {
    try {
      sink.writeUtf8(s);
      sink.flush();
    } catch (IOException e) {
      onReaderGone.run(); // the client closed the body: stop the backend's stream
    }
  }

  private void close() {
    try {
      sink.close();
    } catch (IOException e) {
      // reader already gone
    }
  }
}
