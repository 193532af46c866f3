package com.example.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.okhttp.HttpBackend;
import dev.switchboard.router.okhttp.HttpBackendBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** A provider that implements only the three required hooks gets every default, and a broken hook is named. */
class MinimalProviderTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  /** Posts the chat-completions request as it is to {@code complete} and reads a chat completion back. */
  static class Minimal extends HttpBackend {
    Minimal(Builder b) {
      super(b);
    }

    @Override
    protected HttpUrl url(ChatRequest request, boolean stream) {
      return baseUrl().resolve("complete");
    }

    @Override
    protected ObjectNode encode(ChatRequest request, boolean stream) {
      return request.toJsonNode();
    }

    @Override
    protected ChatResponse decode(ObjectNode reply) {
      return ChatResponse.fromJsonNode(reply);
    }

    static final class Builder extends HttpBackendBuilder<Builder> {
      Builder(String baseUrl) {
        super("minimal", baseUrl);
      }

      @Override
      protected Builder self() {
        return this;
      }

      @Override
      public Minimal build() {
        return new Minimal(this);
      }
    }
  }

  private Minimal.Builder minimal() {
    return new Minimal.Builder(server.url("/v1").toString());
  }

  private static ChatRequest hi() {
    return ChatRequest.builder().user("hi").build();
  }

  private static MockResponse completion(String content) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}")
        .build();
  }

  @Test
  void theKeyGoesAsABearerToken() throws Exception {
    server.enqueue(completion("Hello"));

    ChatResponse r = minimal().apiKey(() -> "k-1").build().chat(hi());

    assertThat(r.content()).isEqualTo("Hello");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/complete");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer k-1");
  }

  @Test
  void withoutAStreamDecoderAStreamIsTheWholeAnswerReplayedAsChunks() throws Exception {
    server.enqueue(completion("Hello"));
    List<String> deltas = new ArrayList<>();

    ChatResponse r = minimal().build().stream(hi(), (ChatChunk c) -> deltas.add(c.contentDelta()))
        .completion().get(10, TimeUnit.SECONDS);

    assertThat(r.content()).isEqualTo("Hello");
    assertThat(String.join("", deltas)).isEqualTo("Hello");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getHeaders().get("Accept")).as("a plain call, not a stream").isEqualTo("application/json");
    assertThat(sent.getBody().utf8()).doesNotContain("\"stream\"");
  }

  @Test
  void errorBodiesAreReadInTheCommonShapes() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"unknown field 'foo'\"}}").build());

    BackendException e = catchThrowableOfType(BackendException.class, () -> minimal().build().chat(hi()));

    assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(e.providerMessage()).contains("unknown field 'foo'");
  }

  @Test
  void itsNameShowsTheBaseUrl() {
    assertThat(minimal().build().toString())
        .isEqualTo("Minimal{minimal, " + server.url("/v1/") + ", key=no key configured}");
  }

  @Test
  void aHookThatReturnsNullIsNamed() {
    Minimal broken = new Minimal(minimal()) {
      @Override
      protected ObjectNode encode(ChatRequest request, boolean stream) {
        return null;
      }
    };

    assertThatThrownBy(() -> broken.chat(hi())).isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(".encode() returned null");
    assertThat(server.getRequestCount()).isZero();
  }
}
