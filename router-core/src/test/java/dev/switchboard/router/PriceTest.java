package dev.switchboard.router;

import dev.switchboard.router.chat.Usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Cache reads and cache writes are priced at their own rates, and fall back to the input price until set. */
class PriceTest {
  // 10,000 prompt tokens: 6,000 read from the cache, 3,000 written to it (1,000 of them for an hour), 1,000 plain.
  private static final Usage CACHED = Usage.builder().promptTokens(10_000).cachedPromptTokens(6_000)
      .cacheWriteTokens(3_000).cacheWrite1hTokens(1_000).completionTokens(500).build();

  @Test
  void eachKindOfPromptTokenIsChargedAtItsOwnRate() {
    Price p = Price.perMillionTokens(3.00, 15.00).withCachedInput(0.30).withCacheWrite(3.75).withCacheWrite1h(6.00);

    // 1,000 x 3 + 6,000 x 0.30 + 2,000 x 3.75 + 1,000 x 6 + 500 x 15 = 25,800 dollar-tokens per million
    assertThat(p.cost(CACHED)).isEqualByComparingTo("0.0258");
    assertThat(p.withBatchDiscount(0.5).batchCost(CACHED)).isEqualByComparingTo("0.0129");
  }

  @Test
  void unsetCacheRatesFallBackToTheInputPriceAndOneHourWritesToTheWritePrice() {
    Price plain = Price.perMillionTokens(3.00, 15.00);
    Price writesOnly = plain.withCacheWrite(3.75);

    assertThat(plain.cachedInputPerMillion()).isEqualByComparingTo("3");
    assertThat(plain.cacheWritePerMillion()).isEqualByComparingTo("3");
    assertThat(plain.cacheWrite1hPerMillion()).isEqualByComparingTo("3");
    assertThat(plain.cost(CACHED)).isEqualByComparingTo(plain.cost(Usage.of(10_000, 500))).isEqualByComparingTo("0.0375");
    assertThat(writesOnly.cacheWrite1hPerMillion()).isEqualByComparingTo("3.75");
    // 1,000 x 3 + 6,000 x 3 + 3,000 x 3.75 + 500 x 15
    assertThat(writesOnly.cost(CACHED)).isEqualByComparingTo("0.03975");
    assertThat(writesOnly.withCacheWrite1h(6).withCacheWrite(4).cacheWrite1hPerMillion()).isEqualByComparingTo("6");
  }

  @Test
  void reportedCountsThatDoNotAddUpAreCappedAtThePrompt() {
    Price p = Price.perMillionTokens(1, 0).withCachedInput(0).withCacheWrite(10);
    Usage tooManyWrites = Usage.builder().promptTokens(1_000).cachedPromptTokens(800).cacheWriteTokens(900).build();

    // 800 reads free, only the 200 tokens left can be writes
    assertThat(p.cost(tooManyWrites)).isEqualByComparingTo("0.002");
  }

  @Test
  void cacheRatesTakePartInEqualityAndAreChecked() {
    Price a = Price.perMillionTokens(3, 15).withCacheWrite(3.75);

    assertThat(a).isEqualTo(Price.perMillionTokens(new BigDecimal("3.00"), new BigDecimal("15")).withCacheWrite(3.75))
        .hasSameHashCodeAs(Price.perMillionTokens(3, 15).withCacheWrite(new BigDecimal("3.750")));
    assertThat(a).isNotEqualTo(Price.perMillionTokens(3, 15));
    assertThat(a).isNotEqualTo(a.withCacheWrite1h(6));
    assertThat(Price.perMillionTokens(3, 15).withCacheWrite(3)).isEqualTo(Price.perMillionTokens(3, 15));
    assertThat(Price.FREE.isFree()).isTrue();
    assertThat(Price.FREE.withCacheWrite(1).isFree()).isFalse();
    assertThatThrownBy(() -> a.withCacheWrite(-1)).hasMessageContaining("cache write price must be a non-negative");
    assertThatThrownBy(() -> a.withCacheWrite1h(Double.NaN)).hasMessageContaining("1-hour cache write");
    assertThatThrownBy(() -> a.withCachedInput((BigDecimal) null)).hasMessageContaining("cached input");
  }

  @Test
  void cacheWritesRoundTripInTheUsageJsonAndAddUp() {
    Usage u = Usage.fromJson("""
        {"prompt_tokens":10000,"completion_tokens":500,"total_tokens":10500,
         "prompt_tokens_details":{"cached_tokens":6000},
         "cache_creation_input_tokens":3000,
         "cache_creation":{"ephemeral_5m_input_tokens":2000,"ephemeral_1h_input_tokens":1000}}
        """);

    assertThat(u.cacheWriteTokens()).isEqualTo(3000);
    assertThat(u.cacheWrite1hTokens()).isEqualTo(1000);
    assertThat(Usage.fromJson(u.toJson())).isEqualTo(u);
    assertThat(u.field("cache_creation").get("ephemeral_5m_input_tokens").asInt()).isEqualTo(2000);
    Usage twice = u.plus(u);
    assertThat(twice.cacheWriteTokens()).isEqualTo(6000);
    assertThat(twice.cacheWrite1hTokens()).isEqualTo(2000);
    assertThat(Usage.of(1, 2).plus(Usage.of(3, 4)).toJsonNode().has("cache_creation_input_tokens")).isFalse();
    assertThat(Usage.of(1, 2).cacheWriteTokens()).isZero();
    assertThatThrownBy(() -> Usage.builder().cacheWriteTokens(-1)).hasMessageContaining("cache_creation_input_tokens");
  }
}
