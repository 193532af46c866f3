package dev.switchboard.router.internal.plan;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingDecision;
import java.util.List;

/** A decision plus the backends behind its candidates, in order, and what was left out and why. */
public record Plan(RoutingDecision decision, List<Backend> backends, List<String> skipped) {
  public Plan {
    backends = List.copyOf(backends);
    skipped = List.copyOf(skipped);
  }
}
