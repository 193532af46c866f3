package dev.switchboard.router;

import java.util.concurrent.CompletableFuture;

/**
 * Anything that answers chat-completions requests: a backend adapter, a fake, or a
 * {@link RoutingChatClient} in front of many of them. Implementations are thread-safe.
 *
 * <p>Only {@link #chat} must be implemented. The async and streaming forms have working defaults
 * built on it; adapters with their own I/O threads override them.
 */
public interface ChatClient {
  /**
   * Answers the request, blocking until done.
   *
   * @throws SwitchboardException (unchecked) when it cannot; the subtype says why
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Answers without blocking the caller. The default runs {@link #chat} on the common
   * fork-join pool; {@link RoutingChatClient} uses the executor it was built with.
   */
  default CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return CompletableFuture.supplyAsync(() -> chat(request));
  }

  /**
   * Streams the answer to {@code listener}. The default calls {@link #chat} on the caller's thread
   * and delivers the whole answer as one chunk per choice, so every client can be streamed from.
   */
  default StreamHandle stream(ChatRequest request, StreamListener listener) {
    return dev.switchboard.router.internal.Streams.fromBlocking(this, request, listener);
  }
}
