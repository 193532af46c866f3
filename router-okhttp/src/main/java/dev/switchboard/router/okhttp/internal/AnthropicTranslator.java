package dev.switchboard.router.okhttp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.okhttp.StreamDecoder;
import dev.switchboard.router.spi.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Translates between the OpenAI chat-completions shape and Anthropic's Messages API, both ways:
 * system prompt, turns, images, tools, thinking, stop reasons, usage with cache tokens, and
 * stream events.
 *
 * <p>Thinking: Anthropic's {@code thinking} and {@code redacted_thinking} blocks become the
 * assistant message's {@code reasoning_content} (the thinking text, for reading) and
 * {@code thinking_blocks} (the blocks exactly as sent, signatures included). When that message is
 * sent back in a later turn, {@code thinking_blocks} go back unchanged, before its text and
 * tool_use blocks, as Anthropic requires in a tool-use loop.
 */
public final class AnthropicTranslator {
  private static final String REASONING = "reasoning_content";
  private static final String THINKING_BLOCKS = "thinking_blocks";

  private AnthropicTranslator() {}

  /** The Messages API body for {@code request}. Fields Anthropic has no use for are not sent. */
  public static ObjectNode toMessages(ChatRequest request, int defaultMaxTokens, boolean stream) {
    ObjectNode out = Json.object();
    request.model().ifPresent(m -> out.put("model", m));
    out.put("max_tokens", request.maxTokens().orElse(defaultMaxTokens));
    StringBuilder system = new StringBuilder();
    ArrayNode messages = out.putArray("messages");
    for (ChatMessage m : request.messages()) {
      switch (m.role()) {
        case ChatMessage.SYSTEM, ChatMessage.DEVELOPER -> {
          if (system.length() > 0) {
            system.append("\n\n");
          }
          system.append(m.text());
        }
        case ChatMessage.TOOL -> append(messages, "user", toolResult(m));
        case ChatMessage.ASSISTANT -> append(messages, "assistant", assistantBlocks(m));
        default -> append(messages, "user", userBlocks(m));
      }
    }
    if (system.length() > 0) {
      out.put("system", system.toString());
    }
    request.temperature().ifPresent(t -> out.put("temperature", Math.min(t, 1.0))); // Anthropic's range is 0..1
    request.topP().ifPresent(p -> out.put("top_p", p));
    request.field("stop").ifPresent(s -> {
      ArrayNode seqs = out.putArray("stop_sequences");
      if (s.isArray()) {
        s.forEach(seqs::add);
      } else if (s.isTextual()) {
        seqs.add(s);
      }
    });
    request.field("tools").filter(JsonNode::isArray).ifPresent(tools -> out.set("tools", tools(tools)));
    JsonNode choice = request.field("tool_choice").map(AnthropicTranslator::toolChoice).orElse(null);
    boolean parallelOff = request.field("parallel_tool_calls").map(p -> p.isBoolean() && !p.booleanValue()).orElse(false);
    if (parallelOff && request.hasTools()) {
      if (choice == null) {
        choice = Json.object().put("type", "auto");
      }
      ((ObjectNode) choice).put("disable_parallel_tool_use", true);
    }
    if (choice != null) {
      out.set("tool_choice", choice);
    }
    request.field("user").filter(JsonNode::isTextual).ifPresent(u -> out.putObject("metadata").set("user_id", u));
    request.field("thinking").filter(JsonNode::isObject).ifPresent(t -> out.set("thinking", t));
    if (stream) {
      out.put("stream", true);
    }
    return out;
  }

