package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.spi.StreamAssembler;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reasoning and thinking blocks stream as output and assemble into the same message as a plain answer. */
class ReasoningStreamTest {
  private static ChatChunk delta(String deltaJson) {
    return ChatChunk.fromJson("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + deltaJson + ",\"finish_reason\":null}]}");
  }

  @Test
  void reasoningIsOutputSoAThinkingModelIsNotTakenForSilent() {
    assertThat(delta("{\"reasoning_content\":\"Let me see\"}").hasOutput()).isTrue();
    assertThat(delta("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"x\"}]}").hasOutput()).isTrue();
    assertThat(delta("{\"reasoning_content\":\"\"}").hasOutput()).isFalse();
    assertThat(delta("{\"thinking_blocks\":[]}").hasOutput()).isFalse();
    assertThat(delta("{\"role\":\"assistant\"}").hasOutput()).isFalse();
  }

  @Test
  void reasoningPiecesAreJoinedAndThinkingBlocksKeptInOrder() {
    StreamAssembler a = new StreamAssembler();
    a.add(delta("{\"role\":\"assistant\"}"));
    a.add(delta("{\"reasoning_content\":\"Let me \"}"));
    a.add(delta("{\"reasoning_content\":\"see.\"}"));
    a.add(delta("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"Let me see.\",\"signature\":\"s1\"}]}"));
    a.add(delta("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"d2\"}]}"));
    a.add(delta("{\"content\":\"42\"}"));

    ChatMessage m = a.toResponse().message().orElseThrow();

    assertThat(m.text()).isEqualTo("42");
    assertThat(m.field("reasoning_content")).contains(Json.NODES.textNode("Let me see."));
    JsonNode blocks = m.field("thinking_blocks").orElseThrow();
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).path("signature").asText()).isEqualTo("s1");
    assertThat(blocks.get(1).path("data").asText()).isEqualTo("d2");
  }

  @Test
  void aResponseWithReasoningSplitsIntoChunksThatAssembleBackToIt() {
    ChatResponse original = ChatResponse.fromJson("""
        {"id":"r","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant",
          "content":"42","reasoning_content":"think",
          "thinking_blocks":[{"type":"thinking","thinking":"think","signature":"s"},{"type":"redacted_thinking","data":"d"}]},
          "finish_reason":"stop"}]}
        """);

    StreamAssembler a = new StreamAssembler();
    List<ChatChunk> chunks = StreamAssembler.split(original);
    chunks.forEach(a::add);

    assertThat(a.toResponse().message()).isEqualTo(original.message());
  }
}
