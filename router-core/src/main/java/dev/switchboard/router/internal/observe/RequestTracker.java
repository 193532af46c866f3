package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.metrics.ChatObservationContext;
import dev.switchboard.router.metrics.DefaultChatObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Follows each request from the router's door to its end: opens its observation, collects what
 * the request path reports about it on the request's own thread (the decision, a budget
 * downgrade, backoffs and rate-limit waits, heard as listener events while the request is current
 * on that thread), times a stream's first token, and hands one {@link Finished} to each sink (the
 * meters, the report's history) when the request ends. With no sink and no observation registry
 * it only times first tokens for the listeners, and a blocking call passes straight through.
 */
public final class RequestTracker implements RouterListener {
  private static final System.Logger LOG = System.getLogger(RequestTracker.class.getName());
  private static final DefaultChatObservationConvention CONVENTION = new DefaultChatObservationConvention();

  private final Clock clock;
  private final ObservationRegistry observations;
  private final List<Consumer<Finished>> sinks;
  private final boolean tracking;
  private final ThreadLocal<Track> current = new ThreadLocal<>();

  public RequestTracker(Clock clock, ObservationRegistry observations, List<Consumer<Finished>> sinks) {
    this.clock = clock;
    this.observations = observations == null ? ObservationRegistry.NOOP : observations;
    this.sinks = List.copyOf(sinks);
    this.tracking = !this.sinks.isEmpty() || !this.observations.isNoop();
  }

  /** True when requests are followed (a sink or an observation registry is there). */
  public boolean tracking() {
    return tracking;
  }

  /** Runs a blocking request ({@code chat}, or {@code chatAsync} on its executor) as one tracked request. */
  public ChatResponse call(ChatRequest request, Instant start, Supplier<ChatResponse> body) {
    if (!tracking) {
      return body.get();
    }
    Track t = new Track(request, start, false);
    Track outer = t.enter();
    try {
      ChatResponse r = body.get();
      t.end(r, null);
      return r;
    } catch (RuntimeException | Error e) {
      t.end(null, e);
      throw e;
    } finally {
      t.leave(outer);
    }
  }

  /**
   * Runs a streaming request as one tracked request: {@code body} gets the listener to stream to,
   * which tells {@code events} of the first token and ends the track on completion or error.
   */
  public StreamHandle stream(ChatRequest request, Instant start, StreamListener caller, RouterListener events,
      Function<StreamListener, StreamHandle> body) {
    if (!tracking && events == RouterListener.NONE) {
      return body.apply(caller);
    }
    Track t = new Track(request, start, true);
    Track outer = tracking ? t.enter() : null;
    try {
      return body.apply(new Watched(t, caller, events));
    } catch (RuntimeException | Error e) {
      t.end(null, e);
      throw e;
    } finally {
      if (tracking) {
        t.leave(outer);
      }
    }
  }

  @Override
  public void onPlanned(ChatRequest request, RoutingDecision decision) {
    Track t = current.get();
    if (t != null && t.request == request) {
      t.decision = decision;
      if (t.context != null) {
        t.context.decision(decision);
      }
    }
  }

  @Override
  public void onBudgetDowngrade(ChatRequest request, RoutingDecision planned, RoutingDecision admitted) {
    Track t = current.get();
    if (t != null && t.request == request) {
      t.downgraded = true;
    }
  }

  @Override
  public void onRetry(ChatRequest request, Attempt failed, Duration backoff) {
    waited(request, backoff);
  }

  @Override
  public void onRateLimitWait(ChatRequest request, Duration wait) {
    waited(request, wait);
  }

  private void waited(ChatRequest request, Duration d) {
    Track t = current.get();
    if (t != null && t.request == request) {
      t.waited = t.waited.plus(d);
    }
  }

  /** One request in flight. Its fields are written on the request's thread and read once, at its end. */
  private final class Track {
    final ChatRequest request;
    final Instant start;
    final boolean streaming;
    final AtomicBoolean ended = new AtomicBoolean();
    final ChatObservationContext context;
    final Observation observation;
    Observation.Scope scope;
    volatile RoutingDecision decision;
    volatile boolean downgraded;
    volatile Duration waited = Duration.ZERO;
    volatile Duration firstToken;

    Track(ChatRequest request, Instant start, boolean streaming) {
      this.request = request;
      this.start = start;
      this.streaming = streaming;
      if (observations.isNoop()) {
        this.context = null;
        this.observation = null;
      } else {
        this.context = new ChatObservationContext(request, streaming);
        this.observation = Observation.createNotStarted(null, CONVENTION, () -> context, observations).start();
      }
    }

    /** Makes this the thread's current request (and its observation current); returns the one it replaces. */
    Track enter() {
      Track outer = current.get();
      current.set(this);
      if (observation != null) {
        scope = observation.openScope();
      }
      return outer;
    }

    void leave(Track outer) {
      if (scope != null) {
        scope.close();
        scope = null;
      }
      if (outer == null) {
        current.remove();
      } else {
        current.set(outer);
      }
    }

    void firstToken() {
      if (firstToken == null) {
        firstToken = since();
      }
    }

    Duration since() {
      Duration d = Duration.between(start, clock.instant());
      return d.isNegative() ? Duration.ZERO : d;
    }

    void end(ChatResponse response, Throwable error) {
      if (!ended.compareAndSet(false, true) || !tracking) {
        return;
      }
      if (observation != null) {
        if (response != null) {
          context.response(response);
        }
        if (error != null) {
          observation.error(error);
        }
        observation.stop();
      }
      if (sinks.isEmpty()) {
        return;
      }
      Finished f = new Finished(request, streaming, decision, downgraded, response == null ? null : response.route(),
          response == null ? null : Accountant.usage(request, response), error, clock.instant(), since(), waited,
          firstToken);
      for (Consumer<Finished> sink : sinks) {
        try {
          sink.accept(f);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "recording a finished request failed; ignored", e);
        }
      }
    }
  }

  /** The caller's stream listener, watched: the first token is timed and told, the end ends the track. */
  private static final class Watched implements StreamListener {
    final Track track;
    final StreamListener caller;
    final RouterListener events;

    Watched(Track track, StreamListener caller, RouterListener events) {
      this.track = track;
      this.caller = caller;
      this.events = events;
    }

    @Override
    public void onBackend(String backend, String tier) {
      track.firstToken();
      events.onFirstToken(track.request, backend, tier, track.firstToken);
      caller.onBackend(backend, tier);
    }

    @Override
    public void onChunk(ChatChunk chunk) {
      caller.onChunk(chunk);
    }

    @Override
    public void onComplete(ChatResponse response) {
      track.end(response, null);
      caller.onComplete(response);
    }

    @Override
    public void onError(Throwable error) {
      track.end(null, error);
      caller.onError(error);
    }
  }
}
