package dev.switchboard.router;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a backend charges, in US dollars per million tokens: input, output, and cached input (a
 * prompt-cache hit), plus the discount its batch API gives (0.5 = half price). Exact decimal
 * arithmetic: costs add up to the cent and beyond, whatever the volume.
 */
public final class Price {
  /** A backend that costs nothing to call (a local model whose hardware is already paid for). */
  public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  private final BigDecimal inputPerMillion;
  private final BigDecimal outputPerMillion;
  private final BigDecimal cachedInputPerMillion;
  private final BigDecimal batchDiscount;

  private Price(BigDecimal in, BigDecimal out, BigDecimal cachedIn, BigDecimal batchDiscount) {
    this.inputPerMillion = in;
    this.outputPerMillion = out;
    this.cachedInputPerMillion = cachedIn;
    this.batchDiscount = batchDiscount;
  }

  /** Input and output dollars per million tokens; cached input costs the same as input until set. */
  public static Price perMillionTokens(double input, double output) {
    BigDecimal in = dollars(input, "input");
    return new Price(in, dollars(output, "output"), in, BigDecimal.ZERO);
  }

  public static Price perMillionTokens(BigDecimal input, BigDecimal output) {
    BigDecimal in = dollars(input, "input");
    return new Price(in, dollars(output, "output"), in, BigDecimal.ZERO);
  }

  /** This price with another cached-input rate (dollars per million cached prompt tokens). */
  public Price withCachedInput(double cachedInput) {
    return new Price(inputPerMillion, outputPerMillion, dollars(cachedInput, "cached input"), batchDiscount);
  }

  /** This price with a batch discount, a fraction in [0, 1): 0.5 means batch jobs cost half. */
  public Price withBatchDiscount(double discount) {
    if (!(discount >= 0 && discount < 1)) {
      throw new IllegalArgumentException("batch discount must be within [0, 1): " + discount);
    }
    return new Price(inputPerMillion, outputPerMillion, cachedInputPerMillion, BigDecimal.valueOf(discount));
  }

  public BigDecimal inputPerMillion() {
    return inputPerMillion;
  }

  public BigDecimal outputPerMillion() {
    return outputPerMillion;
  }

  public BigDecimal cachedInputPerMillion() {
    return cachedInputPerMillion;
  }

  public BigDecimal batchDiscount() {
    return batchDiscount;
  }

  public boolean isFree() {
    return inputPerMillion.signum() == 0 && outputPerMillion.signum() == 0 && cachedInputPerMillion.signum() == 0;
  }

  /**
   * The exact cost of a call in dollars. Cached prompt tokens are charged at the cached-input
   * rate, the rest of the prompt at the input rate; reasoning tokens are part of the completion
   * tokens in the OpenAI shape and are charged as output.
   */
  public BigDecimal cost(Usage usage) {
    int cached = Math.min(usage.cachedPromptTokens(), usage.promptTokens());
    return cost(usage.promptTokens() - cached, cached, usage.completionTokens());
  }

  /** The cost of a call of these token counts, in dollars. */
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
        && batchDiscount.compareTo(p.batchDiscount) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputPerMillion.stripTrailingZeros(), outputPerMillion.stripTrailingZeros(),
        cachedInputPerMillion.stripTrailingZeros(), batchDiscount.stripTrailingZeros());
  }

  @Override
  public String toString() {
    return "$" + inputPerMillion.toPlainString() + " in / $" + outputPerMillion.toPlainString() + " out per 1M tokens";
  }
}
