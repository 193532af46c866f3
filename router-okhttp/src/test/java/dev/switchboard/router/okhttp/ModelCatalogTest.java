package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.AdapterRule;
import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.RoutingMetadata;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Discovery of models and LoRA adapters from the servers' own listings (recorded and documented fixtures). */
class ModelCatalogTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private String base() {
    return server.url("/v1").toString();
  }

  @Test
  void vllmListsItsLoraModulesWithTheirBaseModelAndARouterSendsTheAdapterThere() throws Exception {
    server.enqueue(Replay.json("vllm/v1_models_with_lora.normalized.json"));

    ModelCatalog catalog = ModelCatalog.fetch(base());

    assertThat(catalog.baseModels()).containsExactly("meta-llama/Llama-2-7b-hf");
    assertThat(catalog.adapters()).containsExactly("sql-lora");
    assertThat(catalog.models().get(1).parent()).contains("meta-llama/Llama-2-7b-hf");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/models");

    // The same server then answers a request routed to the adapter, asked for by name.
    server.enqueue(Replay.json("openai/chat_completion_default.response.json"));
    RoutingChatClient router = RoutingChatClient.builder().tiers("local")
        .backend(Backend.builder("vllm").tier("local").model(catalog.baseModels().get(0))
            .adapters(catalog.adapters()).client(Providers.vllm().name("vllm").baseUrl(base()).build()).build())
        .adapterRule(AdapterRule.to("sql-lora").service("billing").build())
        .build();
    ChatResponse answer = router.chat(ChatRequest.builder().user("List last month's invoices as SQL")
        .routing(RoutingMetadata.builder().service("billing").build()).build());
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getBody().utf8()).contains("\"model\":\"sql-lora\"");
    assertThat(answer.route().adapter()).contains("sql-lora");
  }

  @Test
  void llamaCppsServerListsItsOneModelAndNoAdapters() {
    server.enqueue(Replay.json("llamacpp_recorded/v1_models.response.json"));

    ModelCatalog catalog = ModelCatalog.fetch(base());

    assertThat(catalog.baseModels()).containsExactly("tiny-random-llama");
    assertThat(catalog.adapters()).isEmpty();
  }

  @Test
  void ollamaIsReadFromApiTagsWhenItsRootIsGiven() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());
    server.enqueue(Replay.json("ollama/api_tags.response.json"));

    ModelCatalog catalog = ModelCatalog.fetch(server.url("/").toString());

    assertThat(catalog.baseModels()).containsExactly("gemma4");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/models");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/api/tags");
    assertThat(catalog.source()).endsWith("/api/tags");
  }

  @Test
  void aServerWithNoModelListOrNoServerAtAllIsATypedError() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(new MockResponse.Builder().code(404).build());
    assertThatThrownBy(() -> ModelCatalog.fetch(base()))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND))
        .hasMessageContaining("/v1/models answered 404").hasMessageContaining("/api/tags answered 404");

    String gone = base();
    server.close();
    assertThatThrownBy(() -> ModelCatalog.fetch(gone))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT))
        .hasMessageContaining("could not list the models at " + gone.replaceAll("/v1$", "") + "/v1/models");
  }

  @Test
  void aListingIsParsedFromTextToo() {
    assertThat(ModelCatalog.parse("{\"data\":[{\"id\":\"a\"},{\"id\":\"b-lora\",\"parent\":\"a\"}]}").adapters())
        .containsExactly("b-lora");
    assertThatThrownBy(() -> ModelCatalog.parse("{\"object\":\"list\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither a 'data' nor a 'models' array");
  }
}
