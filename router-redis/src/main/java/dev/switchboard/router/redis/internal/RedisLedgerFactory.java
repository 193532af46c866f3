package dev.switchboard.router.redis.internal;

import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.config.Section;
import dev.switchboard.router.redis.RedisBudgetLedger;
import dev.switchboard.router.spi.LedgerFactory;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.JedisPooled;

/**
 * The {@code redis} ledger of a config file ({@code budgets.ledger.redis: redis://host:6379/0},
 * with {@code prefix} and {@code keep-after-end}): a {@link RedisBudgetLedger} over a pooled client
 * for that URL, which connects on first use. Found by router-core through
 * {@link java.util.ServiceLoader}. Not API.
 */
public final class RedisLedgerFactory implements LedgerFactory {
  public RedisLedgerFactory() {}

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public BudgetLedger create(Section ledger) {
    JedisPooled redis = new JedisPooled(URI.create(ledger.string("redis").orElseThrow()));
    return RedisBudgetLedger.create(redis, ledger.string("prefix").orElse(RedisBudgetLedger.DEFAULT_PREFIX),
        ledger.get("keep-after-end", Duration.class).orElse(RedisBudgetLedger.DEFAULT_KEEP_AFTER_END));
  }
}
