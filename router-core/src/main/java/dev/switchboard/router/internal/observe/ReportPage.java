package dev.switchboard.router.internal.observe;

import dev.switchboard.router.budget.BudgetStatus;
import dev.switchboard.router.cache.CacheStats;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import dev.switchboard.router.failover.RouterHealth;
import dev.switchboard.router.quality.Calibration;
import dev.switchboard.router.quality.QualitySnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one HTML page: inline CSS and SVG, no script, nothing fetched, so it opens from a
 * file anywhere. Every string from the router (service, backend, tier and category names) is
 * escaped; nothing in it comes from a prompt.
 */
final class ReportPage {
  private static final String[] TIER_COLORS = {"#2e9e5b", "#3b7dd8", "#8a5cd1", "#d9822b", "#c2415d"};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** What the page shows besides the history. */
  record State(Instant at, List<String> tiers, String topTier, RouterHealth health, QualitySnapshot quality,
      Calibration calibration, CacheStats cache, List<BudgetStatus> budgets) {}

  private final StringBuilder out = new StringBuilder(32_768);

  private ReportPage() {}

  static String render(History.View v, State s) {
    return new ReportPage().page(v, s);
  }

  private String page(History.View v, State s) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Switchboard report</title><style>").append(CSS).append("</style></head><body>\n");
    out.append("<header><h1>Switchboard</h1><p>Router report, ").append(STAMP.format(s.at()));
    if (v != null) {
      out.append(" &middot; the last ").append(human(v.window())).append(" in buckets of ").append(human(v.bucket()));
    }
    out.append("</p></header>\n");
    if (v == null) {
      out.append("<section class=\"note\">History is off, so this page shows the router's state now only. "
          + "Turn it on with <code>RoutingChatClient.builder().history(Duration.ofHours(24))</code> to see where "
          + "requests went, what they cost and saved, and failovers over time.</section>\n");
    } else {
      tiles(v, s);
      timeline(v, s);
      costChart(v, s);
      categories(v, s);
    }
    backends(v, s);
    quality(v, s);
    calibration(s.calibration());
    budgets(s);
    cache(s);
    out.append("<footer>Self-contained: no script, nothing loaded from the network. Savings are measured against "
        + "sending every answer to the cheapest backend of tier <b>").append(esc(s.topTier()))
        .append("</b>, net of every charge (quality reference calls and billed failed attempts included).</footer>\n");
    out.append("</body></html>\n");
    return out.toString();
  }

  private void tiles(History.View v, State s) {
    History.Totals t = v.all();
    BigDecimal saved = t.baseline.subtract(t.cost);
    long answered = t.requests - t.failures;
    long cheaper = 0;
    for (History.Bucket b : v.buckets()) {
      for (int i = 0; i < b.perTier.length - 1; i++) {
        cheaper += b.perTier[i];
      }
    }
    out.append("<section class=\"tiles\">");
    tile("requests", Long.toString(t.requests), answered + " answered, " + t.failures + " failed");
    tile("below " + s.topTier(), pct(cheaper, answered), cheaper + " answered by a cheaper tier");
    tile("spent", money(t.cost), "everything charged");
    tile("all on " + s.topTier(), money(t.baseline), "the same answers on the top tier");
    tile("saved", money(saved), t.baseline.signum() == 0 ? "" : pct(saved, t.baseline) + " of the baseline",
        saved.signum() >= 0 ? "good" : "bad");
    tile("cache hits", Long.toString(t.cacheHits), pct(t.cacheHits, t.requests) + " of requests");
    tile("failovers", Long.toString(t.failovers), "moves to another backend");
    out.append("</section>\n");
  }

  private void tile(String label, String value, String sub) {
    tile(label, value, sub, "");
  }

  private void tile(String label, String value, String sub, String cls) {
    out.append("<div class=\"tile ").append(cls).append("\"><div class=\"label\">").append(esc(label))
        .append("</div><div class=\"value\">").append(esc(value)).append("</div><div class=\"sub\">").append(esc(sub))
        .append("</div></div>");
  }

  /** Requests per bucket stacked by tier, failures in red, breaker, quality and budget events marked. */
  private void timeline(History.View v, State s) {
    List<History.Bucket> bs = v.buckets();
    Plot p = new Plot(230, 44, 24, 160);
    int h = p.h();
    int left = p.left();
    int top = p.top();
    int plotH = p.plotH();
    double bw = (double) (p.right() - left) / bs.size();
    long max = 1;
    for (History.Bucket b : bs) {
      long sum = b.all.failures;
      for (long n : b.perTier) {
        sum += n;
      }
      max = Math.max(max, sum);
    }
    section("Requests over time", "Answered requests per bucket by the tier that answered; failed requests in red. "
        + "Marks above the bars: backend state changes (red), quality promotions and demotions (purple), "
        + "budget downgrades (orange).");
    svgOpen(p);
    max = (max + 3) / 4 * 4; // whole numbers on every grid line
    long m = max;
    axisY(p, g -> Long.toString(m * g / 4));
    for (int i = 0; i < bs.size(); i++) {
      History.Bucket b = bs.get(i);
      double x = left + i * bw;
      double y = top + plotH;
      for (int t = 0; t < b.perTier.length; t++) {
        y = bar(x, y, bw, b.perTier[t], max, plotH, TIER_COLORS[Math.min(t, TIER_COLORS.length - 1)]);
      }
      bar(x, y, bw, b.all.failures, max, plotH, "#d64545");
      double cx = x + bw / 2;
      if (b.breakerEvents > 0) {
        mark(cx, top - 14, "#d64545", b.breakerEvents + " backend state change(s)");
      }
      if (b.qualityEvents > 0) {
        mark(cx, top - 6, "#8a5cd1", b.qualityEvents + " promotion(s) or demotion(s)");
      }
      if (b.downgrades > 0) {
        mark(cx, top + 2, "#d9822b", b.downgrades + " budget downgrade(s)");
      }
    }
    axisX(v, left, top + plotH, bw);
    int lx = left;
    for (int t = 0; t < s.tiers().size(); t++) {
      lx = legend(lx, h - 8, TIER_COLORS[Math.min(t, TIER_COLORS.length - 1)], "tier " + s.tiers().get(t));
    }
    legend(lx, h - 8, "#d64545", "failed");
    out.append("</svg></section>\n");
  }

  /** Running cost against the running baseline: the gap between the lines is what was saved. */
  private void costChart(History.View v, State s) {
    List<History.Bucket> bs = v.buckets();
    Plot p = new Plot(210, 64, 14, 150);
    double step = (double) (p.right() - p.left()) / Math.max(1, bs.size() - 1);
    double[] cost = new double[bs.size()];
    double[] base = new double[bs.size()];
    double c = 0;
    double b = 0;
    for (int i = 0; i < bs.size(); i++) {
      c += bs.get(i).all.cost.doubleValue();
      b += bs.get(i).all.baseline.doubleValue();
      cost[i] = c;
      base[i] = b;
    }
    double max = Math.max(1e-9, Math.max(c, b));
    section("Spend against all-capable", "Running totals over the window: what was charged (blue) and what the same "
        + "answers would have cost on tier " + s.topTier() + " (grey). The green area is the saving.");
    svgOpen(p);
    axisY(p, g -> money(BigDecimal.valueOf(max * g / 4)));
    StringBuilder area = new StringBuilder();
    StringBuilder costLine = new StringBuilder();
    StringBuilder baseLine = new StringBuilder();
    for (int i = 0; i < bs.size(); i++) {
      double x = p.left() + i * step;
      baseLine.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, p.y(base[i], max)));
      costLine.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, p.y(cost[i], max)));
    }
    area.append(baseLine);
    for (int i = bs.size() - 1; i >= 0; i--) {
      area.append(String.format(Locale.ROOT, "L%.1f,%.1f", p.left() + i * step, p.y(Math.min(cost[i], base[i]), max)));
    }
    out.append("<path d=\"").append(area).append("Z\" fill=\"#2e9e5b\" fill-opacity=\"0.18\"/>");
    out.append("<path d=\"").append(baseLine).append("\" fill=\"none\" stroke=\"#8d96a0\" stroke-width=\"2\"/>");
    out.append("<path d=\"").append(costLine).append("\" fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"2.5\"/>");
    axisX(v, p.left(), p.top() + p.plotH(), step);
    int lx = p.left();
    lx = legend(lx, p.h() - 8, "#3b7dd8", "spent " + money(BigDecimal.valueOf(c)));
    lx = legend(lx, p.h() - 8, "#8d96a0", "all on " + s.topTier() + " " + money(BigDecimal.valueOf(b)));
    legend(lx, p.h() - 8, "#2e9e5b", "saved " + money(BigDecimal.valueOf(b - c)));
    out.append("</svg></section>\n");
  }

  /** One row per category: requests by tier as a bar, cost, baseline, saving, mean quality score. */
  private void categories(History.View v, State s) {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, History.Totals> totals = new TreeMap<>();
    v.byCategoryTier().forEach((key, t) -> {
      int bar = key.indexOf('|');
      String category = key.substring(0, bar);
      int tier = s.tiers().indexOf(key.substring(bar + 1));
      long[] row = counts.computeIfAbsent(category, k -> new long[s.tiers().size() + 1]);
      if (tier >= 0) {
        row[tier] += t.requests - t.failures;
      }
      row[s.tiers().size()] += t.failures;
      totals.computeIfAbsent(category, k -> new History.Totals()).add(t);
    });
    long max = 1;
    for (long[] row : counts.values()) {
      long sum = 0;
      for (long n : row) {
        sum += n;
      }
      max = Math.max(max, sum);
    }
    section("Where requests went", "By category: requests by the tier that answered (failed in red), what they cost "
        + "and what the same answers would have cost on tier " + s.topTier() + ".");
    out.append("<table><tr><th>category</th><th class=\"barcol\">requests by tier</th><th>requests</th>"
        + "<th>cost</th><th>all on ").append(esc(s.topTier())).append("</th><th>saved</th><th>quality</th></tr>");
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      History.Totals t = totals.get(e.getKey());
      out.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"barcol\">");
      hbar(e.getValue(), max, s.tiers());
      BigDecimal saved = t.baseline.subtract(t.cost);
      out.append("</td><td class=\"num\">").append(t.requests).append("</td><td class=\"num\">").append(money(t.cost))
          .append("</td><td class=\"num\">").append(money(t.baseline)).append("</td><td class=\"num ")
          .append(saved.signum() >= 0 ? "good" : "bad").append("\">").append(money(saved))
          .append("</td><td class=\"num\">")
          .append(t.scores == 0 ? "&ndash;" : String.format(Locale.ROOT, "%.2f (%d)", t.scoreSum / t.scores, t.scores))
          .append("</td></tr>");
    }
    if (counts.isEmpty()) {
      out.append("<tr><td colspan=\"7\" class=\"muted\">no requests in the window yet</td></tr>");
    }
    out.append("</table></section>\n");
  }

  private void hbar(long[] row, long max, List<String> tiers) {
    int w = 260;
    out.append("<svg width=\"").append(w).append("\" height=\"16\" role=\"img\">");
    double x = 0;
    for (int i = 0; i < row.length; i++) {
      if (row[i] == 0) {
        continue;
      }
      double bw = (double) w * row[i] / max;
      String color = i == tiers.size() ? "#d64545" : TIER_COLORS[Math.min(i, TIER_COLORS.length - 1)];
      String label = (i == tiers.size() ? "failed" : "tier " + tiers.get(i)) + ": " + row[i];
      out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"12\" fill=\"%s\">"
          + "<title>%s</title></rect>", x, bw, color, esc(label)));
      x += bw;
    }
    out.append("</svg>");
  }

  private void backends(History.View v, State s) {
    section("Backends", "Each backend's circuit breaker now, and recent events: state changes, quality promotions "
        + "and demotions, budget downgrades.");
    out.append("<div class=\"two\"><table><tr><th>backend</th><th>state</th><th>failures in a row</th><th>since</th></tr>");
    List<BackendHealth> all = new ArrayList<>(s.health().backends());
    all.addAll(s.health().support());
    for (BackendHealth b : all) {
      String cls = b.state() == BackendState.CLOSED ? "ok" : b.state() == BackendState.HALF_OPEN
          || b.state() == BackendState.COOLING_DOWN ? "warn" : "down";
      out.append("<tr><td>").append(esc(b.backend())).append(s.health().support().contains(b) ? " <span class=\"muted\">(reference)</span>" : "")
          .append("</td><td><span class=\"badge ").append(cls).append("\">")
          .append(esc(b.state().name().toLowerCase(Locale.ROOT))).append("</span></td><td class=\"num\">")
          .append(b.consecutiveFailures()).append("</td><td>").append(STAMP.format(b.since())).append("</td></tr>");
    }
    out.append("</table><div class=\"events\">");
    List<History.Event> events = v == null ? List.of() : v.events();
    if (events.isEmpty()) {
      out.append("<p class=\"muted\">no events in the window</p>");
    }
    for (int i = events.size() - 1, shown = 0; i >= 0 && shown < 40; i--, shown++) {
      History.Event e = events.get(i);
      out.append("<div class=\"ev ").append(esc(e.kind())).append("\"><span class=\"t\">").append(TIME.format(e.at()))
          .append("</span> ").append(esc(e.text())).append("</div>");
    }
    out.append("</div></div></section>\n");
  }

  private void quality(History.View v, State s) {
    QualitySnapshot q = s.quality();
    section("Quality", q.enabled() ? "The quality loop's sliding windows now: mean score of sampled answers per "
        + "category and tier (against the reference model), and the categories it has promoted."
        : "The quality loop is off (RoutingChatClient.builder().quality(..) turns it on).");
    if (!q.enabled()) {
      out.append("</section>\n");
      return;
    }
    out.append("<table><tr><th>category</th><th>tier</th><th class=\"barcol\">mean score</th><th>samples</th>"
        + "<th>min</th><th>now served by</th></tr>");
    for (QualitySnapshot.WindowStats w : q.windows()) {
      out.append("<tr><td>").append(esc(w.category().name())).append("</td><td>").append(esc(w.tier()))
          .append("</td><td class=\"barcol\">");
      track(200, 0, w.mean(), scoreColor(w.mean()), Double.NaN, null);
      out.append(String.format(Locale.ROOT, " %.2f", w.mean()));
      out.append("</td><td class=\"num\">").append(w.samples()).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.2f", w.min())).append("</td><td>")
          .append(q.promotedTier(w.category()).map(t -> "<span class=\"badge warn\">promoted to " + esc(t) + "</span>")
              .orElse("")).append("</td></tr>");
    }
    out.append("</table><p class=\"muted\">sampled ").append(q.sampled()).append(", scored ").append(q.scored())
        .append(", dropped ").append(q.dropped()).append(", failed ").append(q.failed()).append(", unscored ")
        .append(q.unscored()).append("</p></section>\n");
  }

  /**
   * What the quality loop's samples say about the configuration, per category and the tier that
   * answered, and the changes they suggest: shown, never applied (docs/quality.md, "Calibration").
   */
  private void calibration(Calibration c) {
    if (!c.enabled()) {
      section("Calibration", "Calibration is off because the quality loop is off. Turn the loop on with "
          + "RoutingChatClient.builder().quality(QualityPolicy.builder().reference(..).build()) to see here how each "
          + "category's answers score on each tier and which configuration changes that suggests "
          + "(docs/quality.md, \"Calibration\").");
      out.append("</section>\n");
      return;
    }
    section("Calibration", "What the quality loop's scored samples say about your configuration: per category and "
        + "the tier that answered, how many samples passed (scored at least the category's threshold), the "
        + "10th, 50th and 90th percentiles of their scores (the pale bar spans p10 to p90, the solid tick is the "
        + "median) and of the classifier's confidence (docs/quality.md, \"Calibration\").");
    out.append("<table><tr><th>category</th><th>tier</th><th>samples</th><th>passed</th>"
        + "<th class=\"nw\">score p10 / p50 / p90</th><th class=\"nw\">confidence p10 / p50 / p90</th></tr>");
    for (Calibration.CategoryReport cat : c.categories()) {
      out.append("<tr><td rowspan=\"").append(Math.max(1, cat.tiers().size())).append("\">")
          .append(esc(cat.category().name())).append("<div class=\"muted\">mapped to ").append(esc(cat.mappedTier()))
          .append("</div>");
      if (!cat.currentTier().equals(cat.mappedTier())) {
        out.append("<span class=\"badge warn\">promoted to ").append(esc(cat.currentTier())).append("</span>");
      }
      out.append("</td>");
      if (cat.tiers().isEmpty()) {
        out.append("<td colspan=\"5\" class=\"muted\">no scored samples</td></tr>");
      }
      for (int i = 0; i < cat.tiers().size(); i++) {
        calibrationRow(cat.tiers().get(i), i > 0);
      }
    }
    if (c.categories().isEmpty()) {
      out.append("<tr><td colspan=\"6\" class=\"muted\">no scored samples yet</td></tr>");
    }
    out.append("</table>");
    out.append("<h3>Suggested changes</h3><p class=\"help\">").append(esc("Never applied by the router: each is a "
        + "change to your configuration that you make yourself (in the builder or the properties file) and "
        + "redeploy, or not. Savings and risk are what the change would have had on the sampled requests only. No "
        + "suggestion rests on fewer than " + c.minSamples() + " samples.")).append("</p>");
    if (c.suggestions().isEmpty()) {
      out.append("<p class=\"muted\">none: the samples so far support no change</p>");
    }
    String top = c.tiers().isEmpty() ? "the most capable tier" : "tier " + c.tiers().get(c.tiers().size() - 1);
    for (Calibration.Suggestion g : c.suggestions()) {
      boolean saves = g.savings().signum() >= 0;
      out.append("<div class=\"sugg\"><span class=\"badge ")
          .append(g.kind() == Calibration.Suggestion.Kind.CAPTURE_MORE ? "ok" : "warn").append("\">")
          .append(esc(g.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))).append("</span> <b>")
          .append(esc(g.change())).append("</b><div class=\"muted\">").append(esc(g.evidence()))
          .append("</div><div>On ").append(g.samples()).append(" sampled requests it <span class=\"")
          .append(saves ? "good\">saves " + esc(money(g.savings())) : "bad\">costs " + esc(money(g.savings().negate()))
              + " more")
          .append("</span> (").append(String.format(Locale.ROOT, "%+.1f%%", g.savingsShare() * 100))
          .append(" of their cost on ").append(esc(top)).append("); risk ")
          .append(String.format(Locale.ROOT, "%.1f%%", g.risk() * 100))
          .append(" of them would have failed.</div><div>Builder: <code>").append(esc(g.builderCall()))
          .append("</code> &middot; properties file: <code>").append(esc(g.property())).append("</code></div></div>");
    }
    out.append("</section>\n");
  }

  /** One tier's samples of a category; {@code newRow} when the category's cell is on a row above. */
  private void calibrationRow(Calibration.TierReport t, boolean newRow) {
    if (newRow) {
      out.append("<tr>");
    }
    List<String> from = new ArrayList<>(3);
    if (t.answers() > 0) {
      from.add(t.answers() + " answers");
    }
    if (t.reprobes() > 0) {
      from.add(t.reprobes() + " re-probes");
    }
    if (t.shadows() > 0) {
      from.add(t.shadows() + " shadows");
    }
    Calibration.Quantiles q = t.scores();
    out.append("<td>").append(esc(t.tier())).append("</td><td class=\"num\">").append(t.samples())
        .append("<div class=\"muted\">").append(esc(String.join(", ", from))).append("</div></td><td class=\"num\">")
        .append(t.passed()).append(" (").append(pct(t.passed(), t.samples())).append(")</td><td class=\"nw\">");
    track(120, q.p10(), q.p90(), scoreColor(q.p50()), q.p50(), "score p10 / p50 / p90: " + quantiles(q));
    out.append(' ').append(esc(quantiles(q))).append("</td><td class=\"nw\">").append(esc(quantiles(t.confidence())));
    if (t.hinted() > 0) {
      out.append(" <span class=\"muted\">(").append(t.hinted()).append(" hinted, not classified)</span>");
    }
    out.append("</td></tr>");
  }

  private static String quantiles(Calibration.Quantiles q) {
    return q.count() == 0 ? "\u2013" : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", q.p10(), q.p50(), q.p90());
  }

  private void budgets(State s) {
    if (s.budgets().isEmpty()) {
      return;
    }
    section("Budgets", "Spend per service today and this month, against its limits.");
    out.append("<table><tr><th>service</th><th>today</th><th class=\"barcol\">of daily limit</th><th>this month</th>"
        + "<th class=\"barcol\">of monthly limit</th></tr>");
    for (BudgetStatus b : s.budgets()) {
      out.append("<tr><td>").append(esc(b.service())).append("</td><td class=\"num\">").append(money(b.spentToday()))
          .append("</td><td class=\"barcol\">");
      limitBar(b.spentToday(), b.dailyLimit().orElse(null));
      out.append("</td><td class=\"num\">").append(money(b.spentThisMonth())).append("</td><td class=\"barcol\">");
      limitBar(b.spentThisMonth(), b.monthlyLimit().orElse(null));
      out.append("</td></tr>");
    }
    out.append("</table></section>\n");
  }

  private void limitBar(BigDecimal spent, BigDecimal limit) {
    if (limit == null) {
      out.append("<span class=\"muted\">no limit</span>");
      return;
    }
    double share = limit.signum() == 0 ? 1 : Math.min(1, spent.doubleValue() / limit.doubleValue());
    track(160, 0, share, share >= 1 ? "#d64545" : share >= 0.8 ? "#d9822b" : "#2e9e5b", Double.NaN, null);
    out.append(' ').append(pct(spent, limit)).append(" of ").append(esc(money(limit)));
  }

  /**
   * A grey track {@code w} pixels wide, coloured from {@code from} to {@code to} (shares of it,
   * clamped to 0..1), and {@code title} as its tooltip unless null. With a {@code tick} (not NaN),
   * the range is pale and the tick solid, so a range of one value still shows.
   */
  private void track(int w, double from, double to, String color, double tick, String title) {
    double a = w * Math.max(0, Math.min(1, from));
    double b = w * Math.max(0, Math.min(1, to));
    out.append("<svg width=\"").append(w).append("\" height=\"14\" role=\"img\">");
    if (title != null) {
      out.append("<title>").append(esc(title)).append("</title>");
    }
    out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"14\" fill=\"#eef1f4\"/>"
        + "<rect x=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"%s/>", w, a, b - a, color,
        Double.isNaN(tick) ? "" : " fill-opacity=\"0.35\""));
    if (!Double.isNaN(tick)) {
      out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" width=\"4\" height=\"14\" fill=\"%s\"/>",
          Math.max(0, Math.min(w - 4, w * tick - 2)), color));
    }
    out.append("</svg>");
  }

  /** Green from 0.8, orange from 0.6, red below: the colour of a quality score. */
  private static String scoreColor(double score) {
    return score >= 0.8 ? "#2e9e5b" : score >= 0.6 ? "#d9822b" : "#d64545";
  }

  private void cache(State s) {
    CacheStats c = s.cache();
    if (c.equals(CacheStats.EMPTY)) {
      return;
    }
    section("Cache", "Since the router was built.");
    out.append("<section class=\"tiles\">");
    tile("hit rate", String.format(Locale.ROOT, "%.0f%%", c.hitRate() * 100), c.hits() + " hits, " + c.misses() + " misses");
    tile("entries", Long.toString(c.entries()), String.format(Locale.ROOT, "%,d bytes", c.bytes()));
    tile("not cacheable", Long.toString(c.uncacheable() + c.bypassed()), c.bypassed() + " bypassed");
    out.append("</section></section>\n");
  }

  private void section(String title, String help) {
    out.append("<section><h2>").append(esc(title)).append("</h2><p class=\"help\">").append(esc(help)).append("</p>");
  }

  /** A chart's frame: {@link #W} wide, {@code h} high, the plot {@code plotH} high from {@code top}, after {@code left}. */
  private record Plot(int h, int left, int top, int plotH) {
    int right() {
      return W - 10;
    }

    /** Where {@code value} of a scale up to {@code max} is drawn. */
    double y(double value, double max) {
      return top + plotH - plotH * value / max;
    }
  }

  private static final int W = 960;

  private void svgOpen(Plot p) {
    out.append("<svg viewBox=\"0 0 ").append(W).append(' ').append(p.h()).append("\" width=\"100%\" role=\"img\" ")
        .append("xmlns=\"http://www.w3.org/2000/svg\">");
  }

  /** Five grid lines, labelled by {@code label} of 0 to 4 (quarters of the top). */
  private void axisY(Plot p, java.util.function.IntFunction<String> label) {
    for (int g = 0; g <= 4; g++) {
      double y = p.top() + p.plotH() - p.plotH() * g / 4.0;
      out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
          + "<text x=\"%d\" y=\"%.1f\" class=\"ax\" text-anchor=\"end\">%s</text>", p.left(), y, p.right(), y,
          p.left() - 4, y + 4, esc(label.apply(g))));
    }
  }

  private void axisX(History.View v, int left, int y, double step) {
    List<History.Bucket> bs = v.buckets();
    for (int i : new int[] {0, bs.size() / 4, bs.size() / 2, 3 * bs.size() / 4, bs.size() - 1}) {
      out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"ax\" text-anchor=\"middle\">%s</text>",
          left + i * step, y + 14, TIME.format(v.start(bs.get(i)))));
    }
  }

  private static double bar(double x, double y, double bw, long n, long max, int plotH, String color,
      StringBuilder out) {
    if (n == 0) {
      return y;
    }
    double h = (double) plotH * n / max;
    out.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>",
        x + bw * 0.1, y - h, Math.max(0.5, bw * 0.8), h, color));
    return y - h;
  }

  private double bar(double x, double y, double bw, long n, long max, int plotH, String color) {
    return bar(x, y, bw, n, max, plotH, color, out);
  }

  private void mark(double cx, double cy, String color, String title) {
    out.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f l4,6 l-8,0 Z\" fill=\"%s\"><title>%s</title></path>",
        cx, cy, color, esc(title)));
  }

  private int legend(int x, int y, String color, String label) {
    out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
        + "<text x=\"%d\" y=\"%d\" class=\"lg\">%s</text>", x, y - 9, color, x + 14, y, esc(label)));
    return x + 24 + label.length() * 7;
  }

  private static String money(BigDecimal d) {
    if (d.signum() == 0) {
      return "$0";
    }
    BigDecimal abs = d.abs();
    int scale = abs.compareTo(BigDecimal.ONE) >= 0 ? 2 : abs.compareTo(new BigDecimal("0.01")) >= 0 ? 4 : 6;
    return (d.signum() < 0 ? "-$" : "$") + abs.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  private static String pct(long part, long whole) {
    return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
  }

  private static String pct(BigDecimal part, BigDecimal whole) {
    return whole.signum() == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100 * part.doubleValue() / whole.doubleValue());
  }

  private static String human(java.time.Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + (s == 3600 ? " hour" : " hours");
    }
    if (s % 60 == 0) {
      return s / 60 + (s == 60 ? " minute" : " minutes");
    }
    return s + " seconds";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body{font:14px/1.45 -apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1f2933;background:#f6f8fa;\
      margin:0;padding:24px 32px;max-width:1080px}
      header h1{margin:0;font-size:26px;letter-spacing:-.5px}header p{margin:2px 0 18px;color:#616e7c}
      section{background:#fff;border:1px solid #e1e6eb;border-radius:8px;padding:14px 18px;margin:0 0 16px}
      section.tiles{display:flex;flex-wrap:wrap;gap:10px;background:none;border:0;padding:0}
      section section.tiles{margin:0}
      h2{font-size:16px;margin:0 0 2px}.help{margin:0 0 10px;color:#616e7c;font-size:13px}
      .tile{background:#fff;border:1px solid #e1e6eb;border-radius:8px;padding:10px 14px;min-width:118px;flex:1}
      .tile .label{color:#616e7c;font-size:12px;text-transform:uppercase;letter-spacing:.4px}
      .tile .value{font-size:22px;font-weight:600;margin:2px 0}.tile .sub{color:#7b8794;font-size:12px}
      .tile.good .value,.good{color:#1f7a45}.tile.bad .value,.bad{color:#b42318}
      table{border-collapse:collapse;width:100%;font-size:13px}th{text-align:left;color:#616e7c;font-weight:500}
      th,td{padding:5px 8px;border-bottom:1px solid #eef1f4;vertical-align:middle}td.num{text-align:right;\
      font-variant-numeric:tabular-nums}.barcol{width:270px}
      .grid{stroke:#eef1f4}.ax{font-size:11px;fill:#7b8794}.lg{font-size:12px;fill:#3e4c59}
      .badge{padding:1px 7px;border-radius:9px;font-size:12px}.badge.ok{background:#dcf3e5;color:#1f7a45}
      .badge.warn{background:#fdebd3;color:#9a4f05}.badge.down{background:#fde2e1;color:#b42318}
      .two{display:grid;grid-template-columns:1.1fr 1fr;gap:18px}.events{max-height:260px;overflow:auto;font-size:12.5px}
      .ev{padding:2px 0;border-bottom:1px dotted #eef1f4}.ev .t{color:#7b8794;font-variant-numeric:tabular-nums}
      .ev.open .t,.ev.misconfigured .t{color:#b42318}.ev.promoted .t,.ev.demoted .t{color:#6b3fb5}
      .ev.downgrade .t{color:#9a4f05}.muted{color:#9aa5b1}.note{background:#fffbea;border-color:#f7d070}
      h3{font-size:14px;margin:14px 0 2px}.sugg{padding:8px 0;border-top:1px solid #eef1f4}.nw{white-space:nowrap}
      code{background:#eef1f4;padding:1px 4px;border-radius:3px}footer{color:#7b8794;font-size:12px;margin-top:8px}
      """;
}
