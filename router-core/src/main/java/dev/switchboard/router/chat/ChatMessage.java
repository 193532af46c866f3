package dev.switchboard.router.chat;

import dev.switchboard.router.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.spi.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation, in the OpenAI chat-completions shape. Immutable.
 *
 * <p>Content is either a string or an array of parts (text, image_url, input_audio...); both are
 * kept as sent. Every other field ({@code name}, {@code tool_calls}, {@code tool_call_id},
 * {@code refusal}, fields this library has never heard of) is kept too and written back unchanged.
 */
public final class ChatMessage {
  public static final String SYSTEM = "system";
  public static final String DEVELOPER = "developer";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
  public static final String TOOL = "tool";
  /** The deprecated predecessor of {@link #TOOL}; still accepted by OpenAI. */
  public static final String FUNCTION = "function";

  private final String role;
  private final JsonNode content; // null when absent
  private final Map<String, JsonNode> fields; // everything but role and content, in order
  private final String text; // derived once: messages are read by the classifier on every request

  private ChatMessage(String role, JsonNode content, Map<String, JsonNode> fields) {
    this.role = role;
    this.content = content;
    this.fields = fields;
    this.text = textOf(content);
  }

  public static ChatMessage system(String text) {
    return of(SYSTEM, text);
  }

  public static ChatMessage user(String text) {
    return of(USER, text);
  }

  public static ChatMessage assistant(String text) {
    return of(ASSISTANT, text);
  }

  /** A tool result answering the tool call {@code toolCallId}. */
  public static ChatMessage tool(String toolCallId, String text) {
    return builder(TOOL).content(text).field("tool_call_id", Json.NODES.textNode(toolCallId)).build();
  }

  public static ChatMessage of(String role, String text) {
    return builder(role).content(text).build();
  }

  public static Builder builder(String role) {
    return new Builder(role);
  }

  /**
   * Reads a message from its JSON object; throws {@link InvalidRequestException} when it is not one.
   * What a request's messages must hold besides a role is checked when they join a request.
   */
  public static ChatMessage fromJsonNode(JsonNode node) {
    return fromJsonNode(node, Json.Fault.REQUEST, "message");
  }

  /** {@code where} names the message in errors ("messages[2]"); its content never appears in them. */
  static ChatMessage fromJsonNode(JsonNode node, Json.Fault fault, String where) {
    ObjectNode object = Json.requireObject(node, where, fault);
    JsonNode role = object.get("role");
    if (role == null || !role.isTextual()) {
      throw fault.exception(where + " has no \"role\" string; a role is one of " + String.join(", ", RequestRules.ROLES),
          null);
    }
    JsonNode content = object.get("content");
    return new ChatMessage(role.textValue(), content == null ? null : content.deepCopy(),
        Json.fieldsExcept(object, "role", "content"));
  }

  public String role() {
    return role;
  }

  /**
   * The text of the message: the content string, or the text parts of a content array joined by
   * newlines. Empty, never null, when there is no text (a tool-call-only assistant turn).
   */
  public String text() {
    return text;
  }

  /** The content exactly as sent: a string, an array of parts, or null (absent or JSON null). */
  public Optional<JsonNode> content() {
    return content == null ? Optional.empty() : Optional.of(content.deepCopy());
  }

  /** True when the content contains an image part. */
  public boolean hasImage() {
    if (content == null || !content.isArray()) {
      return false;
    }
    for (JsonNode part : content) {
      String type = part.path("type").asText("");
      if (type.equals("image_url") || type.equals("image") || type.equals("input_image")) {
        return true;
      }
    }
    return false;
  }

  /** True for an assistant turn that calls tools. */
  public boolean hasToolCalls() {
    JsonNode calls = fields.get("tool_calls");
    return calls != null && calls.isArray() && !calls.isEmpty();
  }

  public Optional<String> name() {
    return Json.textField(fields, "name");
  }

  public Optional<String> toolCallId() {
    return Json.textField(fields, "tool_call_id");
  }

  /** Any other field of the message, as sent (a copy). */
  public Optional<JsonNode> field(String name) {
    if (name.equals("role")) {
      return Optional.of(Json.NODES.textNode(role));
    }
    if (name.equals("content")) {
      return content();
    }
    JsonNode value = fields.get(name);
    return value == null ? Optional.empty() : Optional.of(value.deepCopy());
  }

  public ObjectNode toJsonNode() {
    ObjectNode out = Json.object();
    out.put("role", role);
    if (content != null) {
      out.set("content", content.deepCopy());
    }
    fields.forEach((k, v) -> out.set(k, v.deepCopy()));
    return out;
  }

  public String toJson() {
    return Json.write(toJsonNode());
  }

  /** Adds what keeps this message out of a request, as {@code where} ("messages[2]"), to {@code problems}. */
  void requestProblems(String where, java.util.List<String> problems) {
    RequestRules.message(where, role, content, fields, problems);
  }

  public Builder toBuilder() {
    Builder b = new Builder(role);
    b.content = content;
    b.fields.putAll(fields);
    return b;
  }

  private static String textOf(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        JsonNode t = part.isTextual() ? part : part.get("text");
        if (t != null && t.isTextual()) {
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append(t.textValue());
        }
      }
      return sb.toString();
    }
    return content.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatMessage m && role.equals(m.role) && Objects.equals(content, m.content)
        && fields.equals(m.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, content, fields);
  }

  @Override
  public String toString() {
    return "ChatMessage{role=" + role + ", chars=" + text.length() + "}";
  }

  /** Builds a {@link ChatMessage}. */
  public static final class Builder {
    private final String role;
    private JsonNode content;
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();

    private Builder(String role) {
      if (role == null || role.isBlank()) {
        throw new InvalidRequestException("a message's role must be one of " + String.join(", ", RequestRules.ROLES)
            + ", but was " + (role == null ? "null" : "blank"));
      }
      this.role = role;
    }

    public Builder content(String text) {
      this.content = text == null ? null : Json.NODES.textNode(text);
      return this;
    }

    /** Content as parts (an array) or any other JSON the provider accepts. Copied. */
    public Builder content(JsonNode content) {
      this.content = content == null ? null : content.deepCopy();
      return this;
    }

    public Builder name(String name) {
      return field("name", Json.NODES.textNode(name));
    }

    /** Sets any other field; {@code null} removes it. Copied. */
    public Builder field(String name, JsonNode value) {
      if (name.equals("role") || name.equals("content")) {
        throw new InvalidRequestException("set " + name + " through its own builder method, not field()");
      }
      if (value == null) {
        fields.remove(name);
      } else {
        fields.put(name, value.deepCopy());
      }
      return this;
    }

    public ChatMessage build() {
      return new ChatMessage(role, content, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
    }
  }
}
