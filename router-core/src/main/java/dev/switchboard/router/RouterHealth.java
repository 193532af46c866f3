package dev.switchboard.router;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every backend's health at one moment, in the order the backends were declared. Immutable. */
public record RouterHealth(Instant at, List<BackendHealth> backends) {
  public RouterHealth {
    backends = List.copyOf(backends);
  }

  public Optional<BackendHealth> backend(String name) {
    return backends.stream().filter(b -> b.backend().equals(name)).findFirst();
  }

  /** The state of the backend named {@code name}; throws when there is no such backend. */
  public BackendState state(String name) {
    return backend(name).map(BackendHealth::state)
        .orElseThrow(() -> new IllegalArgumentException("no backend named '" + name + "'"));
  }

  /** True when no backend accepts requests right now. */
  public boolean allDown() {
    return backends.stream().noneMatch(b -> b.state().accepting());
  }
}
