package dev.switchboard.router.okhttp;

import dev.switchboard.router.chat.ChatChunk;
import java.util.function.Consumer;

/**
 * Turns one provider's server-sent events into chat-completions chunks, for an {@link HttpBackend}.
 * The backend asks for a new decoder for each stream ({@link HttpBackend#streamDecoder()}) and calls
 * it from one thread, one event at a time and in order, so a decoder may keep state across events
 * (an id from the first event, an open tool call).
 */
public interface StreamDecoder {
  /**
   * Translates one event into zero or more chunks, handed to {@code out} in order. Throw a
   * {@link dev.switchboard.router.MalformedResponseException} for an event the protocol does not
   * send (the stream fails as {@code MALFORMED_RESPONSE}, naming the backend), or a
   * {@link dev.switchboard.router.BackendException} of the matching kind for an error the server
   * reports inside the stream.
   *
   * @param event the event's name (its {@code event:} line), or null when it has none
   * @param data the event's data lines, joined by newlines
   * @return true when this event ends the stream: nothing after it is read
   */
  boolean decode(String event, String data, Consumer<ChatChunk> out);

  /**
   * Whether what arrived so far is a whole answer although the stream ended without the event that
   * ends it (some servers stop after the finish reason). Default false: such a stream was cut, and
   * fails as {@code TRANSPORT}.
   */
  default boolean complete() {
    return false;
  }
}
