package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.spi.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every chat request, response and chunk in the recorded fixtures survives parse then write as
 * the same JSON tree: nothing the library does not model is lost.
 */
class FixtureRoundTripTest {

  @Test
  void everyFixtureRoundTripsAsTheSameJsonTree() throws Exception {
    List<String> requests = new ArrayList<>();
    List<String> responses = new ArrayList<>();
    List<String> chunks = new ArrayList<>();
    for (Path p : Fixtures.all()) {
      String name = Fixtures.root().relativize(p).toString();
      String text = java.nio.file.Files.readString(p);
      if (name.endsWith(".curl.sh")) {
        String body = Fixtures.curlBody(text);
        if (body != null && body.contains("\"messages\"")) {
          assertRequestRoundTrips(name, body);
          requests.add(name);
        }
      } else if (name.endsWith(".sse.txt")) {
        for (String data : Fixtures.sseData(text)) {
          JsonNode tree = Json.MAPPER.readTree(data);
          if (tree.path("object").asText().equals("chat.completion.chunk")) {
            assertThat(Json.MAPPER.readTree(ChatChunk.fromJson(data).toJson())).as(name).isEqualTo(tree);
            chunks.add(name);
          }
        }
      } else if (name.endsWith(".jsonl")) {
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
          JsonNode tree = Json.MAPPER.readTree(line);
          JsonNode body = tree.has("body") ? tree.get("body") : tree.path("response").path("body");
          if (body.has("messages")) {
            assertRequestRoundTrips(name, body.toString());
            requests.add(name);
          } else if (body.path("object").asText().equals("chat.completion")) {
            assertResponseRoundTrips(name, body.toString());
            responses.add(name);
          }
        }
      } else if (name.endsWith(".json") && !name.contains("INDEX")) {
        JsonNode tree;
        try {
          tree = Json.MAPPER.readTree(text);
        } catch (Exception notStrictJson) {
          continue; // documentation text kept verbatim; its .strict.json twin is tested
        }
        if (tree.path("object").asText().equals("chat.completion")) {
          assertResponseRoundTrips(name, text);
          responses.add(name);
        }
      }
    }
    assertThat(requests).as("request bodies found").hasSizeGreaterThanOrEqualTo(6);
    assertThat(responses).as("responses found").hasSizeGreaterThanOrEqualTo(10);
    assertThat(chunks).as("stream chunks found").hasSizeGreaterThanOrEqualTo(15);
  }

  private static void assertRequestRoundTrips(String name, String json) throws Exception {
    ChatRequest request = ChatRequest.fromJson(json);
    JsonNode expected = Json.MAPPER.readTree(json);
    assertThat(Json.MAPPER.readTree(request.toJson())).as(name).isEqualTo(expected);
    assertThat(Json.MAPPER.readTree(request.toBuilder().build().toJson())).as(name + " via builder").isEqualTo(expected);
  }

  private static void assertResponseRoundTrips(String name, String json) throws Exception {
    ChatResponse response = ChatResponse.fromJson(json);
    JsonNode expected = Json.MAPPER.readTree(json);
    assertThat(Json.MAPPER.readTree(response.toJson())).as(name).isEqualTo(expected);
  }
}
