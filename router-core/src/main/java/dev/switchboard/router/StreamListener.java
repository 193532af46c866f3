package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives a streamed answer. Calls arrive one at a time, never concurrently, in order: any number
 * of {@link #onChunk}, then exactly one of {@link #onComplete} or {@link #onError}. They may arrive
 * on the caller's thread before {@code stream()} returns, or on an I/O thread: keep them fast and
 * never block in them.
 *
 * <p>We chose a callback over {@code java.util.concurrent.Flow}: it needs no reactive library,
 * has no demand protocol to get wrong, and maps one to one onto OkHttp's SSE callbacks. Wait for
 * the end with {@link StreamHandle#completion()}.
 */
public interface StreamListener {
  /** A piece of the answer. Exceptions thrown here cancel the stream and reach {@link #onError}. */
  void onChunk(ChatChunk chunk);

  /**
   * The backend the chunks that follow come from, and its tier. A routed stream calls this once,
   * just before its first chunk, when the router has committed to that backend (failover before
   * the first token is over by then); a cached answer names the backend that first gave it. Lets a
   * caller label its reply before the body starts, as {@code RoutingInterceptor} does with its
   * headers. Exceptions thrown here are treated like those from {@link #onChunk}.
   */
  default void onBackend(String backend, String tier) {}

  /** The whole answer, assembled from the chunks, with its {@link RouteInfo} when routed. */
  default void onComplete(ChatResponse response) {}

  /** The stream failed; no more calls follow. */
  default void onError(Throwable error) {}

  /** A listener that hands each piece of text to {@code onText} and ignores the rest. */
  static StreamListener onText(Consumer<String> onText) {
    Objects.requireNonNull(onText, "onText");
    return chunk -> {
      String t = chunk.contentDelta();
      if (!t.isEmpty()) {
        onText.accept(t);
      }
    };
  }
}
