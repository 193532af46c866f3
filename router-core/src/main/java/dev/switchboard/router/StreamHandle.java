package dev.switchboard.router;

import dev.switchboard.router.chat.ChatResponse;
import java.util.concurrent.CompletableFuture;

/** A running stream: cancel it, or wait for its end. */
public interface StreamHandle {
  /**
   * Stops the stream. The listener then gets {@code onError} with a {@link BackendException} of
   * kind {@link FailureKind#CANCELLED}, unless it has already completed.
   */
  void cancel();

  /** Completes with the assembled response when the stream ends, or exceptionally when it fails. */
  CompletableFuture<ChatResponse> completion();
}
