package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every metric the Grafana dashboard queries is one the router exports, as Prometheus scrapes it. */
class DashboardTest {
  static final Path DASHBOARD = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
      Path.of("").toAbsolutePath().getParent().toString()), "docs", "grafana", "switchboard.json");
  static final Pattern METRIC = Pattern.compile("\\brouter_[a-z_]+");

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    PrometheusMeterRegistry registry = PrometheusExample.registry();
    PrometheusExample.simulated(registry);
    String scrape = registry.scrape();
    Set<String> exported = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      Matcher m = Pattern.compile("^(router_[a-z_]+)[{ ]").matcher(line);
      if (m.find()) {
        exported.add(m.group(1));
      }
    }

    Set<String> queried = new TreeSet<>();
    collect(new ObjectMapper().readTree(Files.readString(DASHBOARD)), queried);

    assertThat(queried).hasSizeGreaterThan(20);
    assertThat(exported).containsAll(queried);
    // and the scrape holds no prompt text
    assertThat(scrape).doesNotContain("standing desk", "Priya", "infinitely many primes");
  }

  @Test
  void theDashboardCoversEverySubjectTheIssueNames() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    Set<String> rows = new TreeSet<>();
    dashboard.get("panels").forEach(p -> {
      if (p.get("type").asText().equals("row")) {
        rows.add(p.get("title").asText());
      }
    });
    assertThat(rows).containsExactlyInAnyOrder("Spend and savings", "Requests", "Latency and overhead",
        "Backend health", "Budgets", "Quality");
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getKey().equals("expr")) {
          Matcher m = METRIC.matcher(e.getValue().asText());
          while (m.find()) {
            names.add(m.group());
          }
        } else {
          collect(e.getValue(), names);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, names));
    }
  }
}
