package dev.switchboard.router.metrics;

import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What one request's observation knows: the request, whether it streams, the routing decision
 * once made, and the answer (with its route) once there is one; a failure is the observation's
 * error. The router fills it in as the request goes; a handler reads it when the observation stops.
 * The request holds the prompt: the default convention never reads it, and a handler of yours
 * should not put it on a span or a meter either.
 */
public final class ChatObservationContext extends Observation.Context {
  private final ChatRequest request;
  private final boolean streaming;
  private volatile RoutingDecision decision;
  private volatile ChatResponse response;

  public ChatObservationContext(ChatRequest request, boolean streaming) {
    this.request = Objects.requireNonNull(request, "request");
    this.streaming = streaming;
  }

  public ChatRequest request() {
    return request;
  }

  public boolean streaming() {
    return streaming;
  }

  /** The routing decision, once the request was planned. */
  public Optional<RoutingDecision> decision() {
    return Optional.ofNullable(decision);
  }

  public void decision(RoutingDecision decision) {
    this.decision = decision;
  }

  /** The answer, once there is one. */
  public Optional<ChatResponse> response() {
    return Optional.ofNullable(response);
  }

  public void response(ChatResponse response) {
    this.response = response;
  }

  /** The answer's route, once there is one. */
  public Optional<RouteInfo> route() {
    ChatResponse r = response;
    return r == null ? Optional.empty() : Optional.ofNullable(r.route());
  }
}
