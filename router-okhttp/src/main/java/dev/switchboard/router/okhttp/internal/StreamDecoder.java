package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import java.util.function.Consumer;

/** Turns one provider's stream events into the library's chunks. One instance per stream. */
public interface StreamDecoder {
  /**
   * Translates one event into zero or more chunks.
   *
   * @return true when this event ends the stream
   */
  boolean decode(String event, String data, Consumer<ChatChunk> out);

  /** Whether what arrived so far is a complete answer even without an end marker. */
  boolean complete();

  /** A whole JSON answer, sent by a server that ignored the request to stream. */
  ChatResponse whole(ObjectNode body);
}
