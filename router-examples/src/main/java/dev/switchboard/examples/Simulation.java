package dev.switchboard.examples;

import dev.switchboard.router.Backend;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RateLimit;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.quality.QualityScorers;
import dev.switchboard.router.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An hour of the demo's traffic in a few milliseconds, on a manual clock, for the report and the
 * Prometheus example: the workload over and over (some of it streamed), a local server that is
 * down for a quarter of an hour, local summaries the quality loop finds wanting (until they are
 * fixed at half past), a service that
 * runs into its daily budget, another into its rate limit, and the cache answering repeats.
 * Each backend call moves the clock by that backend's latency; nothing sleeps.
 */
final class Simulation {
  static final Duration HOUR = Duration.ofHours(1);

  final ManualClock clock = ManualClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(HOUR));
  private final Instant start = clock.instant();
  private volatile boolean vllmDown;
  private volatile boolean poorSummaries;

  /** The demo's backends and tiers, with budgets, a rate limit, the cache and the quality loop on. */
  RoutingChatClient.Builder router() {
    Backend openai = Backend.builder("openai").client(timed(new StandInBackend("openai", 0), 1200))
        .model("gpt-4.1").tier("cloud").price(Price.perMillionTokens(2.00, 8.00).withCachedInput(0.50)).build();
    return RoutingChatClient.builder()
        .tiers("local", "cloud")
        .clock(clock)
        .backend(Backend.builder("ollama").client(poorSummaries(timed(new StandInBackend("ollama", 0), 350)))
            .model("llama3.1:8b").tier("local").build())
        .backend(Backend.builder("vllm").client(outage(poorSummaries(timed(new StandInBackend("vllm", 3), 250))))
            .model("qwen2.5-7b-instruct").tier("local").build())
        .backend(openai)
        .backend(Backend.builder("anthropic").client(timed(new StandInBackend("anthropic", 0), 1500))
            .model("claude-sonnet-4-5").tier("cloud").price(Price.perMillionTokens(3.00, 15.00)).build())
        .sleeper(clock::advance)
        .failover(FailoverPolicy.builder()
            .retry(r -> r.maxRetries(1).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).jitter(0))
            .circuitBreaker(b -> b.failureThreshold(3).cooldown(Duration.ofMinutes(2)))
            .rateLimit("i18n", RateLimit.requests(1, Duration.ofMinutes(3)).withMaxWait(Duration.ofSeconds(90)))
            .build())
        .budgets(BudgetPolicy.builder().daily("research", 0.02).build())
        .cache(CachePolicy.defaults())
        .quality(QualityPolicy.builder().reference(openai).scorer(QualityScorers.tokenF1()).sampleRate(0.5)
            .threshold(0.5).window(20).windowTime(Duration.ofMinutes(10)).minSamples(6).reprobeRate(0.5).build())
        .random(new java.util.Random(7))
        .qualityExecutor(Runnable::run)
        .history(HOUR);
  }

  /** Runs an hour of traffic: a request every 6 seconds, every fifth one streamed; vllm is down from 20 to 35 min. */
  void run(RoutingChatClient router) {
    List<ChatRequest> workload = Workload.requests();
    for (int i = 0; clock.instant().isBefore(start.plus(HOUR)); i++) {
      Duration t = Duration.between(start, clock.instant());
      vllmDown = t.compareTo(Duration.ofMinutes(20)) >= 0 && t.compareTo(Duration.ofMinutes(35)) < 0;
      poorSummaries = t.compareTo(Duration.ofMinutes(30)) < 0;
      ChatRequest r = workload.get(i % workload.size());
      try {
        if (i % 5 == 4) {
          router.stream(r.toBuilder().stream(true).build(), chunk -> {}).completion().get(10, TimeUnit.SECONDS);
        } else {
          router.chat(r);
        }
      } catch (Exception refused) {
        // a rate limit said no: counted by the router, nothing to do here
      }
      clock.advance(Duration.ofSeconds(6));
    }
  }

  /** A backend that takes {@code millis} of the manual clock to answer. */
  private ChatClient timed(ChatClient backend, long millis) {
    return request -> {
      clock.advance(Duration.ofMillis(millis));
      return backend.chat(request);
    };
  }

  /** vllm, down for a while: connections refused. */
  private ChatClient outage(ChatClient backend) {
    return request -> {
      if (vllmDown) {
        throw new BackendException("vllm", FailureKind.TRANSPORT, "connection refused (simulated outage)");
      }
      return backend.chat(request);
    };
  }

  /** A small local model that summarises badly for the first half hour (then it is fixed): the quality loop sees both. */
  private ChatClient poorSummaries(ChatClient backend) {
    return request -> {
      ChatResponse r = backend.chat(request);
      boolean summary = poorSummaries && (request.lastUserMessage().map(ChatMessage::text).orElse("").toLowerCase(java.util.Locale.ROOT).contains("summar")
          || request.lastUserMessage().map(ChatMessage::text).orElse("").contains("TL;DR"));
      return summary ? r.toBuilder()
          .choices(List.of(Choice.of(0, ChatMessage.assistant("the the report report growth"), "stop"))).build() : r;
    };
  }

}
