package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import java.net.Proxy;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The snippets of docs/backends.md, kept compiling, with the URL and key each preset stands for. */
class DocsBackendsExampleTest {
  @Test
  void theRouterSnippetBuilds() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("local", "cloud")
        .backend(Backend.builder("ollama").tier("local").model("llama3.1:8b")
            .client(Providers.ollama().name("ollama").build())
            .build())
        .backend(Backend.builder("openai").tier("cloud").model("gpt-4.1")
            .price(Price.perMillionTokens(2.00, 8.00).withCachedInput(0.50))
            .client(Providers.openAi().name("openai").build())
            .build())
        .build();

    assertThat(router.backends()).extracting(Backend::name).containsExactly("ollama", "openai");
  }

  @Test
  void everyProviderSnippetBuildsWithItsUrlAndKey() {
    ChatClient vllm = Providers.vllm().baseUrl("http://gpu-box:8000/v1").build();
    ChatClient vllmWithKey = Providers.vllm().apiKeyFromEnv("VLLM_API_KEY").build();
    ChatClient ollama = Providers.ollama().build();
    ChatClient llamaCpp = Providers.llamaCpp().build();
    ChatClient openai = Providers.openAi().header("OpenAI-Organization", "org-123").build();
    ChatClient azure = Providers.azureOpenAi("my-resource", "gpt-4o-prod", "2024-10-21").build();
    ChatClient gemini = Providers.gemini().build();
    ChatClient groq = Providers.groq().build();
    ChatClient together = Providers.together().build();
    ChatClient fireworks = Providers.fireworks().build();
    ChatClient mistral = Providers.mistral().build();
    ChatClient deepseek = Providers.deepSeek().build();
    ChatClient openrouter = Providers.openRouter()
        .header("HTTP-Referer", "https://example.com")
        .header("X-Title", "My app")
        .build();
    ChatClient claude = Providers.anthropic().defaultMaxTokens(2048).build();
    ChatClient other = OpenAiCompatibleBackend.builder("lmstudio")
        .baseUrl("http://localhost:1234/v1")
        .noApiKey()
        .build();

    assertUrl(vllm, "http://gpu-box:8000/v1/chat/completions", "no key configured");
    assertUrl(vllmWithKey, "http://localhost:8000/v1/chat/completions", "VLLM_API_KEY");
    assertUrl(ollama, "http://localhost:11434/v1/chat/completions", "no key configured");
    assertUrl(llamaCpp, "http://localhost:8080/v1/chat/completions", "no key configured");
    assertUrl(openai, "https://api.openai.com/v1/chat/completions", "OPENAI_API_KEY");
    assertUrl(azure, "https://my-resource.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions"
        + "?api-version=2024-10-21", "AZURE_OPENAI_API_KEY");
    assertUrl(gemini, "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions", "GEMINI_API_KEY");
    assertUrl(groq, "https://api.groq.com/openai/v1/chat/completions", "GROQ_API_KEY");
    assertUrl(together, "https://api.together.xyz/v1/chat/completions", "TOGETHER_API_KEY");
    assertUrl(fireworks, "https://api.fireworks.ai/inference/v1/chat/completions", "FIREWORKS_API_KEY");
    assertUrl(mistral, "https://api.mistral.ai/v1/chat/completions", "MISTRAL_API_KEY");
    assertUrl(deepseek, "https://api.deepseek.com/v1/chat/completions", "DEEPSEEK_API_KEY");
    assertUrl(openrouter, "https://openrouter.ai/api/v1/chat/completions", "OPENROUTER_API_KEY");
    assertUrl(other, "http://localhost:1234/v1/chat/completions", "no key configured");
    assertThat(claude.toString()).contains("https://api.anthropic.com/v1/messages", "ANTHROPIC_API_KEY");
  }

  private static void assertUrl(ChatClient client, String url, String key) {
    assertThat(((OpenAiCompatibleBackend) client).url()).isEqualTo(url);
    assertThat(client.toString()).contains(key);
  }

  @Test
  void theTimeoutAndClientSnippetsBuild() {
    ChatClient local = Providers.vllm()
        .connectTimeout(Duration.ofSeconds(1))
        .firstTokenTimeout(Duration.ofSeconds(5))
        .idleTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofMinutes(2))
        .build();
    Proxy myProxy = Proxy.NO_PROXY;
    OkHttpClient mine = new OkHttpClient.Builder().proxy(myProxy).build();
    ChatClient openai = Providers.openAi().httpClient(mine).build();

    assertThat(local).isNotNull();
    assertThat(openai.toString()).contains("openai");
  }

  @Test
  void theReplySizeSnippetBuilds() {
    ChatClient audio = Providers.openAi().maxResponseBytes(64L << 20).build();   // 64 MiB

    assertThat(audio.toString()).contains("OPENAI_API_KEY");
  }
}
