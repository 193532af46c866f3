package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.okhttp.StreamDecoder;
import dev.switchboard.router.spi.Json;
import java.util.function.Consumer;

/**
 * Chat-completions chunks as OpenAI-compatible servers send them: tolerant of null content, a
 * usage-only last chunk, fields nobody documented, and a missing {@code [DONE]} after a finish.
 */
public final class OpenAiStreamDecoder implements StreamDecoder {
  private final String backend;
  private boolean finished;

  public OpenAiStreamDecoder(String backend) {
    this.backend = backend;
  }

  @Override
  public boolean decode(String event, String data, Consumer<ChatChunk> out) {
    String d = data.trim();
    if (d.equals("[DONE]")) {
      return true;
    }
    if (d.isEmpty()) {
      return false;
    }
    ObjectNode node = Json.parseObject(d, "stream chunk", Json.Fault.REPLY);
    JsonNode error = node.get("error");
    if (error != null && !error.isNull() || "error".equals(event)) {
      // vLLM, llama.cpp and OpenRouter report a failure mid-stream as an error event in a 200 stream.
      String message = error != null && error.isObject() ? error.path("message").asText(error.toString())
          : String.valueOf(error);
      throw new BackendException(backend, FailureKind.SERVER_ERROR, -1, Errors.shorten(message), null,
          "the server reported an error in the middle of the stream", null);
    }
    ChatChunk chunk = ChatChunk.fromJsonNode(node);
    for (JsonNode c : node.path("choices")) {
      JsonNode f = c.get("finish_reason");
      finished |= f != null && f.isTextual();
    }
    out.accept(chunk);
    return false;
  }

  @Override
  public boolean complete() {
    return finished;
  }
}
