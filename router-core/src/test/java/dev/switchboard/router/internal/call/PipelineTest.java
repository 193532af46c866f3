package dev.switchboard.router.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.StreamListener;
import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.RoutingMetadata;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.Scheduler;
import dev.switchboard.router.failover.Sleeper;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.cache.ResponseCache;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.health.Health;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.internal.quality.PromotionTable;
import dev.switchboard.router.internal.quality.QualityLoop;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.InMemoryBudgetLedger;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private final ManualClock clock = ManualClock.create();
  private final FakeChatClient first = FakeChatClient.builder("first").reply("from first").build();
  private final FakeChatClient second = FakeChatClient.builder("second").reply("from second").build();
  private final List<Backend> backends = List.of(
      Backend.builder("first").client(first).tier("cheap").build(),
      Backend.builder("second").client(second).tier("cheap").build());

  private Pipeline pipeline(CachePolicy cache) {
    Planner planner = new Planner(List.of("cheap"), Map.of(), backends, new PromotionTable(List.of("cheap")));
    BudgetGate budgets = new BudgetGate(BudgetPolicy.unlimited(), new InMemoryBudgetLedger(clock), clock, planner,
        backends, Duration.ofMinutes(5), (s, p, l, sp) -> {});
    Accountant accountant = new Accountant(budgets);
    FailoverPolicy failover = FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build();
    Dispatcher dispatcher = new Dispatcher(clock, Sleeper.SYSTEM, Scheduler.daemon(), failover, new Health(backends, failover, clock, (now, was) -> {}));
    FailedAttempts failed = new FailedAttempts(accountant, new RouterListener() {}, backends);
    return Pipeline.of(new Pipeline.Parts(RuleBasedClassifier.withDefaults(), planner,
        cache == null ? null : new ResponseCache(cache, clock), budgets, dispatcher, accountant,
        QualityLoop.create(null, null, planner, new PromotionTable(List.of("cheap")), null, accountant, clock, e -> {}),
        backends, clock, new RouterListener() {}, failed));
  }

  @Test
  void theRequestPathIsOneListAndOptionalStagesAreOnlyThereWhenConfigured() {
    assertThat(pipeline(null).stageNames()).containsExactly(
        "Classify", "Route", "Budget", "Dispatch", "Account", "Respond", "Sample");
    assertThat(pipeline(CachePolicy.defaults()).stageNames()).containsExactly(
        "Classify", "Route", "CacheLookup", "Budget", "CacheLookup", "Dispatch", "Account", "Respond", "Sample",
        "CacheStore");
  }

  @Test
  void aStreamsListenerHearsTheBackendItsChunksAndOneEndFromTheCallAlone() {
    first.enqueueFailure(new BackendException("first", FailureKind.SERVER_ERROR, "down"));
    List<String> heard = new ArrayList<>();
    ChatRequest request = ChatRequest.builder().user("Extract the dates: 3 May").stream(true)
        .routing(RoutingMetadata.builder().categoryHint(TaskCategory.EXTRACTION).build()).build();

    ChatResponse answer = pipeline(null).stream(request, clock.instant(), new StreamListener() {
      @Override
      public void onBackend(String backend, String tier) {
        heard.add("backend " + backend);
      }

      @Override
      public void onChunk(ChatChunk chunk) {
        heard.add("chunk");
      }

      @Override
      public void onComplete(ChatResponse response) {
        heard.add("complete " + response.route().backend());
      }

      @Override
      public void onError(Throwable error) {
        heard.add("error " + error.getMessage());
      }
    }).completion().join();

    assertThat(heard.get(0)).isEqualTo("backend second");
    assertThat(heard.subList(1, heard.size() - 1)).isNotEmpty().containsOnly("chunk");
    assertThat(heard.get(heard.size() - 1)).isEqualTo("complete second");
    assertThat(answer.route().attempts()).hasSize(2);
  }

  @Test
  void aStreamThatFailsEverywhereEndsOnceWithAnErrorAndNeverCompletes() {
    first.enqueueFailure(new BackendException("first", FailureKind.SERVER_ERROR, "down"));
    second.enqueueFailure(new BackendException("second", FailureKind.SERVER_ERROR, "down too"));
    List<String> heard = new ArrayList<>();
    ChatRequest request = ChatRequest.builder().user("Extract the dates: 3 May").stream(true).build();

    var handle = pipeline(null).stream(request, clock.instant(), new StreamListener() {
      @Override
      public void onChunk(ChatChunk chunk) {
        heard.add("chunk");
      }

      @Override
      public void onComplete(ChatResponse response) {
        heard.add("complete");
      }

      @Override
      public void onError(Throwable error) {
        heard.add("error " + error.getClass().getSimpleName());
      }
    });

    assertThat(handle.completion()).isCompletedExceptionally();
    assertThat(heard).containsExactly("error NoBackendAvailableException");
  }
}
