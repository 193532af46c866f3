package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.MalformedResponseException;

/** Reads a chat-completions answer; anything that is not one is a malformed response. */
public final class OpenAiResponses {
  private OpenAiResponses() {}

  public static ChatResponse read(String backend, ObjectNode body) {
    try {
      return ChatResponse.fromJsonNode(body);
    } catch (MalformedResponseException e) {
      throw Errors.malformed(backend, "the answer is JSON but not a chat completion: " + e.getMessage(), e);
    }
  }
}
