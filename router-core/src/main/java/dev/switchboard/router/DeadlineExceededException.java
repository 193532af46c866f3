package dev.switchboard.router;

import java.time.Duration;
import java.util.List;

/**
 * The request's deadline passed before any backend answered. Lists the attempts made and each
 * backend's state, like {@link NoBackendAvailableException}. What to do: allow a longer deadline,
 * or look at why the attempts were slow or failed.
 */
public class DeadlineExceededException extends NoBackendAvailableException {
  private static final long serialVersionUID = 1L;

  private final Duration deadline;

  public DeadlineExceededException(Duration deadline, List<Attempt> attempts, List<String> skipped,
      List<BackendHealth> states, Throwable cause) {
    super("the request's deadline of " + deadline + " passed before a backend answered", attempts, skipped, states,
        cause);
    this.deadline = deadline;
  }

  public Duration deadline() {
    return deadline;
  }
}
