package dev.switchboard.router.chat;

import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RoutingChatClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.spi.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat-completions response in the OpenAI wire shape, immutable. Every field survives
 * {@link #fromJson} then {@link #toJson}. A response that came through a {@link RoutingChatClient}
 * also carries a {@link RouteInfo} ({@link #route()}): what the router actually did. The route is
 * never part of the JSON.
 */
public final class ChatResponse {
  private final List<Choice> choices;
  private final Usage usage; // null when the backend sent none
  private final Map<String, JsonNode> fields; // everything but choices and usage, in order
  private final boolean choicesNullFinish; // remember whether finish_reason:null was written
  private final RouteInfo route;

  private ChatResponse(List<Choice> choices, Usage usage, Map<String, JsonNode> fields,
      boolean choicesNullFinish, RouteInfo route) {
    this.choices = choices;
    this.usage = usage;
    this.fields = fields;
    this.choicesNullFinish = choicesNullFinish;
    this.route = route;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The simplest response: one assistant message with finish_reason "stop". */
  public static ChatResponse of(String content, Usage usage) {
    return builder().choice(Choice.of(0, ChatMessage.assistant(content), "stop")).usage(usage).build();
  }

  /** Parses a chat-completions response. Throws {@link MalformedResponseException} when it is not one. */
  public static ChatResponse fromJson(String json) {
    return fromJsonNode(Json.parseObject(json, "chat response", Json.Fault.REPLY));
  }

  /** Reads a chat-completions response. Throws {@link MalformedResponseException} when it is not one. */
  public static ChatResponse fromJsonNode(JsonNode node) {
    ObjectNode o = Json.requireObject(node, "chat response", Json.Fault.REPLY);
    JsonNode cs = o.get("choices");
    if (cs == null || !cs.isArray()) {
      throw new MalformedResponseException("chat response has no \"choices\" array");
    }
    List<Choice> list = new ArrayList<>(cs.size());
    boolean nullFinish = false;
    for (JsonNode c : cs) {
      list.add(Choice.fromJsonNode(c));
      nullFinish |= c.has("finish_reason") && c.get("finish_reason").isNull();
    }
    JsonNode u = o.get("usage");
    Usage usage = u != null && u.isObject() ? Usage.fromJsonNode(u) : null;
    Map<String, JsonNode> fields = usage == null ? Json.fieldsExcept(o, "choices")
        : Json.fieldsExcept(o, "choices", "usage");
    return new ChatResponse(Collections.unmodifiableList(list), usage, fields, nullFinish, null);
  }

  public Optional<String> id() {
    return Json.textField(fields, "id");
  }

  /** The model that answered, as the backend named it. */
  public Optional<String> model() {
    return Json.textField(fields, "model");
  }

  public List<Choice> choices() {
    return choices;
  }

  /** The text of the first choice; empty when there is none (a tool-call-only answer). */
  public String content() {
    return choices.isEmpty() ? "" : choices.get(0).message().text();
  }

  /** The first choice's message. */
  public Optional<ChatMessage> message() {
    return choices.isEmpty() ? Optional.empty() : Optional.of(choices.get(0).message());
  }

  /** The first choice's finish reason. */
  public Optional<String> finishReason() {
    return choices.isEmpty() ? Optional.empty() : choices.get(0).finishReason();
  }

  /** True when any choice calls tools. */
  public boolean hasToolCalls() {
    for (Choice c : choices) {
      if (c.message().hasToolCalls()) {
        return true;
      }
    }
    return false;
  }

  /** Usage as the backend reported it; empty when it reported none. */
  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  /** Any other top-level field as sent (a copy). */
  public Optional<JsonNode> field(String name) {
    JsonNode v = fields.get(name);
    return v == null ? Optional.empty() : Optional.of(v.deepCopy());
  }

  /**
   * What the router did to produce this response. Present on every response returned by a
   * {@link RoutingChatClient}; null on a response that did not pass through one (for example
   * straight from a backend adapter).
   */
  public RouteInfo route() {
    return route;
  }

  /** This response with a route attached; the body is shared. */
  public ChatResponse withRoute(RouteInfo route) {
    return new ChatResponse(choices, usage, fields, choicesNullFinish, route);
  }

  /** This response with another usage; the body is otherwise shared. */
  public ChatResponse withUsage(Usage usage) {
    return new ChatResponse(choices, usage, fields, choicesNullFinish, route);
  }

  public ObjectNode toJsonNode() {
    ObjectNode out = Json.object();
    boolean written = false;
    for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
      out.set(e.getKey(), e.getValue().deepCopy());
      if (!written && e.getKey().equals("model")) {
        out.set("choices", choicesNode());
        written = true;
      }
    }
    if (!written) {
      out.set("choices", choicesNode());
    }
    if (usage != null) {
      out.set("usage", usage.toJsonNode());
    }
    return out;
  }

  private ArrayNode choicesNode() {
    ArrayNode arr = Json.NODES.arrayNode(choices.size());
    for (Choice c : choices) {
      arr.add(c.toJsonNode(choicesNullFinish));
    }
    return arr;
  }

  public String toJson() {
    return Json.write(toJsonNode());
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.choices.addAll(choices);
    b.usage = usage;
    b.fields.putAll(fields);
    b.route = route;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatResponse r && choices.equals(r.choices) && Objects.equals(usage, r.usage)
        && fields.equals(r.fields) && Objects.equals(route, r.route);
  }

  @Override
  public int hashCode() {
    return Objects.hash(choices, usage, fields);
  }

  @Override
  public String toString() {
    return "ChatResponse{model=" + model().orElse("?") + ", choices=" + choices.size() + ", usage=" + usage
        + (route != null ? ", route=" + route : "") + "}";
  }

  /** Builds a {@link ChatResponse}; {@code object} defaults to "chat.completion". */
  public static final class Builder {
    private final List<Choice> choices = new ArrayList<>();
    private Usage usage;
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();
    private RouteInfo route;

    private Builder() {}

    public Builder id(String id) {
      return field("id", id == null ? null : Json.NODES.textNode(id));
    }

    public Builder model(String model) {
      return field("model", model == null ? null : Json.NODES.textNode(model));
    }

    public Builder created(long epochSeconds) {
      return field("created", Json.NODES.numberNode(epochSeconds));
    }

    public Builder choice(Choice choice) {
      choices.add(Objects.requireNonNull(choice, "choice"));
      return this;
    }

    public Builder choices(List<Choice> choices) {
      this.choices.clear();
      choices.forEach(this::choice);
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** Any other top-level field; null removes it. Copied. */
    public Builder field(String name, JsonNode value) {
      if (name.equals("choices") || name.equals("usage")) {
        throw new IllegalArgumentException("set " + name + " through its own builder method");
      }
      if (value == null) {
        fields.remove(name);
      } else {
        fields.put(name, value.deepCopy());
      }
      return this;
    }

    public Builder route(RouteInfo route) {
      this.route = route;
      return this;
    }

    public ChatResponse build() {
      Map<String, JsonNode> f = new LinkedHashMap<>();
      f.put("object", Json.NODES.textNode("chat.completion"));
      f.putAll(fields);
      return new ChatResponse(List.copyOf(choices), usage, Collections.unmodifiableMap(f), true, route);
    }
  }
}
