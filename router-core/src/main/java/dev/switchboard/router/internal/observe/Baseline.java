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
  private volatile Top top;

  /** The most capable tier and its backends. */
  private record Top(String tier, List<Backend> backends) {}

  public Baseline(List<String> tiers, List<Backend> backends) {
    update(tiers, backends);
  }

  /** The router was reloaded: the baseline is the new most capable tier's from now on. */
  public void update(List<String> tiers, List<Backend> backends) {
    String tier = tiers.get(tiers.size() - 1);
    this.top = new Top(tier, backends.stream().filter(b -> b.tier().equals(tier)).toList());
  }

  /** The most capable tier's name. */
  public String tier() {
    return top.tier();
  }

  /** Dollars {@code usage} would have cost on the most capable tier. */
  public BigDecimal of(Usage usage) {
    BigDecimal min = null;
    for (Backend b : top.backends()) {
      BigDecimal c = b.price().cost(usage);
      if (min == null || c.compareTo(min) < 0) {
        min = c;
      }
    }
    return min == null ? BigDecimal.ZERO : min;
  }
}
