package dev.switchboard.router.spi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.SwitchboardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON plumbing the wire types use, for adapter writers who read and write the same shapes:
 * one {@link #MAPPER} configured for lossless numbers, parsing that names what was wrong and
 * whose fault it was ({@link Fault}), and the canonical form cache keys hash.
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

  // WRITE_PROPERTIES_SORTED (Jackson 2.16+) sorts ObjectNode properties at every depth;
  // SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS sorts java.util.Maps only, never ObjectNodes.
  private static final ObjectWriter SORTED = MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

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

  /**
   * The canonical UTF-8 form of a tree, for hashing: object keys sorted at every depth (by
   * {@link String#compareTo}) and every number written as its value with trailing zeros stripped,
   * so {@code 50}, {@code 50.0} and {@code 5e1} are all written {@code 5E+1}. Not for the wire.
   */
  public static byte[] canonicalBytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new NumbersByValue(MAPPER.createGenerator(out))) {
      SORTED.writeValue(g, node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e); // a tree always serialises, to memory
    }
    return out.toByteArray();
  }

  /** Writes each number as one spelling of its value; the numbers' own nodes call these methods. */
  private static final class NumbersByValue extends JsonGeneratorDelegate {
    NumbersByValue(JsonGenerator g) {
      super(g, false);
    }

    @Override
    public void writeNumber(short v) throws IOException {
      writeNumber(BigDecimal.valueOf(v));
    }

    @Override
    public void writeNumber(int v) throws IOException {
      writeNumber(BigDecimal.valueOf(v));
    }

    @Override
    public void writeNumber(long v) throws IOException {
      writeNumber(BigDecimal.valueOf(v));
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
      writeNumber(new BigDecimal(v));
    }

    @Override
    public void writeNumber(float v) throws IOException {
      writeNumber((double) v);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      if (Double.isFinite(v)) {
        writeNumber(BigDecimal.valueOf(v));
      } else {
        delegate.writeNumber(v);
      }
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
      delegate.writeNumber(v.stripTrailingZeros());
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
