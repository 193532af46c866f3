package dev.switchboard.router.okhttp;

import dev.switchboard.router.Price;
import java.math.BigDecimal;

/**
 * Presets for the servers people run: each returns a builder with the provider's base URL, key
 * variable and auth already set, so a backend is one line. Change anything on the builder before
 * {@code build()} (another URL, a key supplier, timeouts).
 *
 * <pre>{@code
 * ChatClient local = Providers.ollama().build();
 * ChatClient cloud = Providers.groq().build();          // key from GROQ_API_KEY
 * }</pre>
 */
public final class Providers {
  private Providers() {}

  /** vLLM's OpenAI-compatible server at {@code http://localhost:8000/v1}; no key (set one if you started it with --api-key). */
  public static OpenAiCompatibleBackend.Builder vllm() {
    return local("vllm", "http://localhost:8000/v1");
  }

  /** Ollama's OpenAI-compatible endpoint at {@code http://localhost:11434/v1}; no key. */
  public static OpenAiCompatibleBackend.Builder ollama() {
    return local("ollama", "http://localhost:11434/v1");
  }

  /** llama.cpp's {@code llama-server} at {@code http://localhost:8080/v1}; no key (set one if you started it with --api-key). */
  public static OpenAiCompatibleBackend.Builder llamaCpp() {
    return local("llamacpp", "http://localhost:8080/v1");
  }

  /** OpenAI at {@code https://api.openai.com/v1}, key from {@code OPENAI_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder openAi() {
    return cloud("openai", "https://api.openai.com/v1", "OPENAI_API_KEY");
  }

  /**
   * Azure OpenAI: {@code https://{resource}.openai.azure.com/openai/deployments/{deployment}/chat/completions?api-version=...},
   * key from {@code AZURE_OPENAI_API_KEY} in the {@code api-key} header.
   */
  public static OpenAiCompatibleBackend.Builder azureOpenAi(String resource, String deployment, String apiVersion) {
    if (resource == null || !resource.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("Azure resource name must be letters, digits and '-': '" + resource + "'");
    }
    return cloud("azure-openai", "https://" + resource + ".openai.azure.com", "AZURE_OPENAI_API_KEY")
        .azure(deployment, apiVersion);
  }

  /** Google Gemini's OpenAI-compatible endpoint, key from {@code GEMINI_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder gemini() {
    return cloud("gemini", "https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY");
  }

  /** Groq at {@code https://api.groq.com/openai/v1}, key from {@code GROQ_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder groq() {
    return cloud("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY");
  }

  /** Together AI at {@code https://api.together.xyz/v1}, key from {@code TOGETHER_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder together() {
    return cloud("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY");
  }

  /** Fireworks AI at {@code https://api.fireworks.ai/inference/v1}, key from {@code FIREWORKS_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder fireworks() {
    return cloud("fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY");
  }

  /**
   * Mistral at {@code https://api.mistral.ai/v1}, key from {@code MISTRAL_API_KEY}. Mistral sends
   * usage in the last stream chunk unasked and refuses unknown fields, so no {@code stream_options}.
   */
  public static OpenAiCompatibleBackend.Builder mistral() {
    return cloud("mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY").streamUsage(false);
  }

  /** DeepSeek at {@code https://api.deepseek.com/v1}, key from {@code DEEPSEEK_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder deepSeek() {
    return cloud("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY");
  }

  /** OpenRouter at {@code https://openrouter.ai/api/v1}, key from {@code OPENROUTER_API_KEY}. */
  public static OpenAiCompatibleBackend.Builder openRouter() {
    return cloud("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY");
  }

  /** Anthropic's native Messages API, key from {@code ANTHROPIC_API_KEY}. */
  public static AnthropicBackend.Builder anthropic() {
    return AnthropicBackend.builder("anthropic");
  }

  /**
   * An Anthropic model's price from its input and output dollars per million tokens, with
   * Anthropic's prompt-caching multipliers of the input price: cache writes (five-minute lifetime)
   * 1.25x, one-hour cache writes 2x, cache reads 0.1x
   * (https://platform.claude.com/docs/en/build-with-claude/prompt-caching#pricing). A model whose
   * row in that table differs sets its own rates on the result ({@code withCachedInput(..)}...).
   *
   * <pre>{@code
   * Backend.builder("sonnet").client(Providers.anthropic().build()).model("claude-sonnet-4-5")
   *     .price(Providers.anthropicPrice(3.00, 15.00))   // writes $3.75, 1h writes $6, reads $0.30
   * }</pre>
   */
  public static Price anthropicPrice(double input, double output) {
    Price base = Price.perMillionTokens(input, output);
    BigDecimal in = base.inputPerMillion();
    return base.withCacheWrite(in.multiply(new BigDecimal("1.25")))
        .withCacheWrite1h(in.multiply(new BigDecimal("2")))
        .withCachedInput(in.multiply(new BigDecimal("0.1")));
  }

  private static OpenAiCompatibleBackend.Builder local(String name, String url) {
    return OpenAiCompatibleBackend.builder(name).baseUrl(url).noApiKey();
  }

  private static OpenAiCompatibleBackend.Builder cloud(String name, String url, String keyVariable) {
    return OpenAiCompatibleBackend.builder(name).baseUrl(url).apiKeyFromEnv(keyVariable);
  }
}
