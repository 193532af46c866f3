package dev.switchboard.router.okhttp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.MalformedResponseException;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.okhttp.internal.Errors;
import dev.switchboard.router.okhttp.internal.Transport;
import dev.switchboard.router.spi.Streams;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * A {@link ChatClient} over one provider's HTTP protocol. Everything that is the same for every
 * provider is done here and cannot be changed: the API key (read on every call, never printed),
 * extra headers, connect, call, first-token and idle timeouts, the router's time budget as the
 * call's timeout, cancellation, the reply-size bound, reading server-sent events, and the mapping
 * of every failure (an HTTP status with Retry-After, a refused connection, a cut stream, a reply
 * that is not JSON) to a {@link dev.switchboard.router.BackendException}.
 *
 * <p>What differs between providers is a handful of protected hooks. A provider implements three:
 * <ul>
 *   <li>{@link #url} where a request is posted;
 *   <li>{@link #encode} the request, in chat-completions shape, as the provider's JSON body;
 *   <li>{@link #decode} the provider's JSON answer as a {@link ChatResponse};
 * </ul>
 * and overrides these when its protocol needs it:
 * <ul>
 *   <li>{@link #streamDecoder} reads its stream events (default: it cannot stream, so a stream is
 *       the whole answer replayed as chunks);
 *   <li>{@link #authenticate} puts the key on a request (default {@code Authorization: Bearer});
 *   <li>{@link #providerMessage} reads its error bodies (default: the OpenAI, Anthropic, Ollama and
 *       FastAPI shapes, an HTML page's title, else the text);
 *   <li>{@link #describe} what {@link #toString} shows besides the name (default the base URL).
 * </ul>
 * The hooks are called for many requests at once, so they must be thread-safe; none is called
 * from the constructor. {@link OpenAiCompatibleBackend} and {@link AnthropicBackend} are built on
 * exactly these hooks; docs/backends.md ("Adding a provider") shows a provider of your own.
 *
 * <p>A subclass pairs with a builder that extends {@link HttpBackendBuilder}: its constructor passes
 * the builder to {@link #HttpBackend(HttpBackendBuilder)} and reads its own settings from it.
 */
public abstract class HttpBackend implements ChatClient {
  private final Transport transport;
  private final HttpUrl baseUrl;

  /** Takes the builder's settings (name, base URL, key, headers, timeouts, client); later changes to it do not reach this backend. */
  protected HttpBackend(HttpBackendBuilder<?> builder) {
    Objects.requireNonNull(builder, "builder");
    this.transport = builder.transport(this::authenticated, this::providerMessageOrDefault);
    this.baseUrl = builder.configuredBaseUrl();
  }

  /**
   * Where {@code request} is posted: usually a path below {@link #baseUrl()}, and may depend on the
   * request (a model in the path) or on whether it streams.
   */
  protected abstract HttpUrl url(ChatRequest request, boolean stream);

  /**
   * The JSON body that asks the provider for {@code request}, a chat-completions request (messages,
   * model, tools and whatever fields the caller set). When {@code stream} is true the body must ask
   * for server-sent events. Throw {@link dev.switchboard.router.InvalidRequestException} for a
   * request this provider cannot express: it is the caller's fault and is not failed over.
   */
  protected abstract ObjectNode encode(ChatRequest request, boolean stream);

  /**
   * The provider's answer, a JSON object, as a chat completion (choices, finish reasons, usage so the
   * router can cost it). Also reads a whole answer sent to a stream request by a server that does not
   * stream. Throw {@link MalformedResponseException} when the object is not an answer of this
   * protocol: the call fails as {@code MALFORMED_RESPONSE} naming the backend, and is failed over.
   */
  protected abstract ChatResponse decode(ObjectNode reply);

  /**
   * A new decoder for one stream of this provider's server-sent events. Default: none, for a provider
   * that cannot stream; {@link #stream} then asks {@link #chatAsync} and delivers the whole answer as
   * chunks, and {@link #encode} is never asked for a stream.
   */
  protected Optional<StreamDecoder> streamDecoder() {
    return Optional.empty();
  }

  /**
   * {@code request} with {@code apiKey} on it, in this provider's header. Called for every request
   * when a key is configured, with the key already checked to be set and trimmed. Default:
   * {@code Authorization: Bearer <key>}.
   */
  protected Request authenticate(Request request, String apiKey) {
    return request.newBuilder().header("Authorization", "Bearer " + apiKey).build();
  }

  /**
   * The provider's own message in an error reply ({@code body}, whose {@code Content-Type} is
   * {@code contentType}, either may be null or empty), or null when it says nothing. It becomes the
   * exception's {@code providerMessage()}, shortened and with the key removed. Default: the
   * OpenAI ({@code error.message}), Anthropic, Ollama ({@code error} string) and FastAPI
   * ({@code detail}) shapes, an HTML page's title, else the text. Override to read another shape,
   * and call this for anything else. An override that throws gets the default's reading instead: a
   * body it did not expect never hides the HTTP status.
   */
  protected String providerMessage(String body, String contentType) {
    return Errors.providerMessage(body, contentType);
  }

  /** What {@link #toString} shows between the name and the key's source. Default: the base URL. Never the key. */
  protected String describe() {
    return baseUrl.toString();
  }

  /** The backend's name, as set on the builder: name it in the exceptions a hook throws. */
  protected final String name() {
    return transport.backend();
  }

  /** The base URL set on the builder, ending in {@code /}. */
  protected final HttpUrl baseUrl() {
    return baseUrl;
  }

  @Override
  public final ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.call(urlOf(request, false), encoded(request, false), request.routing().timeBudget(),
        this::decoded);
  }

  @Override
  public final CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.callAsync(urlOf(request, false), encoded(request, false), request.routing().timeBudget(),
        this::decoded);
  }

  @Override
  public final StreamHandle stream(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Optional<StreamDecoder> decoder = returned(streamDecoder(), "streamDecoder");
    if (decoder.isEmpty()) {
      return Streams.fromAsync(this, request, listener);
    }
    return transport.stream(urlOf(request, true), encoded(request, true), request.routing().timeBudget(),
        decoder.get(), this::decoded, listener);
  }

  /** The class, the name, {@link #describe()} and where the key comes from; never the key. */
  @Override
  public final String toString() {
    String detail = describe();
    return getClass().getSimpleName() + "{" + name() + (detail == null || detail.isEmpty() ? "" : ", " + detail)
        + ", key=" + transport.keySource() + "}";
  }

  private HttpUrl urlOf(ChatRequest request, boolean stream) {
    return returned(url(request, stream), "url");
  }

  private ObjectNode encoded(ChatRequest request, boolean stream) {
    return returned(encode(request, stream), "encode");
  }

  private ChatResponse decoded(ObjectNode reply) {
    try {
      return returned(decode(reply), "decode");
    } catch (MalformedResponseException e) {
      throw Errors.malformed(name(), "the answer is JSON but not an answer this backend reads: " + e.getMessage(), e);
    }
  }

  private String providerMessageOrDefault(String body, String contentType) {
    try {
      return providerMessage(body, contentType);
    } catch (RuntimeException e) {
      return Errors.providerMessage(body, contentType);
    }
  }

  private Request authenticated(Request request, String apiKey) {
    return returned(authenticate(request, apiKey), "authenticate");
  }

  /** A hook's result, or an error naming the hook that broke its contract. */
  private <T> T returned(T value, String hook) {
    if (value == null) {
      throw new IllegalStateException(getClass().getName() + "." + hook + "() returned null");
    }
    return value;
  }
}
