package dev.switchboard.router.internal.observe;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an answer would have cost had every request gone to the most capable tier: its tokens at
 * the price of that tier's cheapest backend (the one the router would have tried first), so the
 * savings claimed are never more than routing really saved.
 */
public final class Baseline {
  private final List<Backend> top;
  private final String tier;

  public Baseline(List<String> tiers, List<Backend> backends) {
    this.tier = tiers.get(tiers.size() - 1);
    this.top = backends.stream().filter(b -> b.tier().equals(tier)).toList();
  }

  /** The most capable tier's name. */
  public String tier() {
    return tier;
  }

  /** Dollars {@code usage} would have cost on the most capable tier. */
  public BigDecimal of(Usage usage) {
    BigDecimal min = null;
    for (Backend b : top) {
      BigDecimal c = b.price().cost(usage);
      if (min == null || c.compareTo(min) < 0) {
        min = c;
      }
    }
    return min == null ? BigDecimal.ZERO : min;
  }
}
