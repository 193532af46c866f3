package dev.switchboard.router;

import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import java.util.List;

/**
 * No backend could answer the request. Names every backend tried and why each failed, and the
 * backends that were not tried and why (wrong capability, circuit open...). What to do: bring a
 * backend back, or add one that can serve this kind of request; the attempts say which failed.
 */
public class NoBackendAvailableException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final transient List<Attempt> attempts;
  private final List<String> skipped;
  private final transient List<BackendHealth> states;

  public NoBackendAvailableException(String summary, List<Attempt> attempts, List<String> skipped, Throwable cause) {
    this(summary, attempts, skipped, List.of(), cause);
  }

  /** @param states each candidate backend's health when the request gave up */
  public NoBackendAvailableException(String summary, List<Attempt> attempts, List<String> skipped,
      List<BackendHealth> states, Throwable cause) {
    super(describe(summary, attempts, skipped, states), cause);
    this.attempts = List.copyOf(attempts);
    this.skipped = List.copyOf(skipped);
    this.states = List.copyOf(states);
  }

  private static String describe(String summary, List<Attempt> attempts, List<String> skipped,
      List<BackendHealth> states) {
    StringBuilder sb = new StringBuilder(summary);
    if (attempts.isEmpty()) {
      sb.append("; no backend was tried");
    } else {
      sb.append("; tried ");
      for (int i = 0; i < attempts.size(); i++) {
        Attempt a = attempts.get(i);
        sb.append(i == 0 ? "" : ", ").append(a.backend()).append(": ").append(a.failure());
        if (a.error() != null) {
          sb.append(" (").append(a.error()).append(')');
        }
      }
    }
    if (!skipped.isEmpty()) {
      sb.append("; not tried: ").append(String.join(", ", skipped));
    }
    if (!states.isEmpty()) {
      sb.append("; backend states: ");
      for (int i = 0; i < states.size(); i++) {
        BackendHealth h = states.get(i);
        sb.append(i == 0 ? "" : ", ").append(h.backend()).append('=').append(h.state());
        if (h.state() != BackendState.CLOSED) {
          sb.append(" since ").append(h.since());
        }
      }
    }
    return sb.toString();
  }

  /** Every attempt, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** Each candidate backend's health when the request gave up (empty when unknown). */
  public List<BackendHealth> states() {
    return states;
  }

  /** Backends that were not tried, each with the reason. */
  public List<String> skipped() {
    return skipped;
  }
}
