package dev.switchboard.router;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.FailoverPolicy;
import dev.switchboard.router.failover.RateLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import dev.switchboard.router.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Breakers, retries, deadline, caps, rate limits and all-down behaviour, on fakes and a manual clock. */
class FailoverTest {
  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler time = new ManualScheduler(clock);
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");
  private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());

  private FailoverPolicy.Builder policy() {
    return FailoverPolicy.builder().retry(r -> r.jitter(0).backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
  }

  private RoutingChatClient router(FailoverPolicy policy) {
    return router(policy, local, cloud);
  }

  private RoutingChatClient router(FailoverPolicy policy, ChatClient localClient, ChatClient cloudClient) {
    return RoutingChatClient.builder()
        .tiers("local", "cloud")
        .clock(clock)
        .sleeper(time)
        .scheduler(time)
        .failover(policy)
        .listener(new RouterListener() {
          @Override
          public void onBackendStateChanged(BackendHealth health, BackendState previous) {
            transitions.add(health.backend() + " " + previous + "->" + health.state());
          }
        })
        .backend(Backend.builder("local").client(localClient).tier("local").build())
        .backend(Backend.builder("cloud").client(cloudClient).tier("cloud")
            .price(Price.perMillionTokens(2.00, 8.00)).build())
        .build();
  }

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the order number: order #A-88213").build();
  }

  private static BackendException rateLimited(String backend, Duration retryAfter) {
    return new BackendException(backend, FailureKind.RATE_LIMITED, 429, "slow down", retryAfter, "rate limited", null);
  }

  @Test
  void threeFailuresInARowOpenTheBreakerAndTheBackendIsSkipped() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0)).build());
    local.down(FailureKind.SERVER_ERROR);
    for (int i = 0; i < 3; i++) {
      assertThat(router.chat(extraction()).route().backend()).isEqualTo("cloud");
      assertThat(router.health().state("local")).isEqualTo(i < 2 ? BackendState.CLOSED : BackendState.OPEN);
    }
    BackendHealth h = router.health().backend("local").orElseThrow();
    assertThat(h.consecutiveFailures()).isEqualTo(3);
    assertThat(h.since()).isEqualTo(clock.instant());
    assertThat(h.lastErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("SERVER_ERROR"));

    RouteInfo route = router.chat(extraction()).route();
    assertThat(local.callCount()).as("an open backend costs no latency").isEqualTo(3);
    assertThat(route.attempts()).extracting(Attempt::backend).containsExactly("cloud");
    assertThat(transitions).containsExactly("local CLOSED->OPEN");
  }

  @Test
  void afterTheCooldownOneTrialRequestAndOneSuccessBringItBack() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0))
        .circuitBreaker(b -> b.cooldown(Duration.ofSeconds(30))).build());
    local.down(FailureKind.SERVER_ERROR);
    for (int i = 0; i < 3; i++) {
      router.chat(extraction());
    }
    time.advance(Duration.ofSeconds(29));
    assertThat(router.health().state("local")).isEqualTo(BackendState.OPEN);
    router.chat(extraction());
    assertThat(local.callCount()).isEqualTo(3);

    time.advance(Duration.ofSeconds(1));
    assertThat(router.health().state("local")).isEqualTo(BackendState.HALF_OPEN);
    assertThat(router.chat(extraction()).route().backend()).as("the trial fails").isEqualTo("cloud");
    assertThat(router.health().state("local")).isEqualTo(BackendState.OPEN);
    assertThat(router.health().backend("local").orElseThrow().since()).isEqualTo(clock.instant());

    local.up();
    time.advance(Duration.ofSeconds(30));
    assertThat(router.chat(extraction()).route().backend()).as("the trial succeeds").isEqualTo("local");
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
    assertThat(router.health().backend("local").orElseThrow().consecutiveFailures()).isZero();
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("local");
    assertThat(transitions).containsExactly("local CLOSED->OPEN", "local OPEN->HALF_OPEN", "local HALF_OPEN->OPEN",
        "local OPEN->HALF_OPEN", "local HALF_OPEN->CLOSED");
  }

  @Test
  void aHalfOpenBackendTakesOneTrialAtATime() throws Exception {
    CountDownLatch inTrial = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    FakeChatClient slowLocal = FakeChatClient.builder("local").respond(r -> {
      inTrial.countDown();
      await(finish);
      return ChatResponse.of("from local", Usage.of(10, 5));
    }).build();
    slowLocal.failNext(1, FailureKind.SERVER_ERROR);
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0)).circuitBreaker(b -> b.failureThreshold(1))
        .build(), slowLocal, cloud);
    router.chat(extraction());
    time.advance(Duration.ofSeconds(30));
    CompletableFuture<ChatResponse> trial = CompletableFuture.supplyAsync(() -> router.chat(extraction()));
    assertThat(inTrial.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(router.chat(extraction()).route().backend()).as("no second trial while one runs").isEqualTo("cloud");
    finish.countDown();
    assertThat(trial.get(10, TimeUnit.SECONDS).route().backend()).isEqualTo("local");
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
  }

  @Test
  void retriesBackOffExponentiallyOnTheSameBackendBeforeFailingOver() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2)).build());
    local.failNext(2, FailureKind.SERVER_ERROR);
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.backend()).isEqualTo("local");
    assertThat(route.attempts()).extracting(Attempt::backend).containsExactly("local", "local", "local");
    assertThat(time.slept()).isEqualTo(Duration.ofMillis(200 + 400));
    assertThat(cloud.callCount()).isZero();
  }

  /**
   * With the defaults (3 failures in a row, 2 retries), one request's retries of a dead backend
   * count once: three different requests have to fail there before its breaker opens.
   */
  @Test
  void oneRequestsRetriesCountOnceTowardTheBreaker() {
    RoutingChatClient router = router(policy().build());
    local.down(FailureKind.SERVER_ERROR);
    RouteInfo first = router.chat(extraction()).route();
    assertThat(first.attempts()).extracting(Attempt::backend).containsExactly("local", "local", "local", "cloud");
    assertThat(first.reason()).contains("3 attempts on 1 backend failed before cloud answered");
    BackendHealth h = router.health().backend("local").orElseThrow();
    assertThat(h.state()).isEqualTo(BackendState.CLOSED);
    assertThat(h.consecutiveFailures()).isEqualTo(1);
    assertThat(h.lastErrorMessage()).isPresent();

    router.chat(extraction());
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
    router.chat(extraction());
    assertThat(router.health().state("local")).isEqualTo(BackendState.OPEN);
    assertThat(router.health().backend("local").orElseThrow().consecutiveFailures()).isEqualTo(3);
    int calls = local.callCount();
    assertThat(router.chat(extraction()).route().attempts()).extracting(Attempt::backend).containsExactly("cloud");
    assertThat(local.callCount()).isEqualTo(calls);
  }

  @Test
  void aBackendWhoseBreakerJustOpenedIsNotRetried() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2)).circuitBreaker(b -> b.failureThreshold(1))
        .build());
    local.down(FailureKind.SERVER_ERROR);
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.attempts()).extracting(Attempt::backend).containsExactly("local", "cloud");
    assertThat(time.slept()).isEqualTo(Duration.ZERO);
  }

  @Test
  void oneRetryBudgetPerRequestSoRetriesNeverMultiply() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2)).circuitBreaker(b -> b.failureThreshold(10))
        .build());
    local.down(FailureKind.SERVER_ERROR);
    cloud.down(FailureKind.SERVER_ERROR);
    assertThatThrownBy(() -> router.chat(extraction()))
        .isInstanceOfSatisfying(NoBackendAvailableException.class, e ->
            assertThat(e.attempts()).extracting(Attempt::backend).containsExactly("local", "local", "local", "cloud"));
    assertThat(local.callCount() + cloud.callCount()).isEqualTo(1 + 2 + 1);
  }

  @Test
  void retryAfterIsHonoured() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2)).build());
    local.enqueueFailure(rateLimited("local", Duration.ofSeconds(7)));
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.backend()).isEqualTo("local");
    assertThat(route.attempts()).extracting(Attempt::failure).containsExactly(FailureKind.RATE_LIMITED, null);
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(7));
    assertThat(cloud.callCount()).isZero();
  }

  @Test
  void aRetryAfterBeyondTheDeadlineFailsOverAtOnce() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2))
        .timeout(t -> t.deadline(Duration.ofSeconds(5))).build());
    local.enqueueFailure(rateLimited("local", Duration.ofSeconds(10)));
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.backend()).isEqualTo("cloud");
    assertThat(time.slept()).isEqualTo(Duration.ZERO);
  }

  /** The provider's Retry-After holds for every request: the others skip the backend until then. */
  @Test
  void aRetryAfterKeepsEveryRequestAwayUntilItsTime() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2))
        .timeout(t -> t.deadline(Duration.ofSeconds(5))).build());
    Instant start = clock.instant();
    local.enqueueFailure(rateLimited("local", Duration.ofSeconds(10)));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("cloud");
    assertThat(local.callCount()).isEqualTo(1);

    BackendHealth h = router.health().backend("local").orElseThrow();
    assertThat(h.state()).isEqualTo(BackendState.COOLING_DOWN);
    assertThat(h.state().accepting()).isFalse();
    assertThat(h.coolingDownUntil()).contains(start.plus(Duration.ofSeconds(10)));
    assertThat(transitions).containsExactly("local CLOSED->COOLING_DOWN");

    clock.advance(Duration.ofSeconds(9));
    RouteInfo second = router.chat(extraction()).route();
    assertThat(second.backend()).isEqualTo("cloud");
    assertThat(second.attempts()).extracting(Attempt::backend).containsExactly("cloud");
    assertThat(local.callCount()).as("nobody else called it while it asked for quiet").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("local");
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
    assertThat(router.health().backend("local").orElseThrow().coolingDownUntil()).isEmpty();
    assertThat(transitions).containsExactly("local CLOSED->COOLING_DOWN", "local COOLING_DOWN->CLOSED");
    assertThat(time.slept()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aCoolingBackendIsNamedWhenNothingElseCanServe() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0))
        .timeout(t -> t.deadline(Duration.ofSeconds(5))).build());
    local.enqueueFailure(rateLimited("local", Duration.ofSeconds(30)));
    cloud.down(FailureKind.SERVER_ERROR);
    assertThatThrownBy(() -> router.chat(extraction())).isInstanceOf(NoBackendAvailableException.class);
    assertThatThrownBy(() -> router.chat(extraction()))
        .isInstanceOfSatisfying(NoBackendAvailableException.class, e -> {
          assertThat(e.skipped()).anySatisfy(s -> assertThat(s).startsWith("local: cooling down until ")
              .contains("Retry-After"));
          assertThat(e.getMessage()).contains("local=COOLING_DOWN");
        });
    assertThat(local.callCount()).isEqualTo(1);
  }

  @Test
  void aRetryAfterIsBelievedOnlyUpToMaxRetryAfter() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0).maxRetryAfter(Duration.ofMinutes(1)))
        .build());
    Instant start = clock.instant();
    local.enqueueFailure(rateLimited("local", Duration.ofDays(1)));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("cloud");
    assertThat(router.health().backend("local").orElseThrow().coolingDownUntil())
        .contains(start.plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(1));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("local");
  }

  /** With waitForHalfOpen, a request that finds every backend resting waits for the end of a Retry-After too. */
  @Test
  void waitingForABackendIncludesTheEndOfItsRetryAfter() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0))
        .circuitBreaker(b -> b.waitForHalfOpen(Duration.ofSeconds(20)))
        .timeout(t -> t.deadline(Duration.ofSeconds(30))).build());
    local.enqueueFailure(rateLimited("local", Duration.ofSeconds(12)));
    cloud.enqueueFailure(rateLimited("cloud", Duration.ofSeconds(40)));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("local");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void theDeadlineStopsFurtherAttempts() {
    FakeChatClient a = FakeChatClient.builder("a").latency(Duration.ofSeconds(4), clock).build();
    FakeChatClient b = FakeChatClient.builder("b").latency(Duration.ofSeconds(4), clock).build();
    FakeChatClient c = FakeChatClient.builder("c").latency(Duration.ofSeconds(4), clock).build();
    a.down(FailureKind.TIMEOUT);
    b.down(FailureKind.SERVER_ERROR);
    RoutingChatClient router = RoutingChatClient.builder().tiers("t").clock(clock).sleeper(time).scheduler(time)
        .failover(policy().retry(r -> r.maxRetries(0)).timeout(t -> t.deadline(Duration.ofSeconds(7))).build())
        .backend(Backend.builder("a").client(a).tier("t").price(Price.perMillionTokens(1, 1)).build())
        .backend(Backend.builder("b").client(b).tier("t").price(Price.perMillionTokens(2, 2)).build())
        .backend(Backend.builder("c").client(c).tier("t").price(Price.perMillionTokens(3, 3)).build())
        .build();
    assertThatThrownBy(() -> router.chat(extraction()))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.deadline()).isEqualTo(Duration.ofSeconds(7));
          assertThat(e.attempts()).extracting(Attempt::backend).containsExactly("a", "b");
          assertThat(e.getMessage()).contains("deadline of PT7S").contains("a: TIMEOUT").contains("c=CLOSED");
        });
    assertThat(c.callCount()).as("no attempt starts after the deadline").isZero();
  }

  @Test
  void anAttemptTimeoutInterruptsAHungCallAndFailsOver() {
    FakeChatClient hung = FakeChatClient.builder("local").sleeping(Duration.ofMinutes(10)).build();
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0))
        .timeout(t -> t.attemptTimeout(Duration.ofMillis(50))).build(), hung,
        cloud);
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.backend()).isEqualTo("cloud");
    assertThat(route.attempts().get(0).failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(route.attempts().get(0).error()).contains("no answer within PT0.05S");
    assertThat(Thread.currentThread().isInterrupted()).as("the interrupt does not leak to the caller").isFalse();
  }

  @Test
  void backoffNeverWaitsPastTheDeadline() {
    RoutingChatClient router = router(policy()
        .retry(r -> r.maxRetries(5).backoff(Duration.ofSeconds(2), Duration.ofSeconds(60)))
        .timeout(t -> t.deadline(Duration.ofSeconds(5))).circuitBreaker(b -> b.failureThreshold(10)).build());
    local.down(FailureKind.SERVER_ERROR);
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("cloud");
    assertThat(time.slept()).as("2 s, then 4 s would pass the deadline: fail over instead")
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aFullBackendSpillsToTheNextCandidate() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    FakeChatClient slowLocal = FakeChatClient.builder("local").respond(r -> {
      busy.countDown();
      await(finish);
      return ChatResponse.of("from local", Usage.of(10, 5));
    }).build();
    RoutingChatClient router = router(policy().bulkhead(b -> b.concurrencyCap("local", 1)).build(), slowLocal, cloud);
    CompletableFuture<ChatResponse> first = CompletableFuture.supplyAsync(() -> router.chat(extraction()));
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    ChatResponse second = router.chat(extraction());
    assertThat(second.route().backend()).isEqualTo("cloud");
    assertThat(second.route().decision().candidates()).extracting(Candidate::backend).startsWith("local");
    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).route().backend()).isEqualTo("local");
    assertThat(router.chat(extraction()).route().backend()).as("the permit came back").isEqualTo("local");
    assertThat(router.health().state("local")).as("being full is not a failure").isEqualTo(BackendState.CLOSED);
  }

  @Test
  void aFullBackendCanBeWaitedForUpToABound() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    FakeChatClient slowLocal = FakeChatClient.builder("local").respond(r -> {
      if (busy.getCount() > 0) {
        busy.countDown();
        await(finish);
      }
      return ChatResponse.of("from local", Usage.of(10, 5));
    }).build();
    RoutingChatClient router = router(policy()
        .bulkhead(b -> b.concurrencyCap("local", 1).capacityWait(Duration.ofMinutes(1))).build(),
        slowLocal, cloud);
    CompletableFuture<ChatResponse> first = CompletableFuture.supplyAsync(() -> router.chat(extraction()));
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ChatResponse> second = CompletableFuture.supplyAsync(() -> router.chat(extraction()));
    finish.countDown(); // whenever the second request reaches the cap, the permit comes back within the bound
    assertThat(second.get(10, TimeUnit.SECONDS).route().backend()).isEqualTo("local");
    assertThat(first.get(10, TimeUnit.SECONDS).route().backend()).isEqualTo("local");
    assertThat(cloud.callCount()).isZero();
  }

  @Test
  void aServiceOverItsRequestLimitGetsATypedErrorNamingServiceAndLimit() {
    RoutingChatClient router = router(policy().rateLimit("search", RateLimit.requests(2, Duration.ofHours(1))).build());
    ChatRequest search = ChatRequest.builder().user("Extract the order number: #A-1").service("search").build();
    router.chat(search);
    router.chat(search);
    assertThatThrownBy(() -> router.chat(search))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.service()).isEqualTo("search");
          assertThat(e.limit()).isEqualTo("2 requests per PT1H");
          assertThat(e.getMessage()).contains("service 'search'").contains("2 requests per PT1H");
        });
    assertThat(local.callCount()).isEqualTo(2);
    assertThat(router.chat(extraction()).route().backend()).as("other services are not limited").isEqualTo("local");
  }

  @Test
  void tokensPerPeriodAreCountedFromTheEstimate() {
    RoutingChatClient router = router(policy().rateLimit("batchy", RateLimit.tokens(1_000, Duration.ofHours(1)))
        .build());
    ChatRequest big = ChatRequest.builder().user("Extract the order number: #A-1").maxTokens(600).service("batchy")
        .build();
    router.chat(big);
    assertThatThrownBy(() -> router.chat(big))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.limit()).contains("1000 tokens"));
    ChatRequest huge = ChatRequest.builder().user("x").maxTokens(5_000).service("batchy").build();
    assertThatThrownBy(() -> router.chat(huge)).isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("this request alone needs");
  }

  @Test
  void aRateLimitCanBeWaitedForUpToItsBound() {
    RoutingChatClient router = router(policy().timeout(t -> t.deadline(Duration.ofMinutes(5))).rateLimit("search",
        RateLimit.requests(1, Duration.ofMinutes(1)).withMaxWait(Duration.ofMinutes(2))).build());
    ChatRequest search = ChatRequest.builder().user("Extract the order number: #A-1").service("search").build();
    router.chat(search);
    assertThat(router.chat(search).route().backend()).isEqualTo("local");
    assertThat(time.slept()).isEqualTo(Duration.ofMinutes(1)); // the router's clock, exactly a period
  }

  @Test
  void aRateLimitWaitThatWouldUseUpTheDeadlineIsRefused() {
    RoutingChatClient router = router(policy().timeout(t -> t.deadline(Duration.ofMinutes(1))).rateLimit("search",
        RateLimit.requests(1, Duration.ofMinutes(1)).withMaxWait(Duration.ofMinutes(2))).build());
    ChatRequest search = ChatRequest.builder().user("Extract the order number: #A-1").service("search").build();
    router.chat(search);
    assertThatThrownBy(() -> router.chat(search)).isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("within PT59.999S");
    assertThat(time.slept()).isEqualTo(Duration.ZERO);
  }

  /** The limits read the router's clock: a period passing on it refills them, with no real time passing. */
  @Test
  void rateLimitsRefillByTheRoutersClock() {
    RoutingChatClient router = router(policy().rateLimit("search",
        RateLimit.requests(2, Duration.ofHours(1)).withTokensPerMinute(1_000)).build());
    ChatRequest search = ChatRequest.builder().user("Extract the order number: #A-1").service("search").maxTokens(300)
        .build();
    router.chat(search);
    router.chat(search);
    assertThatThrownBy(() -> router.chat(search)).isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofMinutes(59));
    assertThatThrownBy(() -> router.chat(search)).as("still the same hour").isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofMinutes(1));
    router.chat(search);
    router.chat(search);
    assertThatThrownBy(() -> router.chat(search)).isInstanceOf(RateLimitedException.class);
    assertThat(local.callCount()).isEqualTo(4);
    assertThat(time.slept()).isEqualTo(Duration.ZERO);
  }

  /** Tokens borrowed ahead are waited for on the router's clock, and a refused request reserves nothing. */
  @Test
  void aRefusedRequestTakesNoPermits() {
    RoutingChatClient router = router(policy().rateLimit("batchy",
        RateLimit.tokens(1_000, Duration.ofMinutes(1)).withMaxWait(Duration.ofSeconds(30))).build());
    ChatRequest big = ChatRequest.builder().user("Extract the order number: #A-1").maxTokens(700).service("batchy")
        .build();
    ChatRequest small = ChatRequest.builder().user("Extract the order number: #A-1").maxTokens(200).service("batchy")
        .build();
    router.chat(big);
    clock.advance(Duration.ofSeconds(20));
    // 700 more tokens would be due in the next minute, 40 s away: past the 30 s bound, so refused...
    assertThatThrownBy(() -> router.chat(big)).isInstanceOf(RateLimitedException.class);
    // ...and nothing was taken by the refusal: a small request still fits this minute.
    router.chat(small);
    assertThat(time.slept()).isEqualTo(Duration.ZERO);
    clock.advance(Duration.ofSeconds(15));
    router.chat(big); // waits the 25 s left in this minute, on the router's clock
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void aRequestFaultIsNeitherRetriedNorCountedAgainstTheBackend() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(2)).circuitBreaker(b -> b.failureThreshold(2))
        .build());
    local.down(FailureKind.BAD_REQUEST);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> router.chat(extraction())).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST));
    }
    assertThat(local.callCount()).isEqualTo(3);
    assertThat(cloud.callCount()).isZero();
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
  }

  @Test
  void aBackendThatRefusesOurKeyIsMarkedMisconfiguredAndSkipped() {
    RoutingChatClient router = router(policy().circuitBreaker(b -> b.misconfiguredCooldown(Duration.ofMinutes(10)))
        .build());
    local.down(FailureKind.UNAUTHORIZED);
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("cloud");
    assertThat(local.callCount()).as("not retried").isEqualTo(1);
    assertThat(router.health().state("local")).isEqualTo(BackendState.MISCONFIGURED);
    router.chat(extraction());
    assertThat(local.callCount()).isEqualTo(1);
    local.up();
    time.advance(Duration.ofMinutes(10));
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("local");
    assertThat(transitions).containsExactly("local CLOSED->MISCONFIGURED", "local MISCONFIGURED->HALF_OPEN",
        "local HALF_OPEN->CLOSED");
  }

  @Test
  void whenAllAreDownTheErrorListsEachBackendAndItsState() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0)).circuitBreaker(b -> b.failureThreshold(1))
        .build());
    local.down(FailureKind.SERVER_ERROR);
    cloud.down(FailureKind.NOT_FOUND);
    assertThatThrownBy(() -> router.chat(extraction())).isInstanceOf(NoBackendAvailableException.class);
    assertThatThrownBy(() -> router.chat(extraction()))
        .isInstanceOfSatisfying(NoBackendAvailableException.class, e -> {
          assertThat(e.attempts()).isEmpty();
          assertThat(e.states()).extracting(BackendHealth::backend, BackendHealth::state).containsExactly(
              org.assertj.core.groups.Tuple.tuple("local", BackendState.OPEN),
              org.assertj.core.groups.Tuple.tuple("cloud", BackendState.MISCONFIGURED));
          assertThat(e.getMessage()).contains("local=OPEN since").contains("cloud=MISCONFIGURED since")
              .contains("local: circuit OPEN");
        });
    assertThat(router.health().allDown()).isTrue();
  }

  @Test
  void whenAllAreDownTheRouterCanWaitABoundedTimeForTheFirstHalfOpen() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0))
        .circuitBreaker(b -> b.failureThreshold(1).cooldown(Duration.ofSeconds(30))
            .waitForHalfOpen(Duration.ofMinutes(1)))
        .build());
    local.failNext(1, FailureKind.SERVER_ERROR);
    cloud.failNext(1, FailureKind.SERVER_ERROR);
    RouteInfo route = router.chat(extraction()).route();
    assertThat(route.backend()).as("both failed and opened; 30 s later local's trial answers").isEqualTo("local");
    assertThat(route.attempts()).extracting(Attempt::backend, Attempt::succeeded).containsExactly(
        org.assertj.core.groups.Tuple.tuple("local", false), org.assertj.core.groups.Tuple.tuple("cloud", false),
        org.assertj.core.groups.Tuple.tuple("local", true));
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(30));
    assertThat(router.health().state("local")).isEqualTo(BackendState.CLOSED);
  }

  @Test
  void theWaitForHalfOpenIsBounded() {
    RoutingChatClient router = router(policy().retry(r -> r.maxRetries(0))
        .circuitBreaker(b -> b.failureThreshold(1).cooldown(Duration.ofSeconds(30))
            .waitForHalfOpen(Duration.ofSeconds(10)))
        .build());
    local.down(FailureKind.SERVER_ERROR);
    cloud.down(FailureKind.SERVER_ERROR);
    assertThatThrownBy(() -> router.chat(extraction())).isInstanceOf(NoBackendAvailableException.class);
    Duration before = time.slept();
    assertThatThrownBy(() -> router.chat(extraction())).isInstanceOf(NoBackendAvailableException.class);
    assertThat(time.slept()).as("30 s to the first half-open is past the 10 s bound: no wait").isEqualTo(before);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
