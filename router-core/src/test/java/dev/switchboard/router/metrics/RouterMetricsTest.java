package dev.switchboard.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.router.Backend;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scripted traffic through a router with a {@link SimpleMeterRegistry}: a failover, a cache hit,
 * a quality promotion and a budget downgrade, then the meters and their values.
 */
class RouterMetricsTest {
  final ScriptedRouter fx = new ScriptedRouter();
  final ManualClock clock = fx.clock;
  final FakeChatClient local = fx.local;
  final FakeChatClient big = fx.big;
  final SimpleMeterRegistry registry = fx.registry;
  static final Price BIG_PRICE = ScriptedRouter.BIG_PRICE;

  static ChatRequest extract(boolean deterministic) {
    return ScriptedRouter.extract(deterministic);
  }

  double count(String name, String... tags) {
    Meter m = registry.get(name).tags(tags).meter();
    return m.measure().iterator().next().getValue();
  }

  @Test
  void scriptedTrafficLeavesTheMetersItShould() {
    // The gauges hold the router weakly (Micrometer's rule): keep it reachable while reading them.
    RoutingChatClient router = fx.router();
    fx.script(router);

    // requests by service, category, tier, backend and outcome, timed on the router's clock
    var failedOver = registry.get("router.requests").tags("service", "app", "category", "extraction", "tier", "capable",
        "backend", "big", "outcome", "success", "error", "none", "mode", "chat").timer();
    assertThat(failedOver.count()).isEqualTo(1);
    assertThat(failedOver.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(940); // 40 ms failing, 900 ms answering
    assertThat(registry.get("router.requests").tags("service", "app", "tier", "cheap", "outcome", "success").timer()
        .count()).isEqualTo(2);
    assertThat(registry.get("router.requests").tags("outcome", "cache_hit", "backend", "local").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("router.requests").tags("service", "support", "category", "reasoning", "tier", "cheap",
        "backend", "local").timer().count()).isEqualTo(1);
    assertThat(registry.get("router.requests").timers().stream().mapToLong(t -> t.count()).sum()).isEqualTo(7);
    // nothing here is the router's own time: the manual clock moves only inside backends
    assertThat(registry.get("router.overhead").timers().stream().mapToDouble(t -> t.max(TimeUnit.NANOSECONDS)).max()
        .orElseThrow()).isZero();

    // attempts, failovers; no retry with maxRetries(0)
    assertThat(registry.get("router.attempts").tags("backend", "local", "result", "server_error").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("router.attempts").tags("backend", "big", "result", "success").timer().count())
        .isEqualTo(3);
    assertThat(registry.get("router.attempts").tags("backend", "judge", "result", "success").timer().count())
        .isEqualTo(2);
    assertThat(count("router.failovers", "backend", "local", "reason", "server_error")).isEqualTo(1);
    assertThat(registry.find("router.retries").counter()).isNull();

    // the cache, counted by the cache itself
    assertThat(count("router.cache.gets", "result", "hit")).isEqualTo(1);
    assertThat(count("router.cache.gets", "result", "miss")).isEqualTo(1);
    assertThat(count("router.cache.puts", "result", "stored")).isEqualTo(1);
    assertThat(count("router.cache.size")).isEqualTo(1);

    // cost by kind, tokens by type; the baseline is every answer on "big"
    assertThat(count("router.cost", "service", "app", "backend", "big", "kind", "answer")).isCloseTo(1.05, within(1e-9));
    assertThat(count("router.cost", "service", "support", "backend", "big", "kind", "answer"))
        .isCloseTo(2.10, within(1e-9));
    assertThat(count("router.cost", "backend", "judge", "kind", "reference")).isCloseTo(0.021, within(1e-9));
    assertThat(count("router.tokens", "backend", "big", "service", "support", "type", "input")).isEqualTo(200_000);
    assertThat(count("router.tokens", "backend", "big", "service", "support", "type", "output")).isEqualTo(100_000);
    // three answers from big ($1.05 each) and four small ones (cache hit included) at big's price
    double baseline = registry.get("router.cost.baseline").counters().stream().mapToDouble(c -> c.count()).sum();
    assertThat(baseline).isCloseTo(3 * 1.05 + 4 * 0.0105, within(1e-9));
    assertThat(count("router.savings")).isCloseTo(baseline - 3 * 1.05 - 2 * 0.0105, within(1e-9));

    // quality: two samples scored 0.5, one promotion
    var scores = registry.get("router.quality.score").tags("category", "extraction", "tier", "cheap").summary();
    assertThat(scores.count()).isEqualTo(2);
    assertThat(scores.mean()).isCloseTo(0.5, within(1e-9));
    assertThat(count("router.quality.promotions", "category", "extraction", "from", "cheap", "to", "capable"))
        .isEqualTo(1);
    assertThat(count("router.quality.promoted", "category", "extraction")).isEqualTo(1);
    assertThat(count("router.quality.promoted", "category", "code")).isZero();
    assertThat(count("router.quality.samples", "result", "scored")).isEqualTo(2);

    // the budget downgrade and the budget's gauges
    assertThat(count("router.budget.downgrades", "service", "support", "from", "capable", "to", "cheap")).isEqualTo(1);
    assertThat(count("router.budget.spent", "service", "support", "period", "daily")).isCloseTo(2.10, within(1e-9));
    assertThat(count("router.budget.limit", "service", "support", "period", "daily")).isEqualTo(2.00);
    assertThat(count("router.budget.remaining", "service", "support", "period", "daily")).isZero();
    assertThat(registry.find("router.budget.limit").tags("service", "app").gauge()).isNull(); // app has no limit
    assertThat(count("router.budget.spent", "service", "app", "period", "daily")).isCloseTo(1.05 + 0.021, within(1e-9));

    // every backend's breaker state: one state is 1, the others 0
    assertThat(count("router.backend.state", "backend", "local", "state", "closed")).isEqualTo(1);
    assertThat(count("router.backend.state", "backend", "local", "state", "open")).isZero();
    assertThat(count("router.backend.state", "backend", "judge", "state", "closed")).isEqualTo(1);
    java.lang.ref.Reference.reachabilityFence(router);
  }

  @Test
  void breakerChangesRateLimitsAndRetriesAreCounted() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("cheap", "capable").clock(clock).meterRegistry(registry)
        .sleeper(clock::advance)
        .failover(FailoverPolicy.builder()
            .retry(r -> r.maxRetries(1).backoff(Duration.ofMillis(100), Duration.ofMillis(200)).jitter(0))
            .circuitBreaker(b -> b.failureThreshold(2))
            .rateLimit("app", dev.switchboard.router.failover.RateLimit.requests(1, Duration.ofSeconds(10))
                .withMaxWait(Duration.ofSeconds(20)))
            .build())
        .backend(Backend.builder("local").client(local).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .build();
    local.failNext(2, FailureKind.SERVER_ERROR);
    router.chat(extract(false)); // local fails, retried after 100 ms, fails again: big answers
    local.failNext(1, FailureKind.SERVER_ERROR);
    router.chat(extract(false)); // waits for the rate limit; local fails again: its breaker opens

    assertThat(count("router.retries", "backend", "local", "reason", "server_error")).isEqualTo(1);
    assertThat(count("router.failovers", "backend", "local", "reason", "server_error")).isEqualTo(2);
    assertThat(count("router.backend.transitions", "backend", "local", "state", "open")).isEqualTo(1);
    assertThat(count("router.backend.state", "backend", "local", "state", "open")).isEqualTo(1);
    var waits = registry.get("router.ratelimit.waits").tags("service", "app").timer();
    assertThat(waits.count()).isEqualTo(1);
    // the first request took 1080 ms (40 + 100 backoff + 40 + 900); the next slot is at 10 s
    assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10_000 - 1080);
    // backoff and rate-limit waits are not the router's overhead
    assertThat(registry.get("router.overhead").timers().stream().mapToDouble(t -> t.max(TimeUnit.NANOSECONDS)).max()
        .orElseThrow()).isZero();
  }

