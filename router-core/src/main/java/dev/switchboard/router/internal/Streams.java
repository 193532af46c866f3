package dev.switchboard.router.internal;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.ChatChunk;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.StreamAssembler;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import java.util.concurrent.CompletableFuture;

/** Stream helpers shared by the default stream form and the router. Not API. */
public final class Streams {
  private Streams() {}

  /** Streams a blocking client's answer as chunks, on the caller's thread. */
  public static StreamHandle fromBlocking(ChatClient client, ChatRequest request, StreamListener listener) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    ChatResponse response;
    try {
      response = client.chat(request);
    } catch (RuntimeException e) {
      listener.onError(e);
      done.completeExceptionally(e);
      return handle(done, () -> {});
    }
    replay(response, listener, done);
    return handle(done, () -> {});
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
