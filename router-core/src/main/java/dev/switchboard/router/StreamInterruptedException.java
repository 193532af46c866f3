package dev.switchboard.router;

/**
 * A stream failed after part of the answer had already reached the caller. The router never
 * splices a second backend's answer onto the first, so it stops here: retry the whole request
 * if the partial answer is of no use. {@link #partialText()} holds what was delivered.
 */
public class StreamInterruptedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final String partialText;

  public StreamInterruptedException(String backend, String partialText, Throwable cause) {
    super("the stream from backend '" + backend + "' failed after " + partialText.length()
        + " characters had reached the caller; not failing over mid-answer: " + cause.getMessage(), cause);
    this.backend = backend;
    this.partialText = partialText;
  }

  public String backend() {
    return backend;
  }

  /** The text the caller had already received (choice 0). */
  public String partialText() {
    return partialText;
  }
}
