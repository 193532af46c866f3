package dev.switchboard.router.redis;

import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPeriod;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link BudgetLedger} on Redis, so that every instance of an application counts against one
 * budget. Each service and period is one integer key of nano-dollars,
 * {@code <prefix><service>:<period>} (for example {@code switchboard:budget:support:day:2026-11-25}).
 * A charge is one atomic script, {@code INCRBY} then {@code EXPIREAT}: concurrent charges from any
 * number of instances add up exactly, and a period's key expires {@code keepAfterEnd} after the
 * period ends (one day by default), so Redis never fills up with old days.
 *
 * <pre>{@code
 * BudgetLedger shared = RedisBudgetLedger.create(new JedisPooled("redis.internal", 6379));
 * RoutingChatClient router = RoutingChatClient.builder()...budgets(policy).ledger(shared).build();
 * }</pre>
 *
 * <p>Pass a pooled, thread-safe client ({@code JedisPooled}); the ledger does not close it.
 */
public final class RedisBudgetLedger implements BudgetLedger {
  /** INCRBY and EXPIREAT in one step: no charge is ever left without its expiry. */
  private static final String ADD = "local t = redis.call('INCRBY', KEYS[1], ARGV[1]) "
      + "redis.call('EXPIREAT', KEYS[1], ARGV[2]) return t";

  private final UnifiedJedis redis;
  private final String prefix;
  private final Duration keepAfterEnd;

  private RedisBudgetLedger(UnifiedJedis redis, String prefix, Duration keepAfterEnd) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.keepAfterEnd = Objects.requireNonNull(keepAfterEnd, "keepAfterEnd");
    if (keepAfterEnd.isNegative()) {
      throw new IllegalArgumentException("keepAfterEnd must not be negative: " + keepAfterEnd);
    }
  }

  /** Keys under {@code switchboard:budget:}, kept one day after their period ends. */
  public static RedisBudgetLedger create(UnifiedJedis redis) {
    return create(redis, "switchboard:budget:", Duration.ofDays(1));
  }

  /**
   * @param prefix the start of every key (give each environment its own)
   * @param keepAfterEnd how long a period's total stays readable after the period ends
   */
  public static RedisBudgetLedger create(UnifiedJedis redis, String prefix, Duration keepAfterEnd) {
    return new RedisBudgetLedger(redis, prefix, keepAfterEnd);
  }

  /** The Redis key holding a service's spend in a period. */
  public String key(String service, BudgetPeriod period) {
    return prefix + Objects.requireNonNull(service, "service") + ':' + period.key();
  }

  @Override
  public long add(String service, BudgetPeriod period, long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a charge must not be negative: " + nanos);
    }
    String key = key(service, period);
    long expireAt = period.end().plus(keepAfterEnd).getEpochSecond();
    try {
      Object total = redis.eval(ADD, List.of(key), List.of(Long.toString(nanos), Long.toString(expireAt)));
      return (Long) total;
    } catch (JedisException e) {
      throw new SwitchboardException("the Redis budget ledger could not add to " + key + ": " + e.getMessage()
          + "; check that Redis is reachable", e);
    }
  }

  @Override
  public long spent(String service, BudgetPeriod period) {
    String key = key(service, period);
    try {
      String v = redis.get(key);
      return v == null ? 0 : Long.parseLong(v);
    } catch (JedisException e) {
      throw new SwitchboardException("the Redis budget ledger could not read " + key + ": " + e.getMessage()
          + "; check that Redis is reachable", e);
    }
  }

  @Override
  public String toString() {
    return "RedisBudgetLedger{prefix=" + prefix + ", keepAfterEnd=" + keepAfterEnd + "}";
  }
}
