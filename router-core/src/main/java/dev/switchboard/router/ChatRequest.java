package dev.switchboard.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.internal.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A chat-completions request in the OpenAI wire shape. Immutable and thread-safe.
 *
 * <p>Lossless: every field of the body, including ones this library does not model (tools,
 * tool_choice, response_format, seed, stream_options, logprobs, vendor extensions), survives
 * {@link #fromJson} then {@link #toJson} unchanged. The {@link RoutingMetadata} travels beside the
 * body and is never part of {@link #toJson()}.
 */
public final class ChatRequest {
  private final List<ChatMessage> messages;
  private final Map<String, JsonNode> fields; // every body field but messages, in order
  private final RoutingMetadata routing;

  private ChatRequest(List<ChatMessage> messages, Map<String, JsonNode> fields, RoutingMetadata routing) {
    this.messages = messages;
    this.fields = fields;
    this.routing = routing;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses a chat-completions request body. Throws {@link InvalidRequestException} on bad input. */
  public static ChatRequest fromJson(String json) {
    return fromJsonNode(Json.parseObject(json, "chat request"));
  }

  public static ChatRequest fromJsonNode(JsonNode node) {
    ObjectNode object = Json.requireObject(node, "chat request");
    JsonNode msgs = object.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw new InvalidRequestException("chat request needs a non-empty \"messages\" array");
    }
    List<ChatMessage> list = new ArrayList<>(msgs.size());
    for (JsonNode m : msgs) {
      list.add(ChatMessage.fromJsonNode(m));
    }
    return new ChatRequest(Collections.unmodifiableList(list), Json.fieldsExcept(object, "messages"),
        RoutingMetadata.NONE);
  }

  public List<ChatMessage> messages() {
    return messages;
  }

  /** The last message with role user, if any. */
  public Optional<ChatMessage> lastUserMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals(ChatMessage.USER)) {
        return Optional.of(messages.get(i));
      }
    }
    return Optional.empty();
  }

  public Optional<String> model() {
    return Json.textField(fields, "model");
  }

  public OptionalDouble temperature() {
    return number(fields.get("temperature"));
  }

  public OptionalDouble topP() {
    return number(fields.get("top_p"));
  }

  /** {@code max_completion_tokens}, or the older {@code max_tokens}. */
  public OptionalInt maxTokens() {
    JsonNode n = fields.get("max_completion_tokens");
    if (n == null || !n.isNumber()) {
      n = fields.get("max_tokens");
    }
    return n != null && n.isNumber() ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
  }

  /** How many choices are asked for; 1 when absent. */
  public int n() {
    JsonNode n = fields.get("n");
    return n != null && n.isNumber() ? n.intValue() : 1;
  }

  public boolean stream() {
    JsonNode s = fields.get("stream");
    return s != null && s.asBoolean(false);
  }

  public boolean hasTools() {
    JsonNode t = fields.get("tools");
    return t != null && t.isArray() && !t.isEmpty();
  }

  /** {@code response_format.type}: "text", "json_object", "json_schema", when given. */
  public Optional<String> responseFormatType() {
    JsonNode rf = fields.get("response_format");
    if (rf == null || !rf.isObject()) {
      return Optional.empty();
    }
    return Json.text(rf.get("type"));
  }

  /** True when any message carries an image part. */
  public boolean hasImages() {
    for (ChatMessage m : messages) {
      if (m.hasImage()) {
        return true;
      }
    }
    return false;
  }

  /** Any body field other than messages, as sent (a copy). */
  public Optional<JsonNode> field(String name) {
    JsonNode v = fields.get(name);
    return v == null ? Optional.empty() : Optional.of(v.deepCopy());
  }

  /** The names of the body fields other than messages, in their order. */
  public Set<String> fieldNames() {
    return fields.keySet();
  }

  public RoutingMetadata routing() {
    return routing;
  }

  /** This request with other routing metadata; the body is shared, not copied. */
  public ChatRequest withRouting(RoutingMetadata routing) {
    return new ChatRequest(messages, fields, Objects.requireNonNull(routing, "routing"));
  }

  /** This request with another model; everything else is shared. */
  public ChatRequest withModel(String model) {
    Map<String, JsonNode> copy = new LinkedHashMap<>(fields);
    if (model == null) {
      copy.remove("model");
    } else if (!copy.containsKey("model")) {
      Map<String, JsonNode> first = new LinkedHashMap<>();
      first.put("model", Json.NODES.textNode(model));
      first.putAll(copy);
      copy = first;
    } else {
      copy.put("model", Json.NODES.textNode(model));
    }
    return new ChatRequest(messages, Collections.unmodifiableMap(copy), routing);
  }

  /** The body as a JSON tree (a fresh copy). Routing metadata is not part of it. */
  public ObjectNode toJsonNode() {
    ObjectNode out = Json.object();
    boolean written = false;
    for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
      if (!written && !e.getKey().equals("model")) {
        out.set("messages", messagesNode());
        written = true;
      }
      out.set(e.getKey(), e.getValue().deepCopy());
    }
    if (!written) {
      out.set("messages", messagesNode());
    }
    return out;
  }

  private ArrayNode messagesNode() {
    ArrayNode arr = Json.NODES.arrayNode(messages.size());
    for (ChatMessage m : messages) {
      arr.add(m.toJsonNode());
    }
    return arr;
  }

  /** The body as JSON. Routing metadata is not part of it. */
  public String toJson() {
    return Json.write(toJsonNode());
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.fields.putAll(fields);
    b.routing = routing.toBuilder();
    return b;
  }

  private static OptionalDouble number(JsonNode n) {
    return n != null && n.isNumber() ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatRequest r && messages.equals(r.messages) && fields.equals(r.fields)
        && routing.equals(r.routing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messages, fields, routing);
  }

  /** Says what the request is without its content: prompts are not logged by default. */
  @Override
  public String toString() {
    return "ChatRequest{model=" + model().orElse("?") + ", messages=" + messages.size()
        + ", fields=" + fields.keySet() + ", routing=" + routing + "}";
  }

  /** Builds a {@link ChatRequest}. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();
    private RoutingMetadata.Builder routing = RoutingMetadata.builder();

    private Builder() {}

    public Builder model(String model) {
      return put("model", model == null ? null : Json.NODES.textNode(model));
    }

    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    public Builder messages(List<ChatMessage> messages) {
      this.messages.clear();
      messages.forEach(this::message);
      return this;
    }

    public Builder system(String text) {
      return message(ChatMessage.system(text));
    }

    public Builder user(String text) {
      return message(ChatMessage.user(text));
    }

    public Builder assistant(String text) {
      return message(ChatMessage.assistant(text));
    }

    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be within [0, 2]: " + temperature);
      }
      return put("temperature", Json.NODES.numberNode(BigDecimal.valueOf(temperature)));
    }

    public Builder topP(double topP) {
      if (!(topP > 0 && topP <= 1)) {
        throw new IllegalArgumentException("top_p must be within (0, 1]: " + topP);
      }
      return put("top_p", Json.NODES.numberNode(BigDecimal.valueOf(topP)));
    }

    /** Sets {@code max_tokens}, which every OpenAI-compatible server understands. */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens <= 0) {
        throw new IllegalArgumentException("max_tokens must be positive: " + maxTokens);
      }
      return put("max_tokens", Json.NODES.numberNode(maxTokens));
    }

    public Builder n(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive: " + n);
      }
      return put("n", Json.NODES.numberNode(n));
    }

    public Builder stream(boolean stream) {
      return put("stream", Json.NODES.booleanNode(stream));
    }

    /** The {@code tools} array, as the OpenAI API takes it. */
    public Builder tools(JsonNode tools) {
      if (tools != null && !tools.isArray()) {
        throw new IllegalArgumentException("tools must be a JSON array");
      }
      return put("tools", tools);
    }

    public Builder toolChoice(JsonNode toolChoice) {
      return put("tool_choice", toolChoice);
    }

    public Builder responseFormat(JsonNode responseFormat) {
      return put("response_format", responseFormat);
    }

    /** {@code response_format: {"type": "json_object"}}. */
    public Builder jsonMode() {
      ObjectNode rf = Json.object();
      rf.put("type", "json_object");
      return put("response_format", rf);
    }

    /** Any body field, as the provider takes it; {@code null} removes it. The value is copied. */
    public Builder field(String name, JsonNode value) {
      if (name.equals("messages")) {
        throw new IllegalArgumentException("set messages through message()/messages()");
      }
      return put(name, value);
    }

    public Builder routing(RoutingMetadata routing) {
      this.routing = routing.toBuilder();
      return this;
    }

    /** The service this request is accounted to (budgets, cache isolation). */
    public Builder service(String service) {
      routing.service(service);
      return this;
    }

    public Builder priority(Priority priority) {
      routing.priority(priority);
      return this;
    }

    public Builder tag(String tag) {
      routing.tag(tag);
      return this;
    }

    public Builder categoryHint(TaskCategory category) {
      routing.categoryHint(category);
      return this;
    }

    public Builder tierHint(String tier) {
      routing.tierHint(tier);
      return this;
    }

    /** Cache this request's answer although its temperature is not 0 (docs/cache.md). */
    public Builder cacheable() {
      routing.cacheable();
      return this;
    }

    /** Neither read nor write the response cache for this request. */
    public Builder bypassCache() {
      routing.bypassCache();
      return this;
    }

    private Builder put(String name, JsonNode value) {
      if (value == null) {
        fields.remove(name);
      } else {
        fields.put(name, value.deepCopy());
      }
      return this;
    }

    /** @throws IllegalStateException when there is no message */
    public ChatRequest build() {
      if (messages.isEmpty()) {
        throw new IllegalStateException("a chat request needs at least one message");
      }
      return new ChatRequest(List.copyOf(messages), Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
          routing.build());
    }
  }
}
