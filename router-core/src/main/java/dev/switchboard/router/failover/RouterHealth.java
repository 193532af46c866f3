package dev.switchboard.router.failover;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every backend's health at one moment: the backends that answer requests, in the order they were
 * declared, and the ones the router calls for its own work ({@code support}: the quality loop's
 * reference model, when it is not one of the backends). Immutable.
 */
public record RouterHealth(Instant at, List<BackendHealth> backends, List<BackendHealth> support) {
  public RouterHealth {
    backends = List.copyOf(backends);
    support = List.copyOf(support);
  }

  /** Health of the answering backends only. */
  public RouterHealth(Instant at, List<BackendHealth> backends) {
    this(at, backends, List.of());
  }

  /** The health of the backend named {@code name}, answering or support. */
  public Optional<BackendHealth> backend(String name) {
    return java.util.stream.Stream.concat(backends.stream(), support.stream())
        .filter(b -> b.backend().equals(name)).findFirst();
  }

  /** The state of the backend named {@code name}; throws when there is no such backend. */
  public BackendState state(String name) {
    return backend(name).map(BackendHealth::state)
        .orElseThrow(() -> new IllegalArgumentException("no backend named '" + name + "'"));
  }

  /** True when no backend that answers requests accepts them right now (support backends aside). */
  public boolean allDown() {
    return backends.stream().noneMatch(b -> b.state().accepting());
  }
}
