package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import java.net.Proxy;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
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

  @StartStop
  final MockWebServer server = new MockWebServer();

  @Test
  void theAnthropicPricingSnippetBuildsWithAnthropicsRates() {
    Backend sonnet = Backend.builder("claude").tier("cloud").model("claude-sonnet-4-5")
        .price(Providers.anthropicPrice(3.00, 15.00))     // cache writes $3.75, 1-hour writes $6, reads $0.30
        .client(Providers.anthropic().name("claude").build())
        .build();

    assertThat(sonnet.price()).isEqualTo(Price.perMillionTokens(3.00, 15.00)
        .withCacheWrite(3.75).withCacheWrite1h(6.00).withCachedInput(0.30));
  }

  @Test
  void theThinkingSnippetSendsTheThinkingBackWithTheToolResult() throws Exception {
    server.enqueue(Replay.json("anthropic/messages_thinking_tool_use.response.json"));
    server.enqueue(Replay.json("anthropic/messages_basic.response.json"));
    ChatClient claude = Providers.anthropic().baseUrl(server.url("/v1").toString()).apiKey(() -> "k").build();
    JsonNode tools = new ObjectMapper().readTree(
        "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]");

    ChatRequest ask = ChatRequest.builder()
        .user("What's the weather in Paris?")
        .tools(tools)                                      // [{"type":"function","function":{"name":"get_weather",..}}]
        .maxTokens(16_000)
        .field("thinking", JsonNodeFactory.instance.objectNode().put("type", "enabled").put("budget_tokens", 10_000))
        .build();
    ChatResponse r = claude.chat(ask);
    ChatMessage turn = r.message().orElseThrow();          // reasoning_content, thinking_blocks, tool_calls
    String callId = turn.field("tool_calls").orElseThrow().get(0).get("id").asText();
    ChatResponse answer = claude.chat(ask.toBuilder()
        .message(turn)                                     // thinking goes back with its signature
        .message(ChatMessage.tool(callId, "18C, sunny"))
        .build());

    assertThat(answer.content()).isEqualTo("Hello!");
    server.takeRequest();
    JsonNode resent = new ObjectMapper().readTree(server.takeRequest().getBody().utf8()).at("/messages/1/content");
    assertThat(resent.get(0).path("type").asText()).isEqualTo("thinking");
    assertThat(resent.get(0).path("signature").asText()).startsWith("BDaL4VrbR2Oj0hO4XpJxT28J5TILnCrrUXoKiiNBZW9P");
  }

  @Test
  void theReplySizeSnippetBuilds() {
    ChatClient audio = Providers.openAi().maxResponseBytes(64L << 20).build();   // 64 MiB

    assertThat(audio.toString()).contains("OPENAI_API_KEY");
  }
}
