package dev.switchboard.router.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * A real {@code redis-server} on a free loopback port, for one test class. Without the binary the
 * tests are skipped locally and fail on CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
final class RedisServer implements AutoCloseable {
  private final Process process;
  final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RedisServer start() throws Exception {
    Path binary = null;
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (Files.isExecutable(p)) {
        binary = p;
        break;
      }
    }
    if (binary == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("redis-server is not installed; .ci/run installs it (apt-get install redis-server)");
      }
      Assumptions.abort("redis-server is not installed; skipping the Redis tests (install redis-server to run them)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "yes")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    RedisServer server = new RedisServer(p, port);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().build())) {
        if ("PONG".equals(j.ping())) {
          return server;
        }
      } catch (RuntimeException e) {
        if (!p.isAlive() || System.nanoTime() > until) {
          server.close();
          throw new IOException("redis-server did not start on port " + port, e);
        }
        Thread.onSpinWait();
        TimeUnit.MILLISECONDS.sleep(20); // waiting for a process to start, not for timing
      }
    }
  }

  JedisPooled client() {
    org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection> pool =
        new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>();
    pool.setMaxTotal(16);
    return new JedisPooled(pool, "127.0.0.1", port);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
