package dev.switchboard.router;

/**
 * A service went over its rate limit and could not wait (long enough) for it. Names the service
 * and the limit. What to do: slow down, raise the limit, or allow a longer wait.
 */
public class RateLimitedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String service;
  private final String limit;

  public RateLimitedException(String service, String limit, String detail) {
    super("service '" + service + "' is over its rate limit of " + limit + ": " + detail
        + "; slow down, raise the limit or allow a longer wait");
    this.service = service;
    this.limit = limit;
  }

  public String service() {
    return service;
  }

  /** The limit that was hit, in words ("10 requests per PT1S"). */
  public String limit() {
    return limit;
  }
}
