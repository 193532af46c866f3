package dev.switchboard.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.Backend;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.testing.FakeChatClient;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One observation per request, with the GenAI names where they apply, made on the registry the application passes. */
class RequestObservationTest {
  final List<ChatObservationContext> stopped = new CopyOnWriteArrayList<>();
  final List<Observation> currentDuringCall = new CopyOnWriteArrayList<>();
  final ObservationRegistry observations = ObservationRegistry.create();
  final FakeChatClient local = FakeChatClient.builder("local").usage(Usage.of(12, 3))
      .replyWith(r -> {
        currentDuringCall.add(observations.getCurrentObservation());
        return "2 March";
      }).build();

  {
    observations.observationConfig().observationHandler(new ObservationHandler<ChatObservationContext>() {
      @Override
      public void onStop(ChatObservationContext context) {
        stopped.add(context);
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return context instanceof ChatObservationContext;
      }
    });
  }

  RoutingChatClient router() {
    return RoutingChatClient.builder().tiers("cheap", "capable").observationRegistry(observations)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("local").client(local).model("llama3.1:8b").tier("cheap").build())
        .backend(Backend.builder("cloud").client(FakeChatClient.replying("cloud", "x")).tier("capable")
            .price(Price.perMillionTokens(2, 8)).build())
        .build();
  }

  static Map<String, String> low(ChatObservationContext c) {
    return c.getLowCardinalityKeyValues().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  @Test
  void anAnsweredRequestIsObservedWithGenAiKeyValues() {
    router().chat(ChatRequest.builder().model("gpt-4o-mini").service("app").categoryHint(TaskCategory.EXTRACTION)
        .user("Extract the date: 2 March").build());

    assertThat(stopped).hasSize(1);
    ChatObservationContext c = stopped.get(0);
    assertThat(c.getName()).isEqualTo("router.request");
    assertThat(c.getContextualName()).isEqualTo("chat gpt-4o-mini");
    assertThat(low(c)).containsAllEntriesOf(Map.of("gen_ai.operation.name", "chat",
        "gen_ai.request.model", "gpt-4o-mini", "gen_ai.response.model", "llama3.1:8b", "router.service", "app",
        "router.category", "extraction", "router.tier", "cheap", "router.backend", "local",
        "router.outcome", "success", "error.type", "none"));
    assertThat(c.getHighCardinalityKeyValues().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue)))
        .containsEntry("gen_ai.usage.input_tokens", "12").containsEntry("gen_ai.usage.output_tokens", "3");
    // the observation is current while the backend is called, so spans of the call nest under it
    assertThat(currentDuringCall).hasSize(1);
    assertThat(currentDuringCall.get(0).getContext()).isSameAs(c);
  }

  @Test
  void aFailedRequestKeepsItsPlanAndNamesTheError() {
    local.failNext(1, FailureKind.SERVER_ERROR);
    RoutingChatClient router = RoutingChatClient.builder().tiers("cheap").observationRegistry(observations)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("local").client(local).tier("cheap").build()).build();
    assertThatThrownBy(() -> router.chat(ChatRequest.builder().categoryHint(TaskCategory.CODE).user("Fix it").build()))
        .isInstanceOf(NoBackendAvailableException.class);

    assertThat(stopped).hasSize(1);
    assertThat(low(stopped.get(0))).containsEntry("router.category", "code").containsEntry("router.tier", "cheap")
        .containsEntry("router.backend", "none").containsEntry("router.outcome", "error")
        .containsEntry("error.type", NoBackendAvailableException.class.getName())
        .containsEntry("gen_ai.request.model", "none");
    assertThat(stopped.get(0).getError()).isInstanceOf(NoBackendAvailableException.class);
  }

  @Test
  void asyncAndStreamingRequestsAreObservedOnceEach() throws Exception {
    RoutingChatClient router = router();
    router.chatAsync(ChatRequest.builder().user("Extract the date: 2 March").build()).get(5, TimeUnit.SECONDS);
    router.stream(ChatRequest.builder().user("Extract the date: 2 March").stream(true).build(), chunk -> {})
        .completion().get(5, TimeUnit.SECONDS);

    assertThat(stopped).hasSize(2);
    assertThat(stopped).extracting(ChatObservationContext::streaming).containsExactly(false, true);
    assertThat(stopped).allSatisfy(c -> assertThat(low(c)).containsEntry("router.outcome", "success"));
  }
}