  @Test
  void aStreamsFirstTokenIsTimedAndTheListenerHearsIt() throws Exception {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    RoutingChatClient router = RoutingChatClient.builder().tiers("cheap", "capable").clock(clock)
        .meterRegistry(registry)
        .listener(new dev.switchboard.router.RouterListener() {
          @Override
          public void onFirstToken(ChatRequest request, String backend, String tier, Duration sinceStart) {
            heard.add(backend + " " + tier + " " + sinceStart.toMillis());
          }
        })
        .backend(Backend.builder("local").client(local).tier("cheap").build())
        .backend(Backend.builder("big").client(big).tier("capable").price(BIG_PRICE).build())
        .build();
    router.stream(extract(false).toBuilder().stream(true).build(), chunk -> {}).completion()
        .get(5, TimeUnit.SECONDS);

    assertThat(heard).containsExactly("local cheap 40");
    var ttft = registry.get("router.stream.first.token").tags("backend", "local", "category", "extraction").timer();
    assertThat(ttft.count()).isEqualTo(1);
    assertThat(ttft.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
    assertThat(registry.get("router.requests").tags("mode", "stream", "outcome", "success").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aFailedRequestIsCountedWithItsPlannedCategoryAndTier() {
    RoutingChatClient router = RoutingChatClient.builder().tiers("cheap").clock(clock).meterRegistry(registry)
        .failover(FailoverPolicy.builder().retry(r -> r.maxRetries(0)).build())
        .backend(Backend.builder("local").client(local).tier("cheap").build()).build();
    local.failNext(1, FailureKind.SERVER_ERROR);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.chat(extract(false)))
        .isInstanceOf(dev.switchboard.router.NoBackendAvailableException.class);

    assertThat(registry.get("router.requests").tags("service", "app", "category", "extraction", "tier", "cheap",
        "backend", "none", "outcome", "error", "error", "NoBackendAvailableException").timer().count()).isEqualTo(1);
    assertThat(registry.find("router.failovers").counter()).isNull(); // nowhere to fail over to
  }

  @Test
  void withoutARegistryNothingIsRegisteredAnywhere() {
    RoutingChatClient.builder().tiers("cheap").clock(clock)
        .backend(Backend.builder("local").client(local).tier("cheap").build()).build().chat(extract(false));
    assertThat(registry.getMeters()).isEmpty();
    assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.getMeters()).isEmpty();
  }

  @Test
  void everyMeterNameIsLowercaseAndDotted() {
    scriptedTrafficLeavesTheMetersItShould();
    Set<String> names = new TreeSet<>();
    registry.getMeters().forEach(m -> names.add(m.getId().getName()));
    assertThat(names).allMatch(n -> n.matches("router(\\.[a-z]+)+"), "lowercase dotted names");
  }
}
