package dev.switchboard.router.okhttp.internal;

import dev.switchboard.router.ChatClient;
import dev.switchboard.router.config.RouterConfig;
import dev.switchboard.router.config.Section;
import dev.switchboard.router.okhttp.AnthropicBackend;
import dev.switchboard.router.okhttp.HttpBackendBuilder;
import dev.switchboard.router.okhttp.OpenAiCompatibleBackend;
import dev.switchboard.router.okhttp.Providers;
import dev.switchboard.router.spi.BackendFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP backends of a config file: each {@link Providers} preset by name, {@code anthropic},
 * {@code azure-openai}, and {@code openai-compatible} (any server at a {@code base-url}, also what
 * a backend without a provider is). Found by router-core through {@link java.util.ServiceLoader}.
 * Not API.
 */
public final class HttpBackendFactory implements BackendFactory {
  private static final String ANTHROPIC = "anthropic";
  private static final String AZURE = "azure-openai";

  /** The OpenAI-compatible presets, by the name a file gives as {@code provider}. */
  private static final Map<String, Supplier<OpenAiCompatibleBackend.Builder>> PRESETS = presets();

  private static Map<String, Supplier<OpenAiCompatibleBackend.Builder>> presets() {
    Map<String, Supplier<OpenAiCompatibleBackend.Builder>> m = new LinkedHashMap<>();
    m.put("ollama", Providers::ollama);
    m.put("vllm", Providers::vllm);
    m.put("llamacpp", Providers::llamaCpp);
    m.put("openai", Providers::openAi);
    m.put("gemini", Providers::gemini);
    m.put("groq", Providers::groq);
    m.put("together", Providers::together);
    m.put("fireworks", Providers::fireworks);
    m.put("mistral", Providers::mistral);
    m.put("deepseek", Providers::deepSeek);
    m.put("openrouter", Providers::openRouter);
    m.put(RouterConfig.DEFAULT_PROVIDER, () -> OpenAiCompatibleBackend.builder(RouterConfig.DEFAULT_PROVIDER));
    return Map.copyOf(m);
  }

  public HttpBackendFactory() {}

  @Override
  public Set<String> providers() {
    Set<String> all = new LinkedHashSet<>(PRESETS.keySet());
    all.add(ANTHROPIC);
    all.add(AZURE);
    return all;
  }

  @Override
  public List<String> check(Section backend) {
    String provider = provider(backend);
    List<String> problems = new ArrayList<>();
    if (provider.equals(RouterConfig.DEFAULT_PROVIDER) && !backend.has("base-url")) {
      problems.add("base-url: required but missing; a backend of provider " + RouterConfig.DEFAULT_PROVIDER
          + " (or of no provider) is the server at its base URL, such as http://localhost:8000/v1");
    }
    if (provider.equals(AZURE) != backend.has("azure")) {
      problems.add(provider.equals(AZURE) ? "azure: required but missing; provider azure-openai needs the resource,"
          + " the deployment and the api-version" : "azure: applies to provider azure-openai only");
    }
    if (!provider.equals(ANTHROPIC) && backend.has("anthropic")) {
      problems.add("anthropic: applies to provider anthropic only");
    }
    if (provider.equals(ANTHROPIC) && backend.has("stream-usage")) {
      problems.add("stream-usage: applies to OpenAI-compatible providers only (Anthropic reports usage unasked)");
    }
    for (String header : backend.map("headers", String.class).keySet()) {
      try {
        OpenAiCompatibleBackend.builder("check").header(header, "value"); // the builder's own rule for key headers
      } catch (IllegalArgumentException e) {
        problems.add("headers." + header + ": would carry the key; set the key with api-key instead");
      }
    }
    return problems;
  }

  @Override
  public ChatClient create(String name, Section backend) {
    String provider = provider(backend);
    if (provider.equals(ANTHROPIC)) {
      AnthropicBackend.Builder b = common(Providers.anthropic().name(name), backend);
      backend.section(ANTHROPIC).ifPresent(a -> {
        a.string("version").ifPresent(b::version);
        a.get("default-max-tokens", Integer.class).ifPresent(b::defaultMaxTokens);
      });
      return b.build();
    }
    OpenAiCompatibleBackend.Builder b;
    if (provider.equals(AZURE)) {
      Section azure = backend.section("azure").orElseThrow();
      b = Providers.azureOpenAi(azure.string("resource").orElseThrow(), azure.string("deployment").orElseThrow(),
          azure.string("api-version").orElseThrow());
    } else {
      b = PRESETS.get(provider).get();
    }
    common(b.name(name), backend);
    backend.get("stream-usage", Boolean.class).ifPresent(b::streamUsage);
    return b.build();
  }

  /** What every HTTP backend takes: its URL, key, headers, timeouts and reply bound. */
  private static <B extends HttpBackendBuilder<B>> B common(B b, Section backend) {
    backend.string("base-url").ifPresent(b::baseUrl);
    backend.string("api-key").ifPresent(key -> b.apiKey(() -> key));
    backend.map("headers", String.class).forEach(b::header);
    backend.section("timeouts").ifPresent(t -> {
      t.get("connect", Duration.class).ifPresent(b::connectTimeout);
      t.get("call", Duration.class).ifPresent(b::callTimeout);
      t.get("first-token", Duration.class).ifPresent(b::firstTokenTimeout);
      t.get("idle", Duration.class).ifPresent(b::idleTimeout);
    });
    backend.get("max-response-bytes", Long.class).ifPresent(b::maxResponseBytes);
    return b;
  }

  private static String provider(Section backend) {
    return backend.string("provider").orElse(RouterConfig.DEFAULT_PROVIDER);
  }
}
