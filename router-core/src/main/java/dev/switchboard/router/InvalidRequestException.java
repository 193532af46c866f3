package dev.switchboard.router;

/**
 * The request itself is wrong (bad JSON, a missing field, a value out of range). Sending it
 * elsewhere will not help: fix the request.
 */
public class InvalidRequestException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
