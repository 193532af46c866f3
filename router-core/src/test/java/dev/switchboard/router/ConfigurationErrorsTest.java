package dev.switchboard.router;

import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.failover.FailoverPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.cache.CachePolicy;
import dev.switchboard.router.quality.QualityPolicy;
import dev.switchboard.router.testing.FakeChatClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one convention of docs/api.md ("Configuration errors"), builder by builder: a bad value given
 * to a builder method is an IllegalArgumentException naming it, a null where an object is needed a
 * NullPointerException naming the parameter, and a whole that does not hold together an
 * IllegalStateException from build() naming every problem.
 */
class ConfigurationErrorsTest {
  private final FakeChatClient client = FakeChatClient.replying("c", "ok");

  private Backend backend(String name, String tier) {
    return Backend.builder(name).client(client).tier(tier).build();
  }

  @Test
  void aBadValueGivenToABuilderMethodIsAnIllegalArgumentExceptionNamingIt() {
    assertThatThrownBy(() -> RoutingChatClient.builder().tiers("cheap", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tier names must not be blank");
    assertThatThrownBy(() -> Backend.builder("has space"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'has space'");
    assertThatThrownBy(() -> Backend.builder("b").contextWindow(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> FailoverPolicy.builder().retry(r -> r.maxRetries(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries").hasMessageContaining("-1");
    assertThatThrownBy(() -> FailoverPolicy.builder().circuitBreaker(b -> b.cooldown(Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cooldown must be positive");
    assertThatThrownBy(() -> BudgetPolicy.builder().daily("svc", -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    assertThatThrownBy(() -> BudgetPolicy.builder().warnAt(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> CachePolicy.builder().maxBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes must be positive: 0");
    assertThatThrownBy(() -> QualityPolicy.builder().window(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> Price.perMillionTokens(-1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void aNullWhereAnObjectIsNeededIsANullPointerExceptionNamingTheParameter() {
    assertThatThrownBy(() -> RoutingChatClient.builder().clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> Backend.builder("b").client(null))
        .isInstanceOf(NullPointerException.class).hasMessage("client");
    assertThatThrownBy(() -> FailoverPolicy.builder().timeout(t -> t.deadline(null)))
        .isInstanceOf(NullPointerException.class).hasMessage("deadline");
    assertThatThrownBy(() -> CachePolicy.builder().ttl(null))
        .isInstanceOf(NullPointerException.class).hasMessage("ttl");
    assertThatThrownBy(() -> Price.perMillionTokens(null, java.math.BigDecimal.ONE))
        .isInstanceOf(NullPointerException.class).hasMessage("input");
    assertThatThrownBy(() -> BudgetPolicy.builder().daily("svc", (java.math.BigDecimal) null))
        .isInstanceOf(NullPointerException.class).hasMessage("dollars");
  }

  @Test
  void anInconsistentWholeIsAnIllegalStateExceptionFromBuildNamingEveryProblem() {
    assertThatThrownBy(() -> Backend.builder("b").client(client).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend 'b' needs a tier");
    assertThatThrownBy(() -> QualityPolicy.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a reference backend");
    assertThatThrownBy(() -> RoutingChatClient.builder().tiers("local", "cloud")
        .backend(backend("a", "gold"))
        .backend(backend("b", "local"))
        .route(TaskCategory.CODE, "silver")
        .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backend 'a' is in tier 'gold', which is not one of [local, cloud]")
        .hasMessageContaining("tier 'cloud' has no backend")
        .hasMessageContaining("category code is routed to tier 'silver'");
    assertThatThrownBy(() -> RoutingChatClient.builder().tiers("local")
        .backend(backend("a", "local"))
        .budgets(BudgetPolicy.builder().defaultDaily(1).downgradeToTier("cheap").build())
        .build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'cheap'");
  }

  @Test
  void aTierWithNoBackendFailsTheBuildNamingTheTierAndTheFix() {
    // The default tier map sends reasoning and code to the most capable tier: an empty one would only
    // fail later, per request, with "no backend can serve this request".
    assertThatThrownBy(() -> RoutingChatClient.builder().backend(backend("local", "cheap")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tier 'capable' has no backend; give one a tier(\"capable\") or leave the tier out of tiers(..)")
        .hasMessageContaining("the default tiers are [cheap, capable]");
    // Even a tier the tier map never routes to: a tier hint, a quality promotion or a budget
    // downgrade can still land there.
    assertThatThrownBy(() -> RoutingChatClient.builder().tiers("local", "spare", "cloud")
        .backend(backend("local", "local")).backend(backend("cloud", "cloud"))
        .build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tier 'spare' has no backend")
        .message().doesNotContain("default tiers");
    assertThat(RoutingChatClient.builder().tiers("local").backend(backend("local", "local")).build().tiers())
        .containsExactly("local");
  }
}
