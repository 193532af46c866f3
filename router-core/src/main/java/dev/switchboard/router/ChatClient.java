package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.RoutingMetadata;
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
   * Answers without blocking the caller. The router calls every backend through this method and
   * cancels the future when the request's deadline or attempt timeout passes
   * ({@link RoutingMetadata#timeBudget()} says when that will be).
   *
   * <p>The default runs {@link #chat} on a shared pool of daemon threads (one per call in flight,
   * reused when idle), and cancelling the future interrupts that thread: a {@code chat} that
   * blocks interruptibly stops, one that does not keeps its thread until it returns (the caller is
   * not held, and the late answer is dropped). Override it with real asynchronous I/O whose cancel
   * stops the call on the wire, as router-okhttp's adapters do, or, for an in-memory client,
   * answer on the caller's thread with a completed future (no thread hop).
   * {@link RoutingChatClient} uses the executor it was built with.
   */
  default CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return dev.switchboard.router.internal.Async.run(() -> chat(request), dev.switchboard.router.internal.Async.BLOCKING);
  }

  /**
   * Streams the answer to {@code listener}. The default asks {@link #chatAsync} and delivers the
   * whole answer as one chunk per choice, so every client can be streamed from; cancelling the
   * stream cancels that future.
   */
  default StreamHandle stream(ChatRequest request, StreamListener listener) {
    return dev.switchboard.router.spi.Streams.fromAsync(this, request, listener);
  }
}
