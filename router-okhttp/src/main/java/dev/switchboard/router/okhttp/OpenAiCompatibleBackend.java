package dev.switchboard.router.okhttp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.okhttp.internal.Errors;
import dev.switchboard.router.okhttp.internal.OpenAiStreamDecoder;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * A {@link ChatClient} for any server that speaks OpenAI chat completions: vLLM, Ollama's
 * {@code /v1}, llama.cpp's server, OpenAI, Azure OpenAI, Gemini's OpenAI endpoint, Groq, Together,
 * Fireworks, Mistral, DeepSeek, OpenRouter. {@link Providers} has a preset for each.
 *
 * <pre>{@code
 * ChatClient vllm = OpenAiCompatibleBackend.builder("vllm")
 *     .baseUrl("http://localhost:8000/v1")
 *     .build();
 * ChatClient openai = Providers.openAi().build();   // key from OPENAI_API_KEY
 * }</pre>
 *
 * <p>The request body is sent as it is, every field included; for streams it adds
 * {@code stream: true} and, unless turned off, {@code stream_options.include_usage} so that
 * streamed calls are costed like any other. Every failure is a {@link dev.switchboard.router.BackendException}.
 * Immutable and thread-safe; build one per backend and share it.
 */
public final class OpenAiCompatibleBackend extends HttpBackend {
  private final HttpUrl url;
  private final boolean streamUsage;
  private final String azureApiVersion;

  private OpenAiCompatibleBackend(Builder b) {
    super(b);
    this.azureApiVersion = b.azureApiVersion;
    if (azureApiVersion != null) {
      this.url = baseUrl().newBuilder().addPathSegments("openai/deployments").addPathSegment(b.azureDeployment)
          .addPathSegments("chat/completions").addQueryParameter("api-version", azureApiVersion).build();
    } else {
      this.url = baseUrl().newBuilder().addPathSegments("chat/completions").build();
    }
    this.streamUsage = b.streamUsage;
  }

  /** A backend named {@code name}; set at least the base URL (default {@code http://localhost:8000/v1}). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The chat-completions URL this backend posts to. */
  public String url() {
    return url.toString();
  }

  @Override
  protected HttpUrl url(ChatRequest request, boolean stream) {
    return url;
  }

  /** The body sent: the request as it is, with the stream flags this call needs. */
  @Override
  protected ObjectNode encode(ChatRequest request, boolean stream) {
    ObjectNode body = request.toJsonNode();
    if (stream) {
      body.put("stream", true);
      if (streamUsage && !body.has("stream_options")) {
        body.putObject("stream_options").put("include_usage", true);
      }
    } else {
      body.remove("stream");
      body.remove("stream_options");
    }
    return body;
  }

  @Override
  protected ChatResponse decode(ObjectNode reply) {
    try {
      return ChatResponse.fromJsonNode(reply);
    } catch (MalformedResponseException e) {
      throw Errors.malformed(name(), "the answer is JSON but not a chat completion: " + e.getMessage(), e);
    }
  }

  @Override
  protected Optional<StreamDecoder> streamDecoder() {
    return Optional.of(new OpenAiStreamDecoder(name()));
  }

  /** Azure takes the key in {@code api-key}; everyone else as a bearer token. */
  @Override
  protected Request authenticate(Request request, String apiKey) {
    return azureApiVersion == null ? super.authenticate(request, apiKey)
        : request.newBuilder().header("api-key", apiKey).build();
  }

  /** The URL without its query, and Azure's api-version. */
  @Override
  protected String describe() {
    return url.newBuilder().query(null).build() + (azureApiVersion != null ? ", azure api-version=" + azureApiVersion : "");
  }

  /** Builds an {@link OpenAiCompatibleBackend}. */
  public static final class Builder extends HttpBackendBuilder<Builder> {
    private boolean streamUsage = true;
    private String azureDeployment;
    private String azureApiVersion;

    private Builder(String name) {
      super(name, "http://localhost:8000/v1");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Whether streams ask for usage ({@code stream_options.include_usage}). Default true; turn it
     * off for a server that rejects the field.
     */
    public Builder streamUsage(boolean ask) {
      this.streamUsage = ask;
      return this;
    }

    /**
     * Azure OpenAI: posts to {@code {baseUrl}/openai/deployments/{deployment}/chat/completions?api-version=...}
     * with the key in the {@code api-key} header. The base URL is the resource endpoint, such as
     * {@code https://my-resource.openai.azure.com}.
     */
    public Builder azure(String deployment, String apiVersion) {
      if (deployment == null || deployment.isBlank()) {
        throw new IllegalArgumentException("Azure deployment name must not be blank");
      }
      if (apiVersion == null || apiVersion.isBlank()) {
        throw new IllegalArgumentException("Azure api-version must not be blank");
      }
      this.azureDeployment = deployment;
      this.azureApiVersion = apiVersion;
      return this;
    }

    @Override
    public OpenAiCompatibleBackend build() {
      return new OpenAiCompatibleBackend(this);
    }
  }
}
