package dev.switchboard.router.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.config.FakeBackends;
import dev.switchboard.router.config.RouterConfig;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** A config file's {@code budgets.ledger.redis}: router-redis's factory, found on the class path, on a real redis-server. */
class RedisLedgerConfigTest {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFileKeepsSpendInRedisUnderItsPrefix() {
    RouterConfig config = FakeBackends.loader()
        .environment(Map.of("REDIS_URL", "redis://127.0.0.1:" + server.port + "/0"))
        .parse("""
            tiers: [local]
            backends:
              small: {provider: fake, tier: local, price: {input: 1.00, output: 1.00}}
            budgets:
              services:
                support: {daily: 10}
              ledger:
                redis: ${REDIS_URL}
                prefix: "cfgtest:"
                keep-after-end: 2d
            """);
    RoutingChatClient router = RoutingChatClient.builder().config(config).build();
    router.chat(ChatRequest.builder().service("support").user("Extract the dates: 3 May").build());

    assertThat(router.spentToday("support")).isGreaterThan(BigDecimal.ZERO);
    try (JedisPooled redis = server.client()) {
      assertThat(redis.keys("cfgtest:support:day:*")).hasSize(1);
      String key = redis.keys("cfgtest:support:day:*").iterator().next();
      assertThat(redis.ttl(key)).isGreaterThan(java.time.Duration.ofDays(2).toSeconds());
    }
  }
}
