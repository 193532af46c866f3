package dev.switchboard.router.internal.dispatch;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.ChatChunk;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.ChatResponse;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RoutingMetadata;
import dev.switchboard.router.StreamAssembler;
import dev.switchboard.router.StreamInterruptedException;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.SwitchboardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Tries the planned backends in order until one answers. A failure that is the request's own
 * fault (400, 413, 422) ends the request at once: every other backend would refuse it too.
 */
public final class Dispatcher {
  private final Clock clock;
  private final BiConsumer<ChatRequest, Attempt> onAttemptFailed;

  public Dispatcher(Clock clock, BiConsumer<ChatRequest, Attempt> onAttemptFailed) {
    this.clock = clock;
    this.onAttemptFailed = onAttemptFailed;
  }

  /** What dispatch produced: the answer, the backend that gave it, and every attempt in order. */
  public record Outcome(ChatResponse response, Backend backend, List<Attempt> attempts) {}

  /** The body a backend receives: the routing metadata stripped, the backend's model written in. */
  public static ChatRequest forBackend(ChatRequest request, Backend backend) {
    ChatRequest r = request.withRouting(RoutingMetadata.NONE);
    return backend.model().map(r::withModel).orElse(r);
  }

  public Outcome dispatch(ChatRequest request, List<Backend> candidates, List<String> skipped) {
    List<Attempt> attempts = new ArrayList<>(2);
    RuntimeException last = null;
    for (Backend b : candidates) {
      Instant start = clock.instant();
      try {
        ChatResponse response = b.client().chat(forBackend(request, b));
        if (response == null) {
          throw new BackendException(b.name(), FailureKind.MALFORMED_RESPONSE, "the client returned no response");
        }
        attempts.add(Attempt.success(b.name(), b.tier(), elapsed(start)));
        return new Outcome(response, b, attempts);
      } catch (RuntimeException e) {
        Attempt a = failed(b, e, start);
        attempts.add(a);
        onAttemptFailed.accept(request, a);
        last = e;
        if (a.failure().requestFault()) {
          throw e;
        }
      }
    }
    throw new NoBackendAvailableException(summary(attempts), attempts, skipped, last);
  }

  /**
   * Streams from the first backend that delivers output. Until the first piece of output reaches
   * the caller, a failed stream fails over to the next candidate unnoticed; after it, a failure is
   * a {@link StreamInterruptedException}, never a spliced answer. Completes {@code done} with the
   * outcome.
   */
  public void stream(ChatRequest request, List<Backend> candidates, List<String> skipped, StreamListener listener,
      CompletableFuture<Outcome> done, AtomicReference<Runnable> cancel) {
    new StreamRun(request, candidates, skipped, listener, done, cancel).next();
  }

  private final class StreamRun {
    final ChatRequest request;
    final List<Backend> candidates;
    final List<String> skipped;
    final StreamListener listener;
    final CompletableFuture<Outcome> done;
    final AtomicReference<Runnable> cancel;
    final List<Attempt> attempts = new ArrayList<>(2);
    int index;
    RuntimeException last;

    StreamRun(ChatRequest request, List<Backend> candidates, List<String> skipped, StreamListener listener,
        CompletableFuture<Outcome> done, AtomicReference<Runnable> cancel) {
      this.request = request;
      this.candidates = candidates;
      this.skipped = skipped;
      this.listener = listener;
      this.done = done;
      this.cancel = cancel;
    }

    void next() {
      if (done.isDone()) {
        return;
      }
      if (index >= candidates.size()) {
        done.completeExceptionally(new NoBackendAvailableException(summary(attempts), attempts, skipped, last));
        return;
      }
      Backend b = candidates.get(index++);
      Instant start = clock.instant();
      StreamAssembler assembler = new StreamAssembler();
      List<ChatChunk> held = new ArrayList<>();
      AtomicBoolean released = new AtomicBoolean();
      AtomicBoolean finished = new AtomicBoolean();
      StreamListener guard = new StreamListener() {
        @Override
        public void onChunk(ChatChunk chunk) {
          if (finished.get()) {
            return;
          }
          assembler.add(chunk);
          if (released.get()) {
            listener.onChunk(chunk);
          } else if (chunk.hasOutput()) {
            released.set(true);
            held.forEach(listener::onChunk);
            held.clear();
            listener.onChunk(chunk);
          } else {
            held.add(chunk);
          }
        }

        @Override
        public void onComplete(ChatResponse response) {
          if (!finished.compareAndSet(false, true)) {
            return;
          }
          if (!released.get()) {
            held.forEach(listener::onChunk); // an empty answer is still an answer
          }
          attempts.add(Attempt.success(b.name(), b.tier(), elapsed(start)));
          ChatResponse whole = response != null ? response : assembler.toResponse();
          done.complete(new Outcome(whole, b, attempts));
        }

        @Override
        public void onError(Throwable error) {
          if (!finished.compareAndSet(false, true)) {
            return;
          }
          RuntimeException e = error instanceof RuntimeException r ? r
              : new BackendException(b.name(), FailureKind.OTHER, String.valueOf(error.getMessage()), error);
          Attempt a = failed(b, e, start);
          attempts.add(a);
          onAttemptFailed.accept(request, a);
          last = e;
          if (released.get()) {
            done.completeExceptionally(new StreamInterruptedException(b.name(), assembler.text(), e));
          } else if (a.failure().requestFault() || a.failure() == FailureKind.CANCELLED) {
            done.completeExceptionally(e);
          } else {
            next();
          }
        }
      };
      try {
        var handle = b.client().stream(forBackend(request, b), guard);
        cancel.set(handle::cancel);
      } catch (RuntimeException e) {
        guard.onError(e);
      }
    }
  }

  private Attempt failed(Backend b, RuntimeException e, Instant start) {
    FailureKind kind = e instanceof BackendException be ? be.kind()
        : e instanceof dev.switchboard.router.InvalidRequestException ? FailureKind.BAD_REQUEST
        : FailureKind.OTHER;
    String message = e instanceof SwitchboardException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return Attempt.failure(b.name(), b.tier(), kind, message, elapsed(start));
  }

  private Duration elapsed(Instant start) {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String summary(List<Attempt> attempts) {
    return attempts.isEmpty() ? "no backend can serve this request"
        : "all " + attempts.size() + " candidate backend" + (attempts.size() == 1 ? "" : "s") + " failed";
  }
}
