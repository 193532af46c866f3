package dev.switchboard.router.redis;

import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPeriod;
import dev.switchboard.router.budget.Reservation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Reservations live beside each total: a sorted set {@code {<key>}:holds} of holds scored by
 * when they expire, and an integer {@code {<key>}:held}, their sum. One script checks the total
 * plus the unexpired holds against the limit and adds the hold; another adds the real charge and
 * removes the hold; both drop expired holds first. "Now" and every expiry come from the ledger's
 * clock, never from Redis's, and the three keys share the total's expiry. The braces put the three
 * keys in one Redis Cluster slot, as long as the prefix and service contain no braces themselves.
 * Amounts are compared exactly up to 2^53 nano-dollars (about nine million dollars) per period.
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

  /** Drops the holds that expired by ARGV[1] (now, on the ledger's clock) from KEYS[2] and their sum KEYS[3]. */
  private static final String EXPIRE_HOLDS = "local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1]) "
      + "for _, m in ipairs(expired) do redis.call('DECRBY', KEYS[3], string.match(m, '^(%d+):')) end "
      + "if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1]) end ";

  /** Lengthens the TTL of KEYS[from..3] to ARGV[i] milliseconds; never shortens it. */
  private static String growTtl(int from, int arg) {
    return "for i = " + from + ", 3 do if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[" + arg + "]) then "
        + "redis.call('PEXPIRE', KEYS[i], ARGV[" + arg + "]) end end ";
  }

  /**
   * KEYS: total, holds, held. ARGV: now, nanos, limit, expires at, member, key TTL. Returns
   * {granted (1 or 0), spent, held by others}.
   */
  private static final String RESERVE = EXPIRE_HOLDS
      + "local spent = redis.call('GET', KEYS[1]) or '0' "
      + "local held = redis.call('GET', KEYS[3]) or '0' "
      + "if tonumber(spent) + tonumber(held) + tonumber(ARGV[2]) > tonumber(ARGV[3]) then "
      + "return {0, spent, held} end "
      + "redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) "
      + "redis.call('INCRBY', KEYS[3], ARGV[2]) "
      + growTtl(2, 6)
      + "return {1, spent, held}";

  /** KEYS: total, holds, held. ARGV: charge, member, held nanos, key TTL. Returns the new total. */
  private static final String SETTLE = "local t = redis.call('INCRBY', KEYS[1], ARGV[1]) "
      + "if redis.call('ZREM', KEYS[2], ARGV[2]) == 1 then redis.call('DECRBY', KEYS[3], ARGV[3]) end "
      + growTtl(1, 4)
      + "return t";

  /** KEYS: total, holds, held. ARGV: now. Returns the unexpired holds' sum. */
  private static final String HELD = EXPIRE_HOLDS + "return redis.call('GET', KEYS[3]) or '0'";

  private final UnifiedJedis redis;
  private final String prefix;
  private final Duration keepAfterEnd;
  private final Clock clock;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();

  private RedisBudgetLedger(UnifiedJedis redis, String prefix, Duration keepAfterEnd, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.keepAfterEnd = Objects.requireNonNull(keepAfterEnd, "keepAfterEnd");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keepAfterEnd.isNegative()) {
      throw new IllegalArgumentException("keepAfterEnd must not be negative: " + keepAfterEnd);
    }
  }

  /** Where keys start unless told otherwise. */
  public static final String DEFAULT_PREFIX = "switchboard:budget:";
  /** How long a period's total stays readable after the period ends, unless told otherwise. */
  public static final Duration DEFAULT_KEEP_AFTER_END = Duration.ofDays(1);

  /** Keys under {@code switchboard:budget:}, kept one day after their period ends. */
  public static RedisBudgetLedger create(UnifiedJedis redis) {
    return create(redis, DEFAULT_PREFIX, DEFAULT_KEEP_AFTER_END);
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
  public Reservation reserve(String service, BudgetPeriod period, long nanos, long limitNanos, Duration ttl) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a reservation must not be negative: " + nanos);
    }
    String key = key(service, period);
    String id = instance + "-" + sequence.incrementAndGet();
    long now = clock.millis();
    List<?> reply = (List<?>) eval(RESERVE, key, "reserve on", Long.toString(now), Long.toString(nanos),
        Long.toString(limitNanos), Long.toString(now + Math.max(1, ttl.toMillis())), member(nanos, id),
        Long.toString(ttlMillis(period)));
    long spent = number(reply.get(1));
    long held = number(reply.get(2));
    return number(reply.get(0)) == 1 ? Reservation.granted(id, service, period, nanos, spent, held)
        : Reservation.refused(service, period, nanos, spent, held);
  }

  @Override
  public long settle(Reservation reservation, long actualNanos) {
    BudgetLedger.requireSettleable(reservation, actualNanos);
    return number(eval(SETTLE, key(reservation.service(), reservation.period()), "settle on",
        Long.toString(actualNanos), member(reservation.nanos(), reservation.id()), Long.toString(reservation.nanos()),
        Long.toString(ttlMillis(reservation.period()))));
  }

  @Override
  public long held(String service, BudgetPeriod period) {
    return number(eval(HELD, key(service, period), "read the holds of", Long.toString(clock.millis())));
  }

  /** A hold in the sorted set: its amount first, so that expiring it needs nothing else. */
  private static String member(long nanos, String id) {
    return nanos + ":" + id;
  }

  /** Runs a script on a total's three keys (in one cluster slot); a Redis failure names the key. */
  private Object eval(String script, String key, String what, String... args) {
    String tag = "{" + key + "}";
    try {
      return redis.eval(script, List.of(key, tag + ":holds", tag + ":held"), List.of(args));
    } catch (JedisException e) {
      throw new SwitchboardException("the Redis budget ledger could not " + what + " " + key + ": " + e.getMessage()
          + "; check that Redis is reachable", e);
    }
  }

  private static long number(Object reply) {
    if (reply instanceof Long l) {
      return l;
    }
    if (reply instanceof byte[] b) {
      return Long.parseLong(new String(b, StandardCharsets.UTF_8));
    }
    return Long.parseLong(String.valueOf(reply));
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
