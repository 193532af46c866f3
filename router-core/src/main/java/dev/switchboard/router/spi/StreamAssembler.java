package dev.switchboard.router.spi;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.chat.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the whole {@link ChatResponse} out of streamed {@link ChatChunk}s: content, refusals and
 * reasoning ({@code reasoning_content}) are concatenated per choice, {@code thinking_blocks} are
 * appended in order, tool calls are merged by their index (a name once, arguments in pieces, or a
 * whole call in one chunk as Ollama sends it), and the usage chunk is kept. Not thread-safe: feed
 * it from one thread (stream listeners are called serially).
 */
public final class StreamAssembler {
  private final ObjectNode top = Json.object();
  private final Map<Integer, ChoiceState> choices = new TreeMap<>();
  private Usage usage;
  private int chunks;
  private long chars;

  /** Adds one chunk. */
  public StreamAssembler add(ChatChunk chunk) {
    chunks++;
    ObjectNode n = chunk.toJsonNode();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String k = e.getKey();
      if (!k.equals("choices") && !k.equals("usage") && !k.equals("object") && !top.has(k)
          && !e.getValue().isNull()) {
        top.set(k, e.getValue().deepCopy());
      }
    }
    JsonNode u = n.get("usage");
    if (u != null && u.isObject()) {
      usage = Usage.fromJsonNode(u);
    }
    for (JsonNode c : n.path("choices")) {
      int index = c.path("index").asInt(0);
      chars += choices.computeIfAbsent(index, i -> new ChoiceState()).add(c);
    }
    return this;
  }

  /** How many chunks were added. */
  /**
   * How many characters of output are held so far: content, refusals, reasoning, thinking blocks,
   * tool-call pieces and logprob entries (as JSON), every choice. A reader that must not hold an
   * unbounded answer checks it.
   */
  public long chars() {
    return chars;
  }

  public int chunkCount() {
    return chunks;
  }

  /** The text received so far on choice 0. */
  public String text() {
    ChoiceState s = choices.get(0);
    return s == null ? "" : s.content.text.toString();
  }

  /** The usage chunk, when one arrived. */
  public Usage usage() {
    return usage;
  }

  /** The response assembled from everything added so far. */
  public ChatResponse toResponse() {
    ChatResponse.Builder b = ChatResponse.builder();
    top.properties().forEach(e -> b.field(e.getKey(), e.getValue()));
    for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
      b.choice(e.getValue().toChoice(e.getKey()));
    }
    return b.usage(usage).build();
  }

  /**
   * The chunks that stream {@code response}: per choice one chunk with the whole message and
   * one with its finish reason, then a usage-only chunk when the response has usage. Used to
   * stream an answer that was not streamed (a cache hit, a non-streaming backend).
   */
  public static List<ChatChunk> split(ChatResponse response) {
    List<ChatChunk> out = new ArrayList<>();
    ObjectNode base = Json.object();
    response.id().ifPresent(id -> base.put("id", id));
    base.put("object", "chat.completion.chunk");
    response.field("created").ifPresent(c -> base.set("created", c));
    response.model().ifPresent(m -> base.put("model", m));
    for (Choice c : response.choices()) {
      ObjectNode chunk = base.deepCopy();
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", c.index());
      ObjectNode delta = c.message().toJsonNode();
      JsonNode calls = delta.get("tool_calls");
      if (calls instanceof ArrayNode arr) {
        for (int i = 0; i < arr.size(); i++) {
          if (arr.get(i) instanceof ObjectNode call && !call.has("index")) {
            call.put("index", i);
          }
        }
      }
      choice.set("delta", delta);
      c.field("logprobs").ifPresent(l -> choice.set("logprobs", l));
      choice.putNull("finish_reason");
      out.add(ChatChunk.fromJsonNode(chunk));
      ObjectNode end = base.deepCopy();
      ObjectNode endChoice = end.putArray("choices").addObject();
      endChoice.put("index", c.index());
      endChoice.putObject("delta");
      if (c.finishReason().isPresent()) {
        endChoice.put("finish_reason", c.finishReason().get());
      } else {
        endChoice.putNull("finish_reason");
      }
      out.add(ChatChunk.fromJsonNode(end));
    }
    response.usage().ifPresent(u -> {
      ObjectNode chunk = base.deepCopy();
      chunk.putArray("choices");
      chunk.set("usage", u.toJsonNode());
      out.add(ChatChunk.fromJsonNode(chunk));
    });
    return out;
  }

  /** Text joined from string deltas, and whether any came (an empty string counts). */
  private static final class Joined {
    final StringBuilder text = new StringBuilder();
    boolean seen;

    /** Returns how many characters it added. */
    long add(JsonNode delta) {
      if (delta.isTextual()) {
        text.append(delta.textValue());
        seen = true;
        return delta.textValue().length();
      }
      return 0;
    }
  }

  private static final class ChoiceState {
    String role;
    final Joined content = new Joined();
    final Joined refusal = new Joined();
    final Joined reasoning = new Joined();
    ArrayNode thinkingBlocks;
    final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
    String finishReason;
    ArrayNode logprobContent;
    final ObjectNode extra = Json.object();

    /** Adds one choice of a chunk; returns how many characters of output it added. */
    long add(JsonNode choice) {
      long added = 0;
      JsonNode delta = choice.path("delta");
      for (Map.Entry<String, JsonNode> e : delta.properties()) {
        JsonNode v = e.getValue();
        switch (e.getKey()) {
          case "role" -> {
            if (v.isTextual() && !v.textValue().isBlank()) {
              role = v.textValue();
            }
          }
          case "content" -> added += content.add(v);
          case "refusal" -> added += refusal.add(v);
          case "reasoning_content" -> added += reasoning.add(v);
          case "thinking_blocks" -> {
            if (v.isArray()) {
              if (thinkingBlocks == null) {
                thinkingBlocks = Json.NODES.arrayNode();
              }
              for (JsonNode block : v) {
                thinkingBlocks.add(block.deepCopy());
                added += Json.write(block).length();
              }
            }
          }
          case "tool_calls" -> added += mergeToolCalls(v);
          default -> {
            if (!v.isNull()) {
              extra.set(e.getKey(), v.deepCopy());
            }
          }
        }
      }
      JsonNode f = choice.get("finish_reason");
      if (f != null && f.isTextual()) {
        finishReason = f.textValue();
      }
      JsonNode lp = choice.path("logprobs").get("content");
      if (lp != null && lp.isArray()) {
        if (logprobContent == null) {
          logprobContent = Json.NODES.arrayNode();
        }
        for (JsonNode t : lp) {
          logprobContent.add(t.deepCopy());
          added += Json.write(t).length();
        }
      }
      return added;
    }

    private long mergeToolCalls(JsonNode calls) {
      if (!calls.isArray()) {
        return 0;
      }
      long added = 0;
      int position = 0;
      for (JsonNode call : calls) {
        int index = call.has("index") ? call.get("index").asInt() : toolCalls.size() + position;
        position++;
        ObjectNode acc = toolCalls.computeIfAbsent(index, i -> Json.object());
        for (Map.Entry<String, JsonNode> e : call.properties()) {
          String k = e.getKey();
          JsonNode v = e.getValue();
          if (k.equals("index") || v.isNull()) {
            continue;
          }
          if (k.equals("function") && v.isObject()) {
            ObjectNode fn = acc.has("function") ? (ObjectNode) acc.get("function") : acc.putObject("function");
            for (Map.Entry<String, JsonNode> f : v.properties()) {
              if (f.getKey().equals("arguments") && f.getValue().isTextual()) {
                String before = fn.path("arguments").asText("");
                fn.put("arguments", before + f.getValue().textValue());
                added += f.getValue().textValue().length();
              } else if (!f.getValue().isNull()) {
                fn.set(f.getKey(), f.getValue().deepCopy());
                added += f.getValue().asText().length();
              }
            }
          } else {
            acc.set(k, v.deepCopy());
            added += v.asText().length();
          }
        }
      }
      return added;
    }

    Choice toChoice(int index) {
      ChatMessage.Builder m = ChatMessage.builder(role == null ? ChatMessage.ASSISTANT : role);
      m.content(content.seen || toolCalls.isEmpty() ? content.text.toString() : null);
      if (refusal.seen) {
        m.field("refusal", Json.NODES.textNode(refusal.text.toString()));
      }
      if (reasoning.seen) {
        m.field("reasoning_content", Json.NODES.textNode(reasoning.text.toString()));
      }
      if (thinkingBlocks != null) {
        m.field("thinking_blocks", thinkingBlocks);
      }
      if (!toolCalls.isEmpty()) {
        ArrayNode arr = Json.NODES.arrayNode();
        toolCalls.values().forEach(arr::add);
        m.field("tool_calls", arr);
      }
      extra.properties().forEach(e -> m.field(e.getKey(), e.getValue()));
      Choice c = Choice.of(index, m.build(), finishReason);
      if (logprobContent != null) {
        ObjectNode lp = Json.object();
        lp.set("content", logprobContent);
        return c.withField("logprobs", lp);
      }
      return c;
    }
  }
}
