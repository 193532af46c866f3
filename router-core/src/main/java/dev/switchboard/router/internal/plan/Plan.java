package dev.switchboard.router.internal.plan;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingDecision;
import java.util.List;

/**
 * A decision plus the backends behind its candidates, in order (each as it will be called: a
 * backend routed to an adapter carries the adapter as its model), what was left out and why, and
 * the LoRA adapter the request was routed to (null when none).
 */
public record Plan(RoutingDecision decision, List<Backend> backends, List<String> skipped, String adapter) {
  public Plan {
    backends = List.copyOf(backends);
    skipped = List.copyOf(skipped);
  }
}
