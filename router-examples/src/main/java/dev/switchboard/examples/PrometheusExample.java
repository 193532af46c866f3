package dev.switchboard.examples;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.router.RoutingChatClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The router's meters as a Prometheus scrape on localhost: an hour of simulated traffic (see
 * {@link Simulation}), then {@code http://127.0.0.1:9464/metrics} until stopped. The Grafana
 * dashboard in docs/grafana/switchboard.json reads these metrics.
 *
 * <pre>
 * mvn -q -Pdemo -Ddemo.mainClass=dev.switchboard.examples.PrometheusExample -DskipTests verify
 * curl -s localhost:9464/metrics | grep '^router_'
 * </pre>
 *
 * Arguments: a port (default 9464); {@code --once} prints the scrape and exits instead of serving.
 */
public final class PrometheusExample {
  private PrometheusExample() {}

  /**
   * A Prometheus registry as an application would set it up for the dashboard: latency
   * histograms for the request, overhead and first-token timers, so Prometheus can take quantiles.
   */
  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        String n = id.getName();
        boolean latency = n.equals("router.requests") || n.equals("router.overhead")
            || n.equals("router.stream.first.token");
        return latency ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
      }
    });
    return registry;
  }

  /** A router with the simulation's traffic behind it, its meters on {@code registry}. */
  static RoutingChatClient simulated(PrometheusMeterRegistry registry) {
    Simulation sim = new Simulation();
    RoutingChatClient router = sim.router().meterRegistry(registry).build();
    sim.run(router);
    return router;
  }

  public static void main(String[] args) throws IOException {
    boolean once = args.length > 0 && args[0].equals("--once");
    int port = args.length > 0 && !once ? Integer.parseInt(args[0]) : 9464;
    PrometheusMeterRegistry registry = registry();
    simulated(registry);
    if (once) {
      System.out.print(registry.scrape());
      return;
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("Serving the router's metrics on http://127.0.0.1:" + server.getAddress().getPort()
        + "/metrics (an hour of simulated traffic is in them); Ctrl-C to stop.");
  }
}
