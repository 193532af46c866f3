package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.okhttp.HttpBackend;
import dev.switchboard.router.okhttp.HttpBackendBuilder;
import dev.switchboard.router.okhttp.StreamDecoder;
import dev.switchboard.router.spi.Json;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * "TextGen", a provider nobody ships, added from outside router-okhttp on its public extension
 * surface only; docs/backends.md ("Adding a provider") shows this class. Its protocol is not
 * OpenAI's: POST {@code /generate} with {@code {"model","prompt","max_tokens","stream"}}, key in
 * {@code X-TextGen-Key}; the answer is {@code {"text","tokens_in","tokens_out","stop"}}; a stream is
 * {@code token} events ({@code {"text"}}) then one {@code done} event (the counts and stop) or a
 * {@code problem} event; errors are {@code {"problem": "..."}}.
 */
public final class TextGenBackend extends HttpBackend {
  private TextGenBackend(Builder b) {
    super(b);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  protected HttpUrl url(ChatRequest request, boolean stream) {
    return baseUrl().resolve("generate");
  }

  @Override
  protected ObjectNode encode(ChatRequest request, boolean stream) {
    ObjectNode body = Json.object();
    request.model().ifPresent(m -> body.put("model", m));
    body.put("prompt", request.messages().stream()
        .map(m -> m.role() + ": " + m.text())
        .collect(Collectors.joining("\n")));
    request.maxTokens().ifPresent(n -> body.put("max_tokens", n));
    return body.put("stream", stream);
  }

  @Override
  protected ChatResponse decode(ObjectNode reply) {
    JsonNode text = reply.get("text");
    if (text == null || !text.isTextual()) {
      throw new MalformedResponseException("a TextGen answer has a \"text\" string");
    }
    return ChatResponse.builder()
        .choice(Choice.of(0, ChatMessage.assistant(text.textValue()), finishReason(reply)))
        .usage(usage(reply))
        .build();
  }

  @Override
  protected Optional<StreamDecoder> streamDecoder() {
    return Optional.of(new Events());
  }

  @Override
  protected Request authenticate(Request request, String apiKey) {
    return request.newBuilder().header("X-TextGen-Key", apiKey).build();
  }

  /** {@code {"problem": "..."}}; another body (a proxy's HTML page) as the default reads it. */
  @Override
  protected String providerMessage(String body, String contentType) {
    JsonNode problem = Json.parseObject(body, "error body", Json.Fault.REPLY).path("problem");
    return problem.isTextual() ? problem.textValue() : super.providerMessage(body, contentType);
  }

  private static String finishReason(JsonNode reply) {
    return "max_tokens".equals(reply.path("stop").asText()) ? "length" : "stop";
  }

  private static Usage usage(JsonNode reply) {
    return Usage.of(reply.path("tokens_in").asInt(), reply.path("tokens_out").asInt());
  }

  /** One stream's events; a new one per stream, so it may keep state. */
  private final class Events implements StreamDecoder {
    @Override
    public boolean decode(String event, String data, Consumer<ChatChunk> out) {
      ObjectNode e = Json.parseObject(data, "TextGen event", Json.Fault.REPLY);
      switch (event == null ? "" : event) {
        case "token" -> {
          out.accept(ChatChunk.ofContent(null, null, e.path("text").asText()));
          return false;
        }
        case "done" -> {
          out.accept(ChatChunk.ofFinish(null, null, finishReason(e), usage(e)));
          return true;
        }
        case "problem" -> throw new BackendException(name(), FailureKind.SERVER_ERROR,
            "TextGen reported a problem mid-stream: " + e.path("problem").asText());
        default -> throw new MalformedResponseException("TextGen sends no '" + event + "' event");
      }
    }
  }

  public static final class Builder extends HttpBackendBuilder<Builder> {
    private Builder(String name) {
      super(name, "https://api.textgen.example/v1");
      apiKeyFromEnv("TEXTGEN_API_KEY");
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public TextGenBackend build() {
      return new TextGenBackend(this);
    }
  }
}
