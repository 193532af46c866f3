package dev.switchboard.router.chat;

import dev.switchboard.router.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the OpenAI chat-completions API itself refuses, checked before anything is sent: the one
 * place of these rules for {@link ChatRequest.Builder} and {@link ChatRequest#fromJson} both.
 * Fields it does not know pass untouched (vendor extensions, newer parameters).
 */
final class RequestRules {
  static final List<String> ROLES = List.of(ChatMessage.SYSTEM, ChatMessage.DEVELOPER, ChatMessage.USER,
      ChatMessage.ASSISTANT, ChatMessage.TOOL, ChatMessage.FUNCTION);
  private static final int MAX_SHOWN = 40;

  private record Rule(String allowed, boolean nullable, Predicate<JsonNode> ok) {}

  // Ranges as in OpenAI's API reference (openai-openapi, CreateChatCompletionRequest).
  private static final Map<String, Rule> FIELDS = Map.ofEntries(
      Map.entry("model", new Rule("a string", false, JsonNode::isTextual)),
      Map.entry("temperature", number(0, 2)),
      Map.entry("top_p", number(0, 1)),
      Map.entry("presence_penalty", number(-2, 2)),
      Map.entry("frequency_penalty", number(-2, 2)),
      Map.entry("n", integer("an integer from 1 to 128", 1, 128)),
      Map.entry("max_tokens", integer("an integer from 1 to " + Integer.MAX_VALUE, 1, Integer.MAX_VALUE)),
      Map.entry("max_completion_tokens", integer("an integer from 1 to " + Integer.MAX_VALUE, 1, Integer.MAX_VALUE)),
      Map.entry("top_logprobs", integer("an integer from 0 to 20", 0, 20)),
      Map.entry("seed", integer("an integer", Long.MIN_VALUE, Long.MAX_VALUE)),
      Map.entry("stream", bool()),
      Map.entry("logprobs", bool()),
      Map.entry("parallel_tool_calls", bool()),
      Map.entry("stop", new Rule("a string or an array of strings", true,
          n -> n.isTextual() || n.isArray() && all(n, JsonNode::isTextual))),
      Map.entry("tools", new Rule("an array of tool objects", true, n -> n.isArray() && all(n, JsonNode::isObject))),
      Map.entry("tool_choice", new Rule("\"none\", \"auto\", \"required\" or an object naming a tool", true,
          n -> n.isTextual() || n.isObject())),
      Map.entry("response_format", new Rule("an object such as {\"type\": \"json_object\"}", true, JsonNode::isObject)),
      Map.entry("stream_options", new Rule("an object", true, JsonNode::isObject)),
      Map.entry("logit_bias", new Rule("an object mapping token ids to integers from -100 to 100", true,
          n -> n.isObject() && all(n, v -> whole(v, -100, 100)))));

  private RequestRules() {}

  /** What is wrong with body field {@code name}, or null when nothing is (or the field is not one we check). */
  static String field(String name, JsonNode value) {
    Rule rule = FIELDS.get(name);
    if (rule == null || rule.ok().test(value) || rule.nullable() && value.isNull()) {
      return null;
    }
    return name + " must be " + rule.allowed() + ", but was " + shown(value);
  }

  /** Adds what is wrong with the message at {@code where} ("messages[2]") to {@code problems}. */
  static void message(String where, String role, JsonNode content, Map<String, JsonNode> fields, List<String> problems) {
    switch (role) {
      case ChatMessage.SYSTEM, ChatMessage.DEVELOPER, ChatMessage.USER, ChatMessage.TOOL -> {
        if (absent(content)) {
          problems.add(where + ": a " + role + " message needs content: a string or a non-empty array of content parts");
        } else {
          contentShape(where, content, problems);
        }
      }
      case ChatMessage.ASSISTANT -> {
        if (!absent(content)) {
          contentShape(where, content, problems);
        } else if (absent(fields.get("tool_calls")) && absent(fields.get("function_call")) && absent(fields.get("audio"))) {
          problems.add(where + ": an assistant message needs content or tool_calls");
        }
      }
      case ChatMessage.FUNCTION -> {
        if (!absent(content) && !content.isTextual()) {
          problems.add(where + ".content must be a string or null, but was " + kind(content));
        }
        if (!text(fields.get("name"))) {
          problems.add(where + ": a function message needs a \"name\" string");
        }
      }
      default -> problems.add(where + ".role must be one of " + String.join(", ", ROLES) + ", but was " + quoted(role));
    }
    if (role.equals(ChatMessage.TOOL) && !text(fields.get("tool_call_id"))) {
      problems.add(where + ": a tool message needs a \"tool_call_id\" string naming the call it answers");
    }
    JsonNode name = fields.get("name");
    if (!absent(name) && !name.isTextual()) {
      problems.add(where + ".name must be a string, but was " + kind(name));
    }
    JsonNode calls = fields.get("tool_calls");
    if (!absent(calls) && !(calls.isArray() && all(calls, JsonNode::isObject))) {
      problems.add(where + ".tool_calls must be an array of tool call objects, but was " + kind(calls));
    }
  }

  /** One exception naming every problem. */
  static InvalidRequestException invalid(List<String> problems) {
    return new InvalidRequestException("invalid chat request: " + String.join("; ", problems));
  }

  private static void contentShape(String where, JsonNode content, List<String> problems) {
    if (content.isTextual()) {
      return;
    }
    if (!content.isArray() || content.isEmpty()) {
      problems.add(where + ".content must be a string or a non-empty array of content parts, but was "
          + (content.isArray() ? "an empty array" : kind(content)));
      return;
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      if (!part.isObject() || !part.path("type").isTextual()) {
        problems.add(where + ".content[" + i + "] must be a content part object with a \"type\" string"
            + " ({\"type\": \"text\", \"text\": ...}), but was " + kind(part));
      }
    }
  }

  private static Rule number(double min, double max) {
    return new Rule("a number from " + plain(min) + " to " + plain(max), true, n -> n.isNumber() && within(n, min, max));
  }

  private static Rule integer(String allowed, long min, long max) {
    return new Rule(allowed, true, n -> whole(n, min, max));
  }

  private static Rule bool() {
    return new Rule("true or false", true, JsonNode::isBoolean);
  }

  private static boolean within(JsonNode n, double min, double max) {
    double v = n.doubleValue();
    return v >= min && v <= max; // false for NaN
  }

  private static boolean whole(JsonNode n, long min, long max) {
    if (!n.isNumber() || (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
      return false;
    }
    BigDecimal v = n.decimalValue();
    return v.stripTrailingZeros().scale() <= 0
        && v.compareTo(BigDecimal.valueOf(min)) >= 0 && v.compareTo(BigDecimal.valueOf(max)) <= 0;
  }

  private static boolean all(JsonNode container, Predicate<JsonNode> each) {
    for (JsonNode v : container) {
      if (!each.test(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  private static boolean text(JsonNode n) {
    return n != null && n.isTextual() && !n.textValue().isBlank();
  }

  /** A field's value as it may appear in an error: scalars shown (short), structures named only. */
  private static String shown(JsonNode v) {
    if (v.isTextual()) {
      return quoted(v.textValue()) + " (a string)";
    }
    if (v.isNumber()) {
      return plain(v) + " (" + kind(v) + ")";
    }
    if (v.isBoolean()) {
      return v.asText() + " (a boolean)";
    }
    return kind(v);
  }

  /** A message part's type only: message contents are prompts and never appear in errors. */
  private static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> v.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> v.getNodeType().toString().toLowerCase();
    };
  }

  private static String quoted(String s) {
    return "\"" + (s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...") + "\"";
  }

  private static String plain(JsonNode n) {
    if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
      return n.asText();
    }
    BigDecimal v = n.decimalValue();
    return Math.abs(v.scale()) < 20 ? v.toPlainString() : v.toString();
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
