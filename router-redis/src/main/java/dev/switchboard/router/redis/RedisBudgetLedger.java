package dev.switchboard.router.redis;

import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPeriod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link BudgetLedger} on Redis, so that every instance of an application counts against one
 * budget. Each service and period is one integer key of nano-dollars,
 * {@code <prefix><service>:<period>} (for example {@code switchboard:budget:support:day:2026-11-25}).
 * A charge is one atomic script, {@code INCRBY} then {@code PEXPIRE}: concurrent charges from any
 * number of instances add up exactly, and a period's key expires {@code keepAfterEnd} after the
 * period ends (one day by default), so Redis never fills up with old days.
 *
 * <p>Expiry is relative, never absolute: the time left until {@code period.end() + keepAfterEnd}
 * is measured on this ledger's clock (the application's) and handed to Redis as a TTL, so Redis's
 * own clock only counts the TTL down and a disagreement of seconds between the two clocks moves
 * the expiry by no more than that. A charge only ever lengthens a key's TTL, and never leaves it
 * shorter than {@code keepAfterEnd}: a charge that arrives after its period ended (a request that
 * started before midnight) is kept like any other, and no charge vanishes on arrival.
 *
 * <pre>{@code
 * BudgetLedger shared = RedisBudgetLedger.create(new JedisPooled("redis.internal", 6379));
 * RoutingChatClient router = RoutingChatClient.builder()...budgets(policy).ledger(shared).build();
 * }</pre>
 *
 * <p>Pass a pooled, thread-safe client ({@code JedisPooled}); the ledger does not close it.
 */
public final class RedisBudgetLedger implements BudgetLedger {
  /** INCRBY and a TTL that only grows, in one step: no charge is ever left without its expiry. */
  private static final String ADD = "local t = redis.call('INCRBY', KEYS[1], ARGV[1]) "
      + "local ttl = redis.call('PTTL', KEYS[1]) "
      + "if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
      + "return t";

  private final UnifiedJedis redis;
  private final String prefix;
  private final Duration keepAfterEnd;
  private final Clock clock;

  private RedisBudgetLedger(UnifiedJedis redis, String prefix, Duration keepAfterEnd, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.keepAfterEnd = Objects.requireNonNull(keepAfterEnd, "keepAfterEnd");
    this.clock = Objects.requireNonNull(clock, "clock");
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
    return create(redis, prefix, keepAfterEnd, Clock.systemUTC());
  }

  /**
   * @param clock the clock that says how long a period has left (give it the router's clock)
   */
  public static RedisBudgetLedger create(UnifiedJedis redis, String prefix, Duration keepAfterEnd, Clock clock) {
    return new RedisBudgetLedger(redis, prefix, keepAfterEnd, clock);
  }

  /** How long the key of {@code period} is kept from now: until the period ends plus keepAfterEnd, at least keepAfterEnd. */
  long ttlMillis(BudgetPeriod period) {
    Duration left = Duration.between(clock.instant(), period.end());
    Duration ttl = left.isNegative() ? keepAfterEnd : left.plus(keepAfterEnd);
    return Math.max(1, ttl.toMillis());
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
    try {
      Object total = redis.eval(ADD, List.of(key), List.of(Long.toString(nanos), Long.toString(ttlMillis(period))));
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
