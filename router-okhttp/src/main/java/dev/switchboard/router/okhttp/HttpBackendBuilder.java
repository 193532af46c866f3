package dev.switchboard.router.okhttp;

import dev.switchboard.router.okhttp.internal.OkHttpVersion;
import dev.switchboard.router.okhttp.internal.SharedClient;
import dev.switchboard.router.okhttp.internal.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * What every HTTP backend is configured with: a name, a base URL, an API key, extra headers,
 * timeouts and the {@link OkHttpClient} to derive from. Each setter checks its value at once and
 * names it when it is wrong. The API key is read on every call and never printed. Creating one
 * throws {@link IllegalStateException} when the OkHttp on the class path is not 5.x, naming the jar
 * it came from and the fix (import okhttp-bom), rather than failing later in an OkHttp call.
 *
 * <p>To add a provider, extend it with the provider's own settings, beside an {@link HttpBackend}
 * subclass that {@link #build()} returns:
 *
 * <pre>{@code
 * public static final class Builder extends HttpBackendBuilder<Builder> {
 *   Builder(String name) {
 *     super(name, "https://api.example.com/v1");   // the provider's default base URL
 *     apiKeyFromEnv("EXAMPLE_API_KEY");
 *   }
 *
 *   @Override protected Builder self() { return this; }
 *
 *   @Override public ExampleBackend build() { return new ExampleBackend(this); }
 * }
 * }</pre>
 *
 * @param <B> the subclass itself, which every setter returns
 */
public abstract class HttpBackendBuilder<B extends HttpBackendBuilder<B>> {
  private static final Set<String> AUTH_HEADERS = Set.of("authorization", "api-key", "x-api-key");

  /**
   * 8 MiB. A chat answer is text: even 128k output tokens (the most any current model writes in one
   * answer) are about 0.5 MB of JSON, so this leaves room for many choices and escaped text, yet
   * stops a broken or hostile server from filling the heap.
   */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

  private String name;
  private HttpUrl baseUrl;
  private Supplier<String> apiKey;
  private String keySource = "no key configured";
  private final Map<String, String> headers = new LinkedHashMap<>();
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration callTimeout = Duration.ofMinutes(5);
  private Duration firstTokenTimeout = Duration.ofSeconds(60);
  private Duration idleTimeout = Duration.ofSeconds(60);
  private OkHttpClient httpClient;
  private Function<String, String> environment = System::getenv;
  private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

  /**
   * A builder for the backend {@code name} at {@code defaultBaseUrl} (the provider's usual API root;
   * the caller may change both). A provider that always needs a key sets its variable here with
   * {@link #apiKeyFromEnv}, and its fixed headers (an API version) with {@link #header}.
   *
   * @throws IllegalStateException when the OkHttp on the class path is not 5.x
   */
  protected HttpBackendBuilder(String name, String defaultBaseUrl) {
    OkHttpVersion.require(); // before any OkHttp call: an OkHttp 4 on the class path fails here, with the fix
    name(name);
    baseUrl(defaultBaseUrl);
  }

  /** This builder, as its own type: {@code return this;}. Every setter returns it. */
  protected abstract B self();

  /** The backend, with the settings made so far. The builder may be changed and built again. */
  public abstract HttpBackend build();

  /** The name used in errors; use the same name as the router's {@code Backend}. */
  public B name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("backend name must not be blank");
    }
    this.name = name;
    return self();
  }

  /** The API root, such as {@code http://localhost:8000/v1}; paths are resolved below it. */
  public B baseUrl(String baseUrl) {
    HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    if (url == null) {
      throw new IllegalArgumentException("base URL must be an http or https URL: '" + baseUrl + "'");
    }
    this.baseUrl = url;
    return self();
  }

  /** Reads the API key from this environment variable on every call (so a rotated key is picked up). */
  public B apiKeyFromEnv(String variable) {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException("environment variable name must not be blank");
    }
    Function<String, String> env = environment;
    this.apiKey = () -> env.apply(variable);
    this.keySource = "environment variable " + variable;
    return self();
  }

  /** Asks {@code supplier} for the API key on every call (a secrets manager, a vault, a test). */
  public B apiKey(Supplier<String> supplier) {
    this.apiKey = Objects.requireNonNull(supplier, "apiKey supplier");
    this.keySource = "the configured key supplier";
    return self();
  }

  /** Sends no key at all (a local server). */
  public B noApiKey() {
    this.apiKey = null;
    this.keySource = "no key configured";
    return self();
  }

  /** Adds a header to every request (OpenRouter's HTTP-Referer, an organisation id...). */
  public B header(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    if (AUTH_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("set the key with apiKeyFromEnv() or apiKey(), not as header '" + name + "'");
    }
    headers.put(name, value);
    return self();
  }

  /** How long to wait for a TCP/TLS connection. Default 10 s. */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return self();
  }

  /** The longest a whole call may take, a stream included. Default 5 minutes. */
  public B callTimeout(Duration timeout) {
    this.callTimeout = positive(timeout, "callTimeout");
    return self();
  }

  /** Streams only: the longest wait from the start of the call to the first token. Default 60 s. */
  public B firstTokenTimeout(Duration timeout) {
    this.firstTokenTimeout = positive(timeout, "firstTokenTimeout");
    return self();
  }

  /** Streams only: the longest silence between two pieces of a stream. Default 60 s. */
  public B idleTimeout(Duration timeout) {
    this.idleTimeout = positive(timeout, "idleTimeout");
    return self();
  }

  /**
   * The most a reply may take, enforced while it is read: bytes of a whole answer, bytes of one
   * stream event, and characters of a streamed answer as it is assembled. More fails the call with
   * {@code MALFORMED_RESPONSE} naming the bound. Default {@link #DEFAULT_MAX_RESPONSE_BYTES} (8 MiB);
   * raise it for answers with audio, logprobs over long outputs, or many choices.
   */
  public B maxResponseBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + bytes);
    }
    this.maxResponseBytes = bytes;
    return self();
  }

  /**
   * The client to derive this backend's client from (with {@code newBuilder()}: same pool, same
   * dispatcher). Default: one client shared by every backend of the process.
   */
  public B httpClient(OkHttpClient client) {
    this.httpClient = Objects.requireNonNull(client, "httpClient");
    return self();
  }

  /** For tests: where {@link #apiKeyFromEnv} looks variables up. Call before apiKeyFromEnv. */
  B environment(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    return self();
  }

  /** For {@link HttpBackend}'s constructor: the transport these settings make, with the backend's hooks. */
  Transport transport(BiFunction<Request, String, Request> authenticate,
      BiFunction<String, String, String> providerMessage) {
    return new Transport(name, httpClient != null ? httpClient : SharedClient.get(), connectTimeout, callTimeout,
        firstTokenTimeout, idleTimeout, apiKey, keySource, authenticate, providerMessage, headers, maxResponseBytes);
  }

  /** For {@link HttpBackend}'s constructor. */
  HttpUrl configuredBaseUrl() {
    return baseUrl;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
