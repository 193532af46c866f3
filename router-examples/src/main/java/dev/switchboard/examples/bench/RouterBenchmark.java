package dev.switchboard.examples.bench;

import dev.switchboard.router.Backend;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.cache.CachePolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the router adds on top of a model call: classify, plan, breaker/retry/bulkhead, budget,
 * cache, cost, {@code RouteInfo}. The backends answer at once from memory, so the time measured is
 * the library's own. Two tiers with two backends each, as in a small real deployment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouterBenchmark {
  private static final ChatResponse ANSWER = ChatResponse.of("{\"order\":\"A-88213\",\"amount\":389}",
      Usage.of(120, 18));

  private RoutingChatClient plain;
  private RoutingChatClient overBlockingClients;
  private RoutingChatClient budgetedAndCached;
  private ChatRequest extraction;
  private ChatRequest deterministic;

  @Setup
  public void setUp() {
    ChatClient instant = new InMemory();
    plain = router(RoutingChatClient.builder(), instant);
    overBlockingClients = router(RoutingChatClient.builder(), request -> ANSWER);
    budgetedAndCached = router(RoutingChatClient.builder()
        .budgets(BudgetPolicy.builder().defaultDaily(1_000_000).build())
        .cache(CachePolicy.defaults()), instant);
    extraction = ChatRequest.builder()
        .user("Extract the order number and amount: order #A-88213, EUR 389, shipped to Lisbon on 3 May.")
        .service("support").build();
    deterministic = extraction.toBuilder().temperature(0).build();
    budgetedAndCached.chat(deterministic); // the cache-hit benchmark reads this entry
  }

  private static RoutingChatClient router(RoutingChatClient.Builder b, ChatClient client) {
    return b.tiers("local", "cloud")
        .backend(Backend.builder("vllm").client(client).model("qwen2.5-7b").tier("local").build())
        .backend(Backend.builder("ollama").client(client).model("llama3.1:8b").tier("local").build())
        .backend(Backend.builder("openai").client(client).model("gpt-4.1").tier("cloud")
            .price(Price.perMillionTokens(2.00, 8.00)).build())
        .backend(Backend.builder("anthropic").client(client).model("claude-sonnet").tier("cloud")
            .price(Price.perMillionTokens(3.00, 15.00)).build())
        .build();
  }

  /** An in-memory client as the docs advise: chatAsync answers at once, so the router never waits. */
  private static final class InMemory implements ChatClient {
    @Override
    public ChatResponse chat(ChatRequest request) {
      return ANSWER;
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
      return CompletableFuture.completedFuture(ANSWER);
    }
  }

  @TearDown
  public void tearDown() {
    plain.close();
    overBlockingClients.close();
    budgetedAndCached.close();
  }

  /** The whole path: classify, plan, dispatch through the breaker, cost, RouteInfo. */
  @Benchmark
  public ChatResponse chat() {
    return plain.chat(extraction);
  }

  /**
   * The same over clients that implement only {@code chat()}: each attempt runs on the router's
   * pool of blocking threads so that the deadline can cut it, which costs a thread hand-off.
   */
  @Benchmark
  public ChatResponse chatOverBlockingClient() {
    return overBlockingClients.chat(extraction);
  }

  /** The same with a daily budget per service (in-memory ledger) and a cache that this request (no temperature 0) bypasses... */
  @Benchmark
  public ChatResponse chatWithBudget() {
    return budgetedAndCached.chat(extraction);
  }

  /** ...and a repeated deterministic request answered from the cache. */
  @Benchmark
  public ChatResponse cacheHit() {
    return budgetedAndCached.chat(deterministic);
  }

  /** Classify and plan only, as {@code router.explain} does. */
  @Benchmark
  public RoutingDecision explain() {
    return plain.explain(extraction);
  }
}
