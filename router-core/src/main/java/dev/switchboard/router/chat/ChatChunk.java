package dev.switchboard.router.chat;

import dev.switchboard.router.MalformedResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.spi.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * One streamed piece of a chat completion, in the OpenAI {@code chat.completion.chunk} shape.
 * Immutable; every field is kept. Backends that speak another protocol (Anthropic's events)
 * translate into this shape.
 */
public final class ChatChunk {
  private final ObjectNode node; // never handed out: copies only

  private ChatChunk(ObjectNode node) {
    this.node = node;
  }

  /** Parses one chunk. Throws {@link MalformedResponseException} when it is not a JSON object. */
  public static ChatChunk fromJson(String json) {
    return fromJsonNode(Json.parseObject(json, "chat chunk", Json.Fault.REPLY));
  }

  public static ChatChunk fromJsonNode(JsonNode node) {
    return new ChatChunk(Json.requireObject(node, "chat chunk", Json.Fault.REPLY).deepCopy());
  }

  /** A chunk carrying {@code text} as the content delta of choice 0. */
  public static ChatChunk ofContent(String id, String model, String text) {
    ObjectNode n = Json.chunkHeader(id, model);
    ObjectNode choice = n.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta").put("content", text);
    choice.putNull("finish_reason");
    return new ChatChunk(n);
  }

  /** The closing chunk of choice 0 with its finish reason, and usage when known. */
  public static ChatChunk ofFinish(String id, String model, String finishReason, Usage usage) {
    ObjectNode n = Json.chunkHeader(id, model);
    ObjectNode choice = n.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.put("finish_reason", finishReason);
    if (usage != null) {
      n.set("usage", usage.toJsonNode());
    }
    return new ChatChunk(n);
  }

  public Optional<String> id() {
    return Json.text(node.get("id"));
  }

  public Optional<String> model() {
    return Json.text(node.get("model"));
  }

  /** The content delta of choice 0; empty when there is none (a role-only or tool-call chunk). */
  public String contentDelta() {
    JsonNode c = node.path("choices").path(0).path("delta").get("content");
    return c != null && c.isTextual() ? c.textValue() : "";
  }

  /**
   * True when the chunk carries output for the caller: content, a refusal, a tool call, or the
   * model's reasoning ({@code reasoning_content} text or {@code thinking_blocks}), which a
   * thinking model can stream for minutes before its first word of content. A role-only, empty or
   * usage-only chunk carries none.
   */
  public boolean hasOutput() {
    for (JsonNode choice : node.path("choices")) {
      JsonNode delta = choice.path("delta");
      if (nonEmptyText(delta.get("content")) || nonEmptyText(delta.get("refusal"))
          || nonEmptyText(delta.get("reasoning_content"))
          || nonEmptyArray(delta.get("tool_calls")) || nonEmptyArray(delta.get("thinking_blocks"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean nonEmptyText(JsonNode n) {
    return n != null && n.isTextual() && !n.textValue().isEmpty();
  }

  private static boolean nonEmptyArray(JsonNode n) {
    return n != null && n.isArray() && !n.isEmpty();
  }

  /** The finish reason of choice 0 when this chunk carries it. */
  public Optional<String> finishReason() {
    return Json.text(node.path("choices").path(0).get("finish_reason"));
  }

  /** Usage, sent by most servers in the last chunk when asked ({@code stream_options.include_usage}). */
  public Optional<Usage> usage() {
    JsonNode u = node.get("usage");
    return u != null && u.isObject() ? Optional.of(Usage.fromJsonNode(u)) : Optional.empty();
  }

  /** The whole chunk as a JSON tree (a copy). */
  public ObjectNode toJsonNode() {
    return node.deepCopy();
  }

  public String toJson() {
    return Json.write(node);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatChunk c && node.equals(c.node);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(node);
  }

  @Override
  public String toString() {
    return "ChatChunk{chars=" + contentDelta().length() + finishReason().map(f -> ", finish=" + f).orElse("") + "}";
  }
}
