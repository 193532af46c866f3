package dev.switchboard.router.budget;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default ledger: exact totals in this process's memory, lost on restart. Lock-free: one
 * {@link AtomicLong} per service and period.
 */
public final class InMemoryBudgetLedger implements BudgetLedger {
  private final ConcurrentHashMap<Key, AtomicLong> totals = new ConcurrentHashMap<>();

  private record Key(String service, String period) {}

  @Override
  public long add(String service, BudgetPeriod period, long nanos) {
    Objects.requireNonNull(service, "service");
    if (nanos < 0) {
      throw new IllegalArgumentException("a charge must not be negative: " + nanos);
    }
    return totals.computeIfAbsent(new Key(service, period.key()), k -> new AtomicLong()).addAndGet(nanos);
  }

  @Override
  public long spent(String service, BudgetPeriod period) {
    AtomicLong t = totals.get(new Key(service, period.key()));
    return t == null ? 0 : t.get();
  }

  @Override
  public String toString() {
    return "InMemoryBudgetLedger{" + totals.size() + " entries}";
  }
}
