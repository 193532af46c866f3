package dev.switchboard.router.internal.call;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.chat.ChatResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Settles what the caller is told about the answer: its {@link RouteInfo} (the decision, the
 * backend, the attempts, the cost with every billed failed attempt, the latency), and tells the
 * listeners it was routed.
 */
final class Respond implements Stage {
  private final Clock clock;

  Respond(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean run(Call call) {
    RouteInfo.Builder route = RouteInfo.builder(call.plan().decision()).service(call.request().routing().service());
    if (call.cacheHit()) {
      RouteInfo was = call.answer().route();
      route.servedBy(was.backend(), was.tier()).model(was.model()).adapter(was.adapter().orElse(null)).cacheHit(true);
    } else {
      Backend b = call.outcome().backend();
      ChatResponse answer = call.answer();
      // The adapter answered unless the rule's fallback model did.
      String adapter = call.plan().adapter();
      route.adapter(adapter != null && b.model().filter(adapter::equals).isPresent() ? adapter : null);
      route.servedBy(b.name(), b.tier()).model(answer.model().or(b::model).orElse(null))
          .attempts(call.outcome().attempts())
          .cost(call.charge().cost().add(call.failedAttemptsCost()), call.charge().estimated());
    }
    call.routed(route.latency(Duration.between(call.start(), clock.instant())).build());
    call.listener().onRouted(call.request(), call.route());
    return true;
  }
}
