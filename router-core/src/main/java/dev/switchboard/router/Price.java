package dev.switchboard.router;

import dev.switchboard.router.chat.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a backend charges, in US dollars per million tokens: input, output, cached input (a
 * prompt-cache read), prompt-cache writes (default lifetime and one hour), plus the discount its
 * batch API gives (0.5 = half price). Exact decimal arithmetic: costs add up to the cent and
 * beyond, whatever the volume.
 *
 * <p>Rates not set fall back to one that is: cache reads and cache writes cost the input price,
 * one-hour cache writes cost the cache-write price. So a price set with input and output only
 * charges every prompt token at the input price, as before cache rates existed.
 */
public final class Price {
  /** A backend that costs nothing to call (a local model whose hardware is already paid for). */
  public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null, null,
      BigDecimal.ZERO);

  private final BigDecimal inputPerMillion;
  private final BigDecimal outputPerMillion;
  private final BigDecimal cachedInputPerMillion;
  private final BigDecimal cacheWritePerMillion; // null: the input price
  private final BigDecimal cacheWrite1hPerMillion; // null: the cache-write price
  private final BigDecimal batchDiscount;

  private Price(BigDecimal in, BigDecimal out, BigDecimal cachedIn, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
      BigDecimal batchDiscount) {
    this.inputPerMillion = in;
    this.outputPerMillion = out;
    this.cachedInputPerMillion = cachedIn;
    this.cacheWritePerMillion = cacheWrite;
    this.cacheWrite1hPerMillion = cacheWrite1h;
    this.batchDiscount = batchDiscount;
  }

  /** Input and output dollars per million tokens; cache reads and writes cost the input price until set. */
  public static Price perMillionTokens(double input, double output) {
    return perMillionTokens(dollars(input, "input"), dollars(output, "output"));
  }

  public static Price perMillionTokens(BigDecimal input, BigDecimal output) {
    BigDecimal in = dollars(input, "input");
    return new Price(in, dollars(output, "output"), in, null, null, BigDecimal.ZERO);
  }

  /** This price with another cached-input rate: dollars per million prompt tokens read from the provider's cache. */
  public Price withCachedInput(double cachedInput) {
    return withCachedInput(dollars(cachedInput, "cached input"));
  }

  public Price withCachedInput(BigDecimal cachedInput) {
    return new Price(inputPerMillion, outputPerMillion, dollars(cachedInput, "cached input"), cacheWritePerMillion,
        cacheWrite1hPerMillion, batchDiscount);
  }

  /**
   * This price with a cache-write rate: dollars per million prompt tokens written to the
   * provider's prompt cache (Anthropic's {@code cache_creation_input_tokens}, at the default
   * five-minute lifetime). Until set, cache writes cost the input price.
   */
  public Price withCacheWrite(double cacheWrite) {
    return withCacheWrite(dollars(cacheWrite, "cache write"));
  }

  public Price withCacheWrite(BigDecimal cacheWrite) {
    return new Price(inputPerMillion, outputPerMillion, cachedInputPerMillion, dollars(cacheWrite, "cache write"),
        cacheWrite1hPerMillion, batchDiscount);
  }

  /**
   * This price with a rate for cache writes with a one-hour lifetime (Anthropic's
   * {@code cache_creation.ephemeral_1h_input_tokens}). Until set, they cost the cache-write price.
   */
  public Price withCacheWrite1h(double cacheWrite1h) {
    return withCacheWrite1h(dollars(cacheWrite1h, "1-hour cache write"));
  }

  public Price withCacheWrite1h(BigDecimal cacheWrite1h) {
    return new Price(inputPerMillion, outputPerMillion, cachedInputPerMillion, cacheWritePerMillion,
        dollars(cacheWrite1h, "1-hour cache write"), batchDiscount);
  }

  /** This price with a batch discount, a fraction in [0, 1): 0.5 means batch jobs cost half. */
  public Price withBatchDiscount(double discount) {
    if (!(discount >= 0 && discount < 1)) {
      throw new IllegalArgumentException("batch discount must be within [0, 1): " + discount);
    }
    return new Price(inputPerMillion, outputPerMillion, cachedInputPerMillion, cacheWritePerMillion,
        cacheWrite1hPerMillion, BigDecimal.valueOf(discount));
  }

  public BigDecimal inputPerMillion() {
    return inputPerMillion;
  }

  public BigDecimal outputPerMillion() {
    return outputPerMillion;
  }

  /** The cache-read rate. */
  public BigDecimal cachedInputPerMillion() {
    return cachedInputPerMillion;
  }

  /** The cache-write rate: as set, else the input price. */
  public BigDecimal cacheWritePerMillion() {
    return cacheWritePerMillion != null ? cacheWritePerMillion : inputPerMillion;
  }

  /** The one-hour cache-write rate: as set, else {@link #cacheWritePerMillion()}. */
  public BigDecimal cacheWrite1hPerMillion() {
    return cacheWrite1hPerMillion != null ? cacheWrite1hPerMillion : cacheWritePerMillion();
  }

  public BigDecimal batchDiscount() {
    return batchDiscount;
  }

  public boolean isFree() {
    return inputPerMillion.signum() == 0 && outputPerMillion.signum() == 0 && cachedInputPerMillion.signum() == 0
        && cacheWritePerMillion().signum() == 0 && cacheWrite1hPerMillion().signum() == 0;
  }

  /**
   * The exact cost of a call in dollars. The prompt tokens are split the way providers bill them:
   * tokens read from the prompt cache ({@link Usage#cachedPromptTokens()}) at the cached-input
   * rate, tokens written to it ({@link Usage#cacheWriteTokens()}, of which
   * {@link Usage#cacheWrite1hTokens()} with a one-hour lifetime) at the cache-write rates, the
   * rest at the input rate. Reasoning tokens are part of the completion tokens in the OpenAI
   * shape and are charged as output.
   */
  public BigDecimal cost(Usage usage) {
    long prompt = usage.promptTokens();
    long reads = Math.min(usage.cachedPromptTokens(), prompt);
    long writes = Math.min(usage.cacheWriteTokens(), prompt - reads);
    long writes1h = Math.min(usage.cacheWrite1hTokens(), writes);
    return inputPerMillion.multiply(BigDecimal.valueOf(prompt - reads - writes))
        .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(reads)))
        .add(cacheWritePerMillion().multiply(BigDecimal.valueOf(writes - writes1h)))
        .add(cacheWrite1hPerMillion().multiply(BigDecimal.valueOf(writes1h)))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.completionTokens())))
        .movePointLeft(6)
        .stripTrailingZeros();
  }

  /** The cost of a call of these token counts, in dollars (no cache writes). */
  public BigDecimal cost(long uncachedInputTokens, long cachedInputTokens, long outputTokens) {
    if (uncachedInputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    return inputPerMillion.multiply(BigDecimal.valueOf(uncachedInputTokens))
        .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(cachedInputTokens)))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)))
        .movePointLeft(6)
        .stripTrailingZeros();
  }

  /** The cost of the same usage through the provider's batch API. */
  public BigDecimal batchCost(Usage usage) {
    return cost(usage).multiply(BigDecimal.ONE.subtract(batchDiscount)).stripTrailingZeros();
  }

  /** A single number to order backends by: input plus output per million. */
  BigDecimal blended() {
    return inputPerMillion.add(outputPerMillion);
  }

  private static BigDecimal dollars(double v, String what) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " price must be a non-negative number: " + v);
    }
    return BigDecimal.valueOf(v);
  }

  private static BigDecimal dollars(BigDecimal v, String what) {
    Objects.requireNonNull(v, what);
    if (v.signum() < 0) {
      throw new IllegalArgumentException(what + " price must be a non-negative number: " + v);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Price p && inputPerMillion.compareTo(p.inputPerMillion) == 0
        && outputPerMillion.compareTo(p.outputPerMillion) == 0
        && cachedInputPerMillion.compareTo(p.cachedInputPerMillion) == 0
        && cacheWritePerMillion().compareTo(p.cacheWritePerMillion()) == 0
        && cacheWrite1hPerMillion().compareTo(p.cacheWrite1hPerMillion()) == 0
        && batchDiscount.compareTo(p.batchDiscount) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputPerMillion.stripTrailingZeros(), outputPerMillion.stripTrailingZeros(),
        cachedInputPerMillion.stripTrailingZeros(), cacheWritePerMillion().stripTrailingZeros(),
        cacheWrite1hPerMillion().stripTrailingZeros(), batchDiscount.stripTrailingZeros());
  }

  @Override
  public String toString() {
    return "$" + inputPerMillion.toPlainString() + " in / $" + outputPerMillion.toPlainString() + " out per 1M tokens";
  }
}
