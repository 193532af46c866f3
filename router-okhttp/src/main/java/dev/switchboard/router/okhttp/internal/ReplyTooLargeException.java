package dev.switchboard.router.okhttp.internal;

import java.io.IOException;

/**
 * A reply, one event of a stream, or a streamed answer went past the backend's
 * {@code maxResponseBytes} while it was read; what was read so far is dropped.
 * {@link Errors#fromIo} reports it as a {@code MALFORMED_RESPONSE}.
 */
final class ReplyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param what "the answer", "one event of the stream"; {@code unit} "bytes" or "characters" */
  ReplyTooLargeException(String what, long limit, String unit) {
    super(what + " is larger than this backend's bound of " + limit + " " + unit
        + " (maxResponseBytes); if answers this large are expected, raise maxResponseBytes(..) on its builder");
  }
}
