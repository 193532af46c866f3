package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;

/**
 * A reply is not what the chat-completions format promises (not JSON, no {@code choices} array, a
 * message with no role): thrown by {@link ChatResponse#fromJson}, {@link ChatChunk#fromJson} and
 * {@link Usage#fromJson}. The fault is the sender's, not the request's: the HTTP adapters report it
 * as a {@link BackendException} of kind {@link FailureKind#MALFORMED_RESPONSE}, and the router fails
 * over from a client that throws it.
 */
public class MalformedResponseException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public MalformedResponseException(String message) {
    super(message);
  }

  public MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
