package dev.switchboard.router.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A router's report at one moment: a self-contained HTML page (inline SVG and CSS, nothing
 * fetched to view it) and its headline numbers. From {@code RoutingChatClient.report()}.
 *
 * @param at when it was made, by the router's clock
 * @param requests requests answered or failed within the history window
 * @param cost dollars charged within the window (answers, billed failures, quality reference calls)
 * @param baseline what the same answers would have cost on the most capable tier
 * @param html the page
 */
public record RouterReport(Instant at, long requests, BigDecimal cost, BigDecimal baseline, String html) {
  public RouterReport {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(html, "html");
  }

  /** Baseline minus cost: what routing (and the cache) saved, net of what sampling cost. */
  public BigDecimal savings() {
    return baseline.subtract(cost);
  }

  /** Writes the page to {@code file} (UTF-8), creating its folder; returns the file. */
  public Path writeTo(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      return Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + file, e);
    }
  }

  @Override
  public String toString() {
    return "RouterReport{at=" + at + ", requests=" + requests + ", cost=$" + cost.toPlainString() + ", baseline=$"
        + baseline.toPlainString() + "}";
  }
}
