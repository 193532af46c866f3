package dev.switchboard.router.okhttp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.okhttp.internal.AnthropicTranslator;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * A {@link ChatClient} over Anthropic's native Messages API. Takes and returns the OpenAI
 * chat-completions shape like every other backend, translating both ways: system and developer
 * messages become the {@code system} prompt, tool calls become {@code tool_use} blocks and tool
 * results {@code tool_result} blocks, images become image blocks, stop reasons become finish
 * reasons, and usage (cache reads and writes included) becomes {@link dev.switchboard.router.chat.Usage}.
 * Thinking blocks become the message's {@code reasoning_content} and {@code thinking_blocks}, and
 * go back to Anthropic unchanged when that message is sent again. Streams are translated event by
 * event into chunks. Price it with {@link Providers#anthropicPrice}.
 *
 * <pre>{@code
 * ChatClient claude = AnthropicBackend.builder("claude").build();   // key from ANTHROPIC_API_KEY
 * }</pre>
 */
public final class AnthropicBackend extends HttpBackend {
  /** The API version sent in {@code anthropic-version} unless another is set. */
  public static final String DEFAULT_VERSION = "2023-06-01";

  private final HttpUrl url;
  private final int defaultMaxTokens;

  private AnthropicBackend(Builder b) {
    super(b);
    this.url = baseUrl().newBuilder().addPathSegment("messages").build();
    this.defaultMaxTokens = b.defaultMaxTokens;
  }

  /** A backend named {@code name} at {@code https://api.anthropic.com/v1}, key from ANTHROPIC_API_KEY. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  protected HttpUrl url(ChatRequest request, boolean stream) {
    return url;
  }

  @Override
  protected ObjectNode encode(ChatRequest request, boolean stream) {
    return AnthropicTranslator.toMessages(request, defaultMaxTokens, stream);
  }

  @Override
  protected ChatResponse decode(ObjectNode reply) {
    return AnthropicTranslator.fromMessages(name(), reply);
  }

  @Override
  protected Optional<StreamDecoder> streamDecoder() {
    return Optional.of(new AnthropicTranslator.Decoder(name()));
  }

  @Override
  protected Request authenticate(Request request, String apiKey) {
    return request.newBuilder().header("x-api-key", apiKey).build();
  }

  @Override
  protected String describe() {
    return url.toString();
  }

  /** Builds an {@link AnthropicBackend}. */
  public static final class Builder extends HttpBackendBuilder<Builder> {
    private int defaultMaxTokens = 4096;

    private Builder(String name) {
      super(name, "https://api.anthropic.com/v1");
      apiKeyFromEnv("ANTHROPIC_API_KEY");
      header("anthropic-version", DEFAULT_VERSION);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The {@code anthropic-version} header. Default {@value AnthropicBackend#DEFAULT_VERSION}. */
    public Builder version(String version) {
      if (version == null || version.isBlank()) {
        throw new IllegalArgumentException("anthropic-version must not be blank");
      }
      return header("anthropic-version", version);
    }

    /** {@code max_tokens} for requests that set none (Anthropic requires it). Default 4096. */
    public Builder defaultMaxTokens(int tokens) {
      if (tokens <= 0) {
        throw new IllegalArgumentException("defaultMaxTokens must be positive: " + tokens);
      }
      this.defaultMaxTokens = tokens;
      return this;
    }

    @Override
    public AnthropicBackend build() {
      return new AnthropicBackend(this);
    }
  }
}
