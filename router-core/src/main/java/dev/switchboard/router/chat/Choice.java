package dev.switchboard.router.chat;

import dev.switchboard.router.MalformedResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.spi.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One choice of a {@link ChatResponse}: its index, message and finish reason; other fields kept. */
public final class Choice {
  private final int index;
  private final ChatMessage message;
  private final String finishReason;
  private final Map<String, JsonNode> fields; // everything but index, message, finish_reason

  private Choice(int index, ChatMessage message, String finishReason, Map<String, JsonNode> fields) {
    this.index = index;
    this.message = message;
    this.finishReason = finishReason;
    this.fields = fields;
  }

  public static Choice of(int index, ChatMessage message, String finishReason) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    return new Choice(index, Objects.requireNonNull(message, "message"), finishReason, Map.of());
  }

  static Choice fromJsonNode(JsonNode node) {
    ObjectNode o = Json.requireObject(node, "choice", Json.Fault.REPLY);
    JsonNode message = o.get("message");
    if (message == null || !message.isObject()) {
      throw new MalformedResponseException("choice has no \"message\" object");
    }
    return new Choice(o.path("index").asInt(0), ChatMessage.fromJsonNode(message, Json.Fault.REPLY, "choice message"),
        Json.text(o.get("finish_reason")).orElse(null), Json.fieldsExcept(o, "index", "message", "finish_reason"));
  }

  public int index() {
    return index;
  }

  public ChatMessage message() {
    return message;
  }

  /** "stop", "length", "tool_calls", "content_filter"...; empty when the backend sent null. */
  public Optional<String> finishReason() {
    return Optional.ofNullable(finishReason);
  }

  /** Any other field (logprobs, ...) as sent, a copy. */
  public Optional<JsonNode> field(String name) {
    JsonNode v = fields.get(name);
    return v == null ? Optional.empty() : Optional.of(v.deepCopy());
  }

  /** This choice with one more field (logprobs, ...); copied. */
  public Choice withField(String name, JsonNode value) {
    if (name.equals("index") || name.equals("message") || name.equals("finish_reason")) {
      throw new IllegalArgumentException(name + " is not set through withField");
    }
    Map<String, JsonNode> f = new java.util.LinkedHashMap<>(fields);
    f.put(name, value.deepCopy());
    return new Choice(index, message, finishReason, java.util.Collections.unmodifiableMap(f));
  }

  ObjectNode toJsonNode(boolean writeNullFinishReason) {
    ObjectNode out = Json.object();
    out.put("index", index);
    out.set("message", message.toJsonNode());
    fields.forEach((k, v) -> out.set(k, v.deepCopy()));
    if (finishReason != null) {
      out.put("finish_reason", finishReason);
    } else if (writeNullFinishReason) {
      out.putNull("finish_reason");
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Choice c && index == c.index && message.equals(c.message)
        && Objects.equals(finishReason, c.finishReason) && fields.equals(c.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, message, finishReason, fields);
  }

  @Override
  public String toString() {
    return "Choice{index=" + index + ", finish=" + finishReason + ", " + message + "}";
  }
}
