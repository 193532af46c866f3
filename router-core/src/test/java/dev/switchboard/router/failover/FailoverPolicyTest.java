package dev.switchboard.router.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The failover settings groups: defaults, editing in place, and every bad value named in its message. */
class FailoverPolicyTest {

  private static void rejects(ThrowingCallable setting, String message) {
    assertThatThrownBy(setting).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    FailoverPolicy p = FailoverPolicy.defaults();
    assertThat(p.circuitBreaker().failureThreshold()).isEqualTo(3);
    assertThat(p.circuitBreaker().cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.circuitBreaker().misconfiguredCooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.circuitBreaker().waitForHalfOpen()).isZero();
    assertThat(p.retry().maxRetries()).isEqualTo(2);
    assertThat(p.retry().backoffBase()).isEqualTo(Duration.ofMillis(200));
    assertThat(p.retry().backoffMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.retry().jitter()).isEqualTo(0.25);
    assertThat(p.retry().maxRetryAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.timeout().deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.timeout().attemptTimeout()).isEmpty();
    assertThat(p.timeout().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.bulkhead().concurrencyCap("any")).isEmpty();
    assertThat(p.bulkhead().capacityWait()).isZero();
    assertThat(p.rateLimits()).isEmpty();
  }

  @Test
  void eachEditChangesOnlyWhatItNamesAndLaterEditsOfAGroupAddUp() {
    FailoverPolicy p = FailoverPolicy.builder()
        .retry(r -> r.maxRetries(0))
        .retry(r -> r.jitter(0))
        .bulkhead(b -> b.concurrencyCap(2).concurrencyCap("ollama", 4))
        .rateLimit("search", RateLimit.requestsPerSecond(20))
        .build();
    assertThat(p.retry().maxRetries()).isZero();
    assertThat(p.retry().jitter()).isZero();
    assertThat(p.retry().backoffMax()).as("untouched").isEqualTo(Duration.ofSeconds(5));
    assertThat(p.bulkhead().concurrencyCap("ollama")).hasValue(4);
    assertThat(p.bulkhead().concurrencyCap("any")).hasValue(2);

    FailoverPolicy derived = p.toBuilder().retry(r -> r.maxRetries(1)).timeout(t -> t.deadline(Duration.ofSeconds(9)))
        .build();
    assertThat(derived.retry().maxRetries()).isEqualTo(1);
    assertThat(derived.retry().jitter()).as("kept from the policy it came from").isZero();
    assertThat(derived.bulkhead().concurrencyCap("ollama")).hasValue(4);
    assertThat(derived.rateLimit("search")).hasValue(RateLimit.requestsPerSecond(20));
    assertThat(derived.timeout().deadline()).isEqualTo(Duration.ofSeconds(9));
    assertThat(p.timeout().deadline()).as("the original is immutable").isEqualTo(Duration.ofSeconds(60));
    assertThat(derived.toString()).contains("maxRetries=1", "deadline=PT9S", "ollama=4", "search");
  }

  @Test
  void circuitBreakerSettingsRejectBadValuesNamingThem() {
    rejects(() -> FailoverPolicy.builder().circuitBreaker(b -> b.failureThreshold(0)),
        "failureThreshold must be at least 1: 0");
    rejects(() -> FailoverPolicy.builder().circuitBreaker(b -> b.cooldown(Duration.ZERO)),
        "cooldown must be positive: PT0S");
    rejects(() -> FailoverPolicy.builder().circuitBreaker(b -> b.misconfiguredCooldown(Duration.ofSeconds(-1))),
        "misconfiguredCooldown must be positive: PT-1S");
    rejects(() -> FailoverPolicy.builder().circuitBreaker(b -> b.waitForHalfOpen(Duration.ofMillis(-5))),
        "waitForHalfOpen must not be negative: PT-0.005S");
  }

  @Test
  void retrySettingsRejectBadValuesNamingThem() {
    rejects(() -> FailoverPolicy.builder().retry(r -> r.maxRetries(-1)), "maxRetries must not be negative: -1");
    rejects(() -> FailoverPolicy.builder().retry(r -> r.backoff(Duration.ZERO, Duration.ofSeconds(1))),
        "backoff base must be positive: PT0S");
    rejects(() -> FailoverPolicy.builder().retry(r -> r.backoff(Duration.ofSeconds(5), Duration.ofSeconds(1))),
        "backoff max PT1S must be greater than its base PT5S");
    rejects(() -> FailoverPolicy.builder().retry(r -> r.jitter(1.5)), "jitter must be within [0, 1): 1.5");
    rejects(() -> FailoverPolicy.builder().retry(r -> r.jitter(Double.NaN)), "jitter must be within [0, 1): NaN");
    rejects(() -> FailoverPolicy.builder().retry(r -> r.maxRetryAfter(Duration.ZERO)),
        "maxRetryAfter must be positive: PT0S");
  }

  @Test
  void timeoutSettingsRejectBadValuesNamingThem() {
    rejects(() -> FailoverPolicy.builder().timeout(t -> t.deadline(Duration.ofSeconds(-1))),
        "deadline must be positive: PT-1S");
    rejects(() -> FailoverPolicy.builder().timeout(t -> t.attemptTimeout(Duration.ZERO)),
        "attemptTimeout must be positive: PT0S");
    rejects(() -> FailoverPolicy.builder().timeout(t -> t.firstTokenTimeout(Duration.ZERO)),
        "firstTokenTimeout must be positive: PT0S");
    assertThatThrownBy(() -> FailoverPolicy.builder().timeout(t -> t.deadline(null)))
        .isInstanceOf(NullPointerException.class).hasMessage("deadline");
  }

  @Test
  void bulkheadSettingsRejectBadValuesNamingThem() {
    rejects(() -> FailoverPolicy.builder().bulkhead(b -> b.concurrencyCap(-2)),
        "concurrencyCap must not be negative (0: unlimited): -2");
    rejects(() -> FailoverPolicy.builder().bulkhead(b -> b.concurrencyCap("ollama", -1)),
        "concurrencyCap of 'ollama' must not be negative (0: unlimited): -1");
    rejects(() -> FailoverPolicy.builder().bulkhead(b -> b.capacityWait(Duration.ofSeconds(-1))),
        "capacityWait must not be negative: PT-1S");
  }

  @Test
  void aRejectedValueLeavesTheBuilderAsItWas() {
    FailoverPolicy.Builder b = FailoverPolicy.builder().retry(r -> r.maxRetries(1));
    assertThatThrownBy(() -> b.retry(r -> r.maxRetries(-1)));
    assertThat(b.build().retry().maxRetries()).isEqualTo(1);
    assertThatThrownBy(() -> b.retry(null)).isInstanceOf(NullPointerException.class).hasMessage("edit");
  }
}
