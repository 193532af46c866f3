package dev.switchboard.router;

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

  public NoBackendAvailableException(String summary, List<Attempt> attempts, List<String> skipped, Throwable cause) {
    super(describe(summary, attempts, skipped), cause);
    this.attempts = List.copyOf(attempts);
    this.skipped = List.copyOf(skipped);
  }

  private static String describe(String summary, List<Attempt> attempts, List<String> skipped) {
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
    return sb.toString();
  }

  /** Every attempt, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** Backends that were not tried, each with the reason. */
  public List<String> skipped() {
    return skipped;
  }
}
