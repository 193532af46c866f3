package dev.switchboard.router.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default ledger: exact totals and reservations in this process's memory, lost on restart.
 * One small lock per service and period makes the check and the hold of {@link #reserve} one
 * step. Holds expire on the ledger's clock (the router's clock when the router builds the ledger).
 */
public final class InMemoryBudgetLedger implements BudgetLedger {
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  private record Key(String service, String period) {}

  private record Hold(long nanos, long expiresAtMillis) {}

  /** One service's spend and holds in one period; guarded by itself. */
  private static final class Entry {
    long spent;
    long held;
    final Map<String, Hold> holds = new HashMap<>();
    long nextExpiry = Long.MAX_VALUE;

    /** Drops the holds that expired by {@code now}. */
    void expire(long now) {
      if (now < nextExpiry) {
        return;
      }
      nextExpiry = Long.MAX_VALUE;
      for (Iterator<Hold> it = holds.values().iterator(); it.hasNext(); ) {
        Hold h = it.next();
        if (h.expiresAtMillis <= now) {
          held -= h.nanos;
          it.remove();
        } else {
          nextExpiry = Math.min(nextExpiry, h.expiresAtMillis);
        }
      }
    }
  }

  /** Holds expire on the system clock. */
  public InMemoryBudgetLedger() {
    this(Clock.systemUTC());
  }

  /** Holds expire on {@code clock}. */
  public InMemoryBudgetLedger(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private Entry entry(String service, BudgetPeriod period) {
    Objects.requireNonNull(service, "service");
    return entries.computeIfAbsent(new Key(service, period.key()), k -> new Entry());
  }

  @Override
  public long add(String service, BudgetPeriod period, long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a charge must not be negative: " + nanos);
    }
    Entry e = entry(service, period);
    synchronized (e) {
      e.spent += nanos;
      return e.spent;
    }
  }

  @Override
  public long spent(String service, BudgetPeriod period) {
    Entry e = entries.get(new Key(service, period.key()));
    if (e == null) {
      return 0;
    }
    synchronized (e) {
      return e.spent;
    }
  }

  @Override
  public Reservation reserve(String service, BudgetPeriod period, long nanos, long limitNanos, Duration ttl) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a reservation must not be negative: " + nanos);
    }
    Entry e = entry(service, period);
    long now = clock.millis();
    synchronized (e) {
      e.expire(now);
      if (e.spent + e.held + nanos > limitNanos) {
        return Reservation.refused(service, period, nanos, e.spent, e.held);
      }
      String id = "m" + sequence.incrementAndGet();
      long expires = now + Math.max(1, ttl.toMillis());
      e.holds.put(id, new Hold(nanos, expires));
      e.nextExpiry = Math.min(e.nextExpiry, expires);
      e.held += nanos;
      return Reservation.granted(id, service, period, nanos, e.spent, e.held - nanos);
    }
  }

  @Override
  public long settle(Reservation reservation, long actualNanos) {
    BudgetLedger.requireSettleable(reservation, actualNanos);
    Entry e = entry(reservation.service(), reservation.period());
    synchronized (e) {
      Hold h = e.holds.remove(reservation.id());
      if (h != null) {
        e.held -= h.nanos;
      }
      e.spent += actualNanos;
      return e.spent;
    }
  }

  @Override
  public long held(String service, BudgetPeriod period) {
    Entry e = entries.get(new Key(service, period.key()));
    if (e == null) {
      return 0;
    }
    synchronized (e) {
      e.expire(clock.millis());
      return e.held;
    }
  }

  @Override
  public String toString() {
    return "InMemoryBudgetLedger{" + entries.size() + " entries}";
  }
}