  /** Consecutive turns of one role become one Anthropic message (the API wants them alternating). */
  private static void append(ArrayNode messages, String role, ArrayNode blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.get("content")).addAll(blocks);
      return;
    }
    ObjectNode m = messages.addObject();
    m.put("role", role);
    m.set("content", blocks);
  }

  private static ArrayNode userBlocks(ChatMessage m) {
    ArrayNode blocks = Json.NODES.arrayNode();
    JsonNode content = m.content().orElse(null);
    if (content == null || content.isNull()) {
      return blocks;
    }
    if (content.isTextual()) {
      blocks.addObject().put("type", "text").put("text", content.textValue());
      return blocks;
    }
    for (JsonNode part : content) {
      String type = part.path("type").asText("");
      switch (type) {
        case "text" -> blocks.addObject().put("type", "text").put("text", part.path("text").asText(""));
        case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(part.path("image_url").asText(""))));
        default -> {
          if (part.isTextual()) {
            blocks.addObject().put("type", "text").put("text", part.textValue());
          } else {
            throw new InvalidRequestException("Anthropic does not take content parts of type '" + type + "'");
          }
        }
      }
    }
    return blocks;
  }

  private static ObjectNode image(String url) {
    ObjectNode block = Json.object().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (url.startsWith("data:")) {
      int semi = url.indexOf(';');
      int comma = url.indexOf(',');
      if (semi < 0 || comma < semi || !url.substring(semi, comma).contains("base64")) {
        throw new InvalidRequestException("an image data URL must be data:<media type>;base64,<data>");
      }
      source.put("type", "base64").put("media_type", url.substring(5, semi)).put("data", url.substring(comma + 1));
    } else {
      source.put("type", "url").put("url", url);
    }
    return block;
  }

  private static ArrayNode assistantBlocks(ChatMessage m) {
    ArrayNode blocks = Json.NODES.arrayNode();
    for (JsonNode block : m.field(THINKING_BLOCKS).orElse(Json.NODES.arrayNode())) {
      if (!block.isObject()) {
        throw new InvalidRequestException("an assistant message's thinking_blocks must be the objects Anthropic sent, but one was: "
            + Errors.shorten(Json.write(block)));
      }
      blocks.add(block); // unchanged: Anthropic checks the signature
    }
    if (!m.text().isEmpty()) {
      blocks.addObject().put("type", "text").put("text", m.text());
    }
    for (JsonNode call : m.field("tool_calls").orElse(Json.NODES.arrayNode())) {
      JsonNode fn = call.path("function");
      ObjectNode use = blocks.addObject().put("type", "tool_use");
      use.put("id", call.path("id").asText());
      use.put("name", fn.path("name").asText());
      use.set("input", arguments(fn.path("arguments").asText("{}")));
    }
    return blocks;
  }

  private static JsonNode arguments(String json) {
    if (json.isBlank()) {
      return Json.object();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      return n != null && n.isObject() ? n : Json.object().set("value", n);
    } catch (IOException e) {
      throw new InvalidRequestException("tool call arguments are not valid JSON: " + e.getMessage(), e);
    }
  }

  private static ArrayNode toolResult(ChatMessage m) {
    ArrayNode blocks = Json.NODES.arrayNode();
    ObjectNode result = blocks.addObject().put("type", "tool_result");
    result.put("tool_use_id", m.toolCallId().orElseThrow(
        () -> new InvalidRequestException("a tool message needs a tool_call_id")));
    result.put("content", m.text());
    return blocks;
  }

  private static ArrayNode tools(JsonNode tools) {
    ArrayNode out = Json.NODES.arrayNode();
    for (JsonNode t : tools) {
      JsonNode fn = t.has("function") ? t.get("function") : t;
      ObjectNode tool = out.addObject().put("name", fn.path("name").asText());
      if (fn.hasNonNull("description")) {
        tool.set("description", fn.get("description"));
      }
      tool.set("input_schema", fn.hasNonNull("parameters") ? fn.get("parameters")
          : Json.object().put("type", "object").set("properties", Json.object()));
    }
    return out;
  }

  private static JsonNode toolChoice(JsonNode choice) {
    if (choice.isTextual()) {
      return switch (choice.textValue()) {
        case "required" -> Json.object().put("type", "any");
        case "none" -> Json.object().put("type", "none");
        default -> Json.object().put("type", "auto");
      };
    }
    String name = choice.path("function").path("name").asText(null);
    return name != null ? Json.object().put("type", "tool").put("name", name) : Json.object().put("type", "auto");
  }

  /** An Anthropic message as a chat completion. */
  public static ChatResponse fromMessages(String backend, ObjectNode message) {
    JsonNode content = message.get("content");
    if (content == null || !content.isArray()) {
      throw Errors.malformed(backend, "the answer has no \"content\" array: not an Anthropic message", null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode thinking = Json.NODES.arrayNode();
    ArrayNode calls = Json.NODES.arrayNode();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText(""));
        case "thinking" -> {
          reasoning.append(block.path("thinking").asText(""));
          thinking.add(block);
        }
        case "redacted_thinking" -> thinking.add(block);
        case "tool_use" -> {
          ObjectNode call = calls.addObject();
          call.put("id", block.path("id").asText());
          call.put("type", "function");
          call.putObject("function").put("name", block.path("name").asText())
              .put("arguments", Json.write(block.path("input").isMissingNode() ? Json.object() : block.get("input")));
        }
        default -> { } // server-tool blocks have no chat-completions equivalent
      }
    }
    ChatMessage.Builder m = ChatMessage.builder(ChatMessage.ASSISTANT)
        .content(text.length() == 0 && !calls.isEmpty() ? null : text.toString());
    if (reasoning.length() > 0) {
      m.field(REASONING, Json.NODES.textNode(reasoning.toString()));
    }
    if (!thinking.isEmpty()) {
      m.field(THINKING_BLOCKS, thinking);
    }
    if (!calls.isEmpty()) {
      m.field("tool_calls", calls);
    }
    ChatResponse.Builder b = ChatResponse.builder()
        .choice(Choice.of(0, m.build(), finishReason(message.path("stop_reason").asText(null))));
    Json.text(message.get("id")).ifPresent(b::id);
    Json.text(message.get("model")).ifPresent(b::model);
    JsonNode usage = message.get("usage");
    if (usage != null && usage.isObject()) {
      b.usage(usage(usage, 0));
    }
    return b.build();
  }

  /** Anthropic's stop reason as a chat-completions finish reason. */
  public static String finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence", "pause_turn" -> "stop";
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> stopReason;
    };
  }

  /**
   * Anthropic usage in the OpenAI shape. Anthropic's input_tokens excludes cache reads and cache
   * writes; OpenAI's prompt_tokens includes them, with the reads as cached_tokens. The writes keep
   * Anthropic's names ({@code cache_creation_input_tokens}, and the {@code cache_creation}
   * breakdown by lifetime), which {@link Usage#cacheWriteTokens()} reads.
   */
  public static Usage usage(JsonNode u, int knownOutput) {
    int input = u.path("input_tokens").asInt(0);
    int cacheRead = u.path("cache_read_input_tokens").asInt(0);
    int cacheWrite = u.path("cache_creation_input_tokens").asInt(0);
    int output = u.has("output_tokens") ? u.path("output_tokens").asInt(0) : knownOutput;
    Usage.Builder b = Usage.builder().promptTokens(input + cacheRead + cacheWrite).completionTokens(output)
        .cachedPromptTokens(cacheRead);
    if (u.path("cache_creation_input_tokens").isNumber()) {
      b.cacheWriteTokens(cacheWrite);
    }
    JsonNode byLifetime = u.get("cache_creation");
    if (byLifetime != null && byLifetime.isObject()) {
      b.field("cache_creation", byLifetime);
    }
    return b.build();
  }

  /**
   * Anthropic's stream events as chat-completions chunks. Thinking streams as
   * {@code reasoning_content} deltas; each thinking or redacted-thinking block, its signature
   * complete, follows as a {@code thinking_blocks} delta when the block ends.
   */
  public static final class Decoder implements StreamDecoder {
    private final String backend;
    private String id;
    private String model;
    private ObjectNode startUsage; // null until a message_start with usage
    private final Map<Integer, ObjectNode> thinking = new HashMap<>(); // open thinking blocks by index
    private int toolIndex = -1;
    private boolean stopped;

    public Decoder(String backend) {
      this.backend = backend;
    }

    @Override
    public boolean decode(String event, String data, Consumer<ChatChunk> out) {
      ObjectNode e = Json.parseObject(data, "stream event", Json.Fault.REPLY);
      String type = e.path("type").asText(event == null ? "" : event);
      switch (type) {
        case "message_start" -> {
          JsonNode msg = e.path("message");
          id = msg.path("id").asText(null);
          model = msg.path("model").asText(null);
          startUsage = msg.get("usage") instanceof ObjectNode u ? u : null;
          ObjectNode chunk = header();
          ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
          choice.putObject("delta").put("role", "assistant");
          choice.putNull("finish_reason");
          out.accept(ChatChunk.fromJsonNode(chunk));
        }
        case "content_block_start" -> {
          JsonNode block = e.path("content_block");
          switch (block.path("type").asText()) {
            case "tool_use" -> {
              toolIndex++;
              ObjectNode call = toolCall();
              call.put("id", block.path("id").asText()).put("type", "function");
              call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
              out.accept(toolChunk(call));
            }
            case "text" -> {
              if (!block.path("text").asText("").isEmpty()) {
                out.accept(ChatChunk.ofContent(id, model, block.path("text").asText()));
              }
            }
            case "thinking", "redacted_thinking" -> {
              thinking.put(e.path("index").asInt(), ((ObjectNode) block).deepCopy());
              reasoning(block.path("thinking").asText(""), out);
            }
            default -> { } // server-tool blocks have no chat-completions equivalent
          }
        }
        case "content_block_delta" -> {
          JsonNode delta = e.path("delta");
          ObjectNode open = thinking.get(e.path("index").asInt());
          switch (delta.path("type").asText()) {
            case "text_delta" -> out.accept(ChatChunk.ofContent(id, model, delta.path("text").asText("")));
            case "input_json_delta" -> {
              ObjectNode call = toolCall();
              call.putObject("function").put("arguments", delta.path("partial_json").asText(""));
              out.accept(toolChunk(call));
            }
            case "thinking_delta" -> {
              String piece = delta.path("thinking").asText("");
              if (open != null) {
                open.put("thinking", open.path("thinking").asText("") + piece);
              }
              reasoning(piece, out);
            }
            case "signature_delta" -> {
              if (open != null) {
                open.put("signature", open.path("signature").asText("") + delta.path("signature").asText(""));
              }
            }
            default -> { } // citations and delta types added later
          }
        }
        case "content_block_stop" -> {
          ObjectNode block = thinking.remove(e.path("index").asInt());
          if (block != null) {
            ObjectNode delta = Json.object();
            delta.putArray(THINKING_BLOCKS).add(block);
            out.accept(deltaChunk(delta));
          }
        }
        case "message_delta" -> {
          JsonNode u = e.get("usage");
          boolean hasUsage = u instanceof ObjectNode;
          out.accept(ChatChunk.ofFinish(id, model, finishReason(e.path("delta").path("stop_reason").asText(null)), null));
          if (startUsage == null && !hasUsage) {
            break; // no usage at all: the call is estimated, never charged as zero tokens
          }
          ObjectNode merged = startUsage != null ? startUsage.deepCopy() : Json.object();
          if (hasUsage) {
            u.properties().forEach(p -> {
              if (!p.getValue().isNull()) {
                merged.set(p.getKey(), p.getValue()); // message_delta counts are cumulative
              }
            });
          }
          ObjectNode usageChunk = header();
          usageChunk.putArray("choices");
          usageChunk.set("usage", usage(merged, 0).toJsonNode());
          out.accept(ChatChunk.fromJsonNode(usageChunk));
        }
        case "message_stop" -> {
          stopped = true;
          return true;
        }
        case "error" -> {
          JsonNode err = e.path("error");
          String errType = err.path("type").asText("error");
          FailureKind kind = switch (errType) {
            case "rate_limit_error" -> FailureKind.RATE_LIMITED;
            case "invalid_request_error" -> FailureKind.BAD_REQUEST;
            case "authentication_error", "permission_error" -> FailureKind.UNAUTHORIZED;
            case "not_found_error" -> FailureKind.NOT_FOUND;
            default -> FailureKind.SERVER_ERROR; // overloaded_error, api_error
          };
          throw new BackendException(backend, kind, -1, Errors.shorten(err.path("message").asText(errType)), null,
              "the server reported " + errType + " in the middle of the stream", null);
        }
        default -> { } // ping, content_block_stop, and event types added later
      }
      return false;
    }

    private ObjectNode header() {
      return Json.chunkHeader(id, model);
    }

    private ObjectNode toolCall() {
      return Json.object().put("index", Math.max(toolIndex, 0));
    }

    private ChatChunk toolChunk(ObjectNode call) {
      ObjectNode delta = Json.object();
      delta.putArray("tool_calls").add(call);
      return deltaChunk(delta);
    }

    private void reasoning(String piece, Consumer<ChatChunk> out) {
      if (!piece.isEmpty()) {
        out.accept(deltaChunk(Json.object().put(REASONING, piece)));
      }
    }

    private ChatChunk deltaChunk(ObjectNode delta) {
      ObjectNode chunk = header();
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.set("delta", delta);
      choice.putNull("finish_reason");
      return ChatChunk.fromJsonNode(chunk);
    }

    @Override
    public boolean complete() {
      return stopped;
    }
  }
}
