package dev.switchboard.router;

/** Base of every exception Switchboard throws. Unchecked: catch the subtype you can act on. */
public class SwitchboardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SwitchboardException(String message) {
    super(message);
  }

  public SwitchboardException(String message, Throwable cause) {
    super(message, cause);
  }
}
