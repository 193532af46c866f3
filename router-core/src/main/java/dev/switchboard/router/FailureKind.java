package dev.switchboard.router;

/** Why a call to a backend failed, in the terms that decide what the router does next. */
public enum FailureKind {
  /** Connection refused, reset or lost. Another backend, or a retry, may succeed. */
  TRANSPORT(true, false, false),
  /** No answer (or no first token) within the configured time. */
  TIMEOUT(true, false, false),
  /** 429 from the backend: retry later (see Retry-After) or go elsewhere. */
  RATE_LIMITED(true, false, false),
  /** 5xx from the backend. */
  SERVER_ERROR(true, false, false),
  /** The backend answered with something that is not a valid reply (HTML, truncated JSON...). */
  MALFORMED_RESPONSE(true, false, false),
  /** The backend is out of capacity on our side (its concurrency cap is full). */
  CAPACITY(true, false, false),
  /** The backend's circuit breaker is open: it is being given time to recover. */
  CIRCUIT_OPEN(true, false, false),
  /** 400, 413, 422: the request itself is at fault; no other backend will accept it either. */
  BAD_REQUEST(false, true, false),
  /** 401 or 403: this backend's key is wrong. The backend is misconfigured, others may work. */
  UNAUTHORIZED(false, false, true),
  /** 404: this backend does not have the model (or the URL is wrong). Misconfigured. */
  NOT_FOUND(false, false, true),
  /** The caller cancelled the call. */
  CANCELLED(false, false, false),
  /** Anything else. */
  OTHER(true, false, false);

  private final boolean retryable;
  private final boolean requestFault;
  private final boolean misconfiguration;

  FailureKind(boolean retryable, boolean requestFault, boolean misconfiguration) {
    this.retryable = retryable;
    this.requestFault = requestFault;
    this.misconfiguration = misconfiguration;
  }

  /** Whether trying again (here or on another backend) can help. */
  public boolean retryable() {
    return retryable;
  }

  /** The request is at fault: failing over would only fail again. */
  public boolean requestFault() {
    return requestFault;
  }

  /** The backend's own configuration (key, model, URL) is at fault. */
  public boolean misconfiguration() {
    return misconfiguration;
  }

  /** The kind an HTTP status stands for; 2xx and other unexpected codes map to {@link #OTHER}. */
  public static FailureKind forHttpStatus(int status) {
    if (status == 400 || status == 413 || status == 422) {
      return BAD_REQUEST;
    }
    if (status == 401 || status == 403) {
      return UNAUTHORIZED;
    }
    if (status == 404) {
      return NOT_FOUND;
    }
    if (status == 408) {
      return TIMEOUT;
    }
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status >= 500 && status <= 599) {
      return SERVER_ERROR;
    }
    return OTHER;
  }
}
