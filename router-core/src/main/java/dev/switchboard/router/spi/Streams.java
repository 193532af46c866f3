package dev.switchboard.router.spi;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Stream plumbing for adapter writers: a stream made from a client's {@code chatAsync}, a whole
 * response replayed as chunks, and a {@link StreamHandle} over a future.
 */
public final class Streams {
  private Streams() {}

  /**
   * Streams a client's whole answer as chunks, from its {@code chatAsync}: on the caller's thread
   * when that answers at once, else when the answer comes. Cancelling the stream cancels the call.
   */
  public static StreamHandle fromAsync(ChatClient client, ChatRequest request, StreamListener listener) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    CompletableFuture<ChatResponse> answer;
    try {
      answer = client.chatAsync(request);
      if (answer == null) {
        throw new BackendException(String.valueOf(client), FailureKind.MALFORMED_RESPONSE,
            "the client's chatAsync returned no future");
      }
    } catch (RuntimeException e) {
      listener.onError(e);
      done.completeExceptionally(e);
      return handle(done, () -> {});
    }
    answer.whenComplete((response, error) -> {
      if (error == null) {
        replay(response, listener, done);
        return;
      }
      Throwable e = error instanceof CancellationException ? cancelled(String.valueOf(client))
          : error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      listener.onError(e);
      done.completeExceptionally(e);
    });
    return handle(done, () -> answer.cancel(true));
  }

  /** Delivers a whole response to a listener as chunks (named by its route, when routed), then completes. */
  public static void replay(ChatResponse response, StreamListener listener, CompletableFuture<ChatResponse> done) {
    try {
      if (response.route() != null) {
        listener.onBackend(response.route().backend(), response.route().tier());
      }
      for (ChatChunk c : StreamAssembler.split(response)) {
        listener.onChunk(c);
      }
    } catch (RuntimeException e) {
      listener.onError(e);
      done.completeExceptionally(e);
      return;
    }
    listener.onComplete(response);
    done.complete(response);
  }

  public static StreamHandle handle(CompletableFuture<ChatResponse> done, Runnable cancel) {
    return new StreamHandle() {
      @Override
      public void cancel() {
        cancel.run();
      }

      @Override
      public CompletableFuture<ChatResponse> completion() {
        return done;
      }
    };
  }

  public static BackendException cancelled(String backend) {
    return new BackendException(backend, FailureKind.CANCELLED, "the stream was cancelled by the caller");
  }
}
