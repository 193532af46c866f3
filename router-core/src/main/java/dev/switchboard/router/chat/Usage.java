package dev.switchboard.router.chat;

import dev.switchboard.router.MalformedResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.spi.Json;
import java.util.Map;
import java.util.Objects;

/**
 * Token usage as a backend reports it, in the OpenAI shape: prompt, completion and total tokens,
 * with {@code prompt_tokens_details.cached_tokens} and
 * {@code completion_tokens_details.reasoning_tokens}. Every other field is kept and written back.
 *
 * <p>Prompt-cache writes, which OpenAI's shape has no field for, are carried as Anthropic names
 * them: {@code cache_creation_input_tokens} (all writes) and
 * {@code cache_creation.ephemeral_1h_input_tokens} (those with a one-hour lifetime). Like cache
 * reads, they are part of {@code prompt_tokens}.
 */
public final class Usage {
  private static final String CACHE_WRITES = "cache_creation_input_tokens";
  private static final String CACHE_WRITE_DETAILS = "cache_creation";
  private static final String CACHE_WRITES_1H = "ephemeral_1h_input_tokens";

  private final Map<String, JsonNode> fields;

  private Usage(Map<String, JsonNode> fields) {
    this.fields = fields;
  }

  public static Usage of(int promptTokens, int completionTokens) {
    return builder().promptTokens(promptTokens).completionTokens(completionTokens).build();
  }

  public static Builder builder() {
    return new Builder(Json.object());
  }

  /** Parses a usage object. Throws {@link MalformedResponseException} when it is not a JSON object. */
  public static Usage fromJson(String json) {
    return fromJsonNode(Json.parseObject(json, "usage", Json.Fault.REPLY));
  }

  public static Usage fromJsonNode(JsonNode node) {
    return new Usage(Json.fieldsExcept(Json.requireObject(node, "usage", Json.Fault.REPLY)));
  }

  public int promptTokens() {
    return intAt("prompt_tokens", null);
  }

  public int completionTokens() {
    return intAt("completion_tokens", null);
  }

  /** {@code total_tokens}, or prompt + completion when the backend did not send it. */
  public int totalTokens() {
    JsonNode t = fields.get("total_tokens");
    return t != null && t.isNumber() ? t.intValue() : promptTokens() + completionTokens();
  }

  /** Prompt tokens served from the provider's prompt cache (billed at the cached-input price). */
  public int cachedPromptTokens() {
    return intAt("prompt_tokens_details", "cached_tokens");
  }

  /**
   * Prompt tokens written to the provider's prompt cache ({@code cache_creation_input_tokens}),
   * billed at the cache-write price; part of {@link #promptTokens()}.
   */
  public int cacheWriteTokens() {
    return intAt(CACHE_WRITES, null);
  }

  /**
   * The part of {@link #cacheWriteTokens()} written with a one-hour lifetime
   * ({@code cache_creation.ephemeral_1h_input_tokens}); the rest has the default lifetime.
   */
  public int cacheWrite1hTokens() {
    return intAt(CACHE_WRITE_DETAILS, CACHE_WRITES_1H);
  }

  /** Reasoning tokens; already included in {@link #completionTokens()} by OpenAI-shaped APIs. */
  public int reasoningTokens() {
    return intAt("completion_tokens_details", "reasoning_tokens");
  }

  /** Any field as sent (a copy), or null. */
  public JsonNode field(String name) {
    JsonNode v = fields.get(name);
    return v == null ? null : v.deepCopy();
  }

  private int intAt(String name, String nested) {
    JsonNode n = fields.get(name);
    if (n != null && nested != null) {
      n = n.get(nested);
    }
    return n != null && n.isNumber() ? n.intValue() : 0;
  }

  public ObjectNode toJsonNode() {
    ObjectNode out = Json.object();
    fields.forEach((k, v) -> out.set(k, v.deepCopy()));
    return out;
  }

  public String toJson() {
    return Json.write(toJsonNode());
  }

  public Builder toBuilder() {
    return new Builder(toJsonNode());
  }

  /** The sum of two usages' token counts (used when a response is assembled from parts). */
  public Usage plus(Usage other) {
    Builder b = builder()
        .promptTokens(promptTokens() + other.promptTokens())
        .completionTokens(completionTokens() + other.completionTokens())
        .cachedPromptTokens(cachedPromptTokens() + other.cachedPromptTokens())
        .reasoningTokens(reasoningTokens() + other.reasoningTokens());
    int writes = cacheWriteTokens() + other.cacheWriteTokens();
    int writes1h = cacheWrite1hTokens() + other.cacheWrite1hTokens();
    if (writes > 0) {
      b.cacheWriteTokens(writes);
    }
    if (writes1h > 0) {
      b.cacheWrite1hTokens(writes1h);
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Usage u && fields.equals(u.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(fields);
  }

  @Override
  public String toString() {
    return "Usage{prompt=" + promptTokens() + ", completion=" + completionTokens()
        + ", cached=" + cachedPromptTokens() + ", cacheWrites=" + cacheWriteTokens()
        + ", reasoning=" + reasoningTokens() + "}";
  }

  /** Builds a {@link Usage}; total_tokens is kept equal to prompt + completion unless set. */
  public static final class Builder {
    private final ObjectNode node;
    private boolean totalSet;

    private Builder(ObjectNode node) {
      this.node = node;
      this.totalSet = node.has("total_tokens");
    }

    public Builder promptTokens(int tokens) {
      node.put("prompt_tokens", nonNegative(tokens, "prompt_tokens"));
      return this;
    }

    public Builder completionTokens(int tokens) {
      node.put("completion_tokens", nonNegative(tokens, "completion_tokens"));
      return this;
    }

    public Builder totalTokens(int tokens) {
      node.put("total_tokens", nonNegative(tokens, "total_tokens"));
      totalSet = true;
      return this;
    }

    public Builder cachedPromptTokens(int tokens) {
      details("prompt_tokens_details").put("cached_tokens", nonNegative(tokens, "cached_tokens"));
      return this;
    }

    /** Prompt tokens written to the prompt cache ({@code cache_creation_input_tokens}). */
    public Builder cacheWriteTokens(int tokens) {
      node.put(CACHE_WRITES, nonNegative(tokens, CACHE_WRITES));
      return this;
    }

    /** Of the cache writes, those with a one-hour lifetime ({@code cache_creation.ephemeral_1h_input_tokens}). */
    public Builder cacheWrite1hTokens(int tokens) {
      details(CACHE_WRITE_DETAILS).put(CACHE_WRITES_1H, nonNegative(tokens, CACHE_WRITES_1H));
      return this;
    }

    public Builder reasoningTokens(int tokens) {
      details("completion_tokens_details").put("reasoning_tokens", nonNegative(tokens, "reasoning_tokens"));
      return this;
    }

    /** Any other field; null removes it. Copied. */
    public Builder field(String name, JsonNode value) {
      if (value == null) {
        node.remove(name);
      } else {
        node.set(name, value.deepCopy());
      }
      return this;
    }

    private ObjectNode details(String name) {
      JsonNode d = node.get(name);
      if (d instanceof ObjectNode o) {
        return o;
      }
      return node.putObject(name);
    }

    private static int nonNegative(int v, String name) {
      if (v < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + v);
      }
      return v;
    }

    public Usage build() {
      ObjectNode copy = node.deepCopy();
      if (!totalSet) {
        copy.put("total_tokens", copy.path("prompt_tokens").asInt(0) + copy.path("completion_tokens").asInt(0));
      }
      return new Usage(Json.fieldsExcept(copy));
    }
  }
}
