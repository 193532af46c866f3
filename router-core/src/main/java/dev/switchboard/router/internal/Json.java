package dev.switchboard.router.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.SwitchboardException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Shared JSON plumbing for the value types. Not API: may change without notice.
 *
 * <p>Numbers are read as {@code BigDecimal} where they have a fraction so that parse then write
 * gives back the same value, and integers keep their own node type.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  static {
    MAPPER.setNodeFactory(NODES);
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxStringLength(64 * 1024 * 1024)
        .build());
  }

  private Json() {}

  /**
   * Whose fault JSON of the wrong shape is: a request the caller built ({@link InvalidRequestException}:
   * fix the request) or a reply a backend sent ({@link MalformedResponseException}: a backend error).
   */
  public enum Fault {
    REQUEST,
    REPLY;

    public SwitchboardException exception(String message, Throwable cause) {
      return this == REQUEST ? new InvalidRequestException(message, cause) : new MalformedResponseException(message, cause);
    }
  }

  /** Parses a JSON object; anything else (bad syntax, an array, a scalar) is the {@code fault}'s exception. */
  public static ObjectNode parseObject(String json, String what, Fault fault) {
    if (json == null) {
      throw fault.exception(what + " JSON is null", null);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw fault.exception(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return requireObject(node, what, fault);
  }

  public static ObjectNode requireObject(JsonNode node, String what, Fault fault) {
    if (node == null || !node.isObject()) {
      throw fault.exception(what + " must be a JSON object but was "
          + (node == null || node.isMissingNode() ? "empty" : node.getNodeType().toString().toLowerCase()), null);
    }
    return (ObjectNode) node;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e); // a tree always serialises
    }
  }

  /** Copies every field of {@code object} except the named ones, deep-copied, in order. */
  public static Map<String, JsonNode> fieldsExcept(ObjectNode object, String... excluded) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    outer:
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      for (String x : excluded) {
        if (x.equals(e.getKey())) {
          continue outer;
        }
      }
      out.put(e.getKey(), e.getValue().deepCopy());
    }
    return Collections.unmodifiableMap(out);
  }

  public static Optional<String> text(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode()
        ? Optional.empty()
        : Optional.of(node.isTextual() ? node.textValue() : node.toString());
  }

  public static Optional<String> textField(Map<String, JsonNode> fields, String name) {
    return text(fields.get(name));
  }

  public static ObjectNode object() {
    return NODES.objectNode();
  }
  /** The fields every chat-completions stream chunk starts with: id and model when known. */
  public static ObjectNode chunkHeader(String id, String model) {
    ObjectNode n = object();
    if (id != null) {
      n.put("id", id);
    }
    n.put("object", "chat.completion.chunk");
    if (model != null) {
      n.put("model", model);
    }
    return n;
  }

}
