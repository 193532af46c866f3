package dev.switchboard.router.chat;

import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.classify.TaskCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.spi.Json;
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
 *
 * <p>Valid by construction: the builder and {@link #fromJson} both refuse, with an
 * {@link InvalidRequestException} naming the field, its value's type and what is allowed, what the
 * OpenAI API itself refuses (a temperature outside 0..2, a user message without content, an unknown
 * role...), so nothing invalid is ever sent. Fields the library does not know are not checked.
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

  /**
   * Parses a chat-completions request body. Throws {@link InvalidRequestException} on bad input,
   * naming every field that is wrong.
   */
  public static ChatRequest fromJson(String json) {
    return fromJsonNode(Json.parseObject(json, "chat request", Json.Fault.REQUEST));
  }

  /** Reads a chat-completions request body; see {@link #fromJson}. */
  public static ChatRequest fromJsonNode(JsonNode node) {
    ObjectNode object = Json.requireObject(node, "chat request", Json.Fault.REQUEST);
    JsonNode msgs = object.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw new InvalidRequestException("chat request needs a non-empty \"messages\" array");
    }
    List<String> problems = new ArrayList<>();
    List<ChatMessage> list = new ArrayList<>(msgs.size());
    for (int i = 0; i < msgs.size(); i++) {
      String where = "messages[" + i + "]";
      ChatMessage m = ChatMessage.fromJsonNode(msgs.get(i), Json.Fault.REQUEST, where);
      m.requestProblems(where, problems);
      list.add(m);
    }
    Map<String, JsonNode> fields = Json.fieldsExcept(object, "messages");
    fields.forEach((name, value) -> {
      String problem = RequestRules.field(name, value);
      if (problem != null) {
        problems.add(problem);
      }
    });
    if (!problems.isEmpty()) {
      throw RequestRules.invalid(problems);
    }
    return new ChatRequest(Collections.unmodifiableList(list), fields, RoutingMetadata.NONE);
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

  /**
   * Builds a {@link ChatRequest}. Every setter checks its value at once, as {@link #fromJson} does,
   * and throws {@link InvalidRequestException} naming the field and what is allowed.
   */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();
    private RoutingMetadata.Builder routing = RoutingMetadata.builder();

    private Builder() {}

    public Builder model(String model) {
      return put("model", model == null ? null : Json.NODES.textNode(model));
    }

    /** Adds a message; one the OpenAI API would refuse (a user message without content...) is refused here. */
    public Builder message(ChatMessage message) {
      Objects.requireNonNull(message, "message");
      List<String> problems = new ArrayList<>(0);
      message.requestProblems("messages[" + messages.size() + "]", problems);
      if (!problems.isEmpty()) {
        throw RequestRules.invalid(problems);
      }
      messages.add(message);
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

    /** From 0 to 2. */
    public Builder temperature(double temperature) {
      return put("temperature", decimal(temperature));
    }

    /** From 0 to 1. */
    public Builder topP(double topP) {
      return put("top_p", decimal(topP));
    }

    /** Sets {@code max_tokens} (at least 1), which every OpenAI-compatible server understands. */
    public Builder maxTokens(int maxTokens) {
      return put("max_tokens", Json.NODES.numberNode(maxTokens));
    }

    /** How many choices to generate, from 1 to 128. */
    public Builder n(int n) {
      return put("n", Json.NODES.numberNode(n));
    }

    public Builder stream(boolean stream) {
      return put("stream", Json.NODES.booleanNode(stream));
    }

    /** The {@code tools} array, as the OpenAI API takes it. */
    public Builder tools(JsonNode tools) {
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

    /**
     * Any body field, as the provider takes it; {@code null} removes it. The value is copied. A
     * field the OpenAI API defines is checked as its own setter would check it.
     */
    public Builder field(String name, JsonNode value) {
      if (name.equals("messages")) {
        throw new InvalidRequestException("set messages through message()/messages(), not field()");
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
        return this;
      }
      String problem = RequestRules.field(name, value);
      if (problem != null) {
        throw new InvalidRequestException(problem);
      }
      fields.put(name, value.deepCopy());
      return this;
    }

    // Exact decimals write 0.7 as 0.7; NaN and infinities stay doubles for the rule to name them.
    private static JsonNode decimal(double value) {
      return Double.isFinite(value) ? Json.NODES.numberNode(BigDecimal.valueOf(value)) : Json.NODES.numberNode(value);
    }

    /** @throws InvalidRequestException when there is no message */
    public ChatRequest build() {
      if (messages.isEmpty()) {
        throw new InvalidRequestException("a chat request needs at least one message");
      }
      return new ChatRequest(List.copyOf(messages), Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
          routing.build());
    }
  }
}
