package dev.switchboard.router.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Spending limits per service, and what the router does when a service reaches one.
 *
 * <pre>{@code
 * BudgetPolicy.builder()
 *     .zone(ZoneId.of("Europe/Berlin"))      // days start at midnight here (default UTC)
 *     .daily("support-bot", 25.00)           // dollars per day
 *     .monthly("support-bot", 500.00)        // and per calendar month
 *     .defaultDaily(5.00)                    // every other service
 *     .downgradeToTier("local")              // at the limit (default: the cheapest tier)
 *     .warnAt(0.8)                           // RouterListener.onBudgetWarning at 80% (default)
 *     .outputAllowance(4096)                 // output tokens reserved when a request sets no max_tokens (default)
 *     .reservationTtl(Duration.ofMinutes(6)) // a hold never settled expires (default: the deadline + 5 min)
 *     .failOpen()                            // a ledger that cannot be reached lets requests through (default)
 *     .build();
 * }</pre>
 *
 * <p>Before a request to a limited service is sent, its worst-case cost (the prompt's estimated
 * tokens plus its {@code max_tokens}, or {@link #outputAllowance()} when it sets none, at the
 * price of the priciest backend it may go to) is reserved on the ledger together with the check;
 * the real charge replaces the hold when the answer arrives. Immutable. A limit of zero means
 * nothing may be spent; a service with no limit of its own and no default is not limited (its
 * spend is still counted).
 */
public final class BudgetPolicy {
  /** What the router does with a request whose service has reached a limit. */
  public enum Action {
    /** Serve it on the downgrade tier or backend (the default). */
    DOWNGRADE,
    /** Throw {@link BudgetExceededException}. */
    REJECT
  }

  /** A service's limits in dollars; either may be absent. */
  public record Limits(Optional<BigDecimal> daily, Optional<BigDecimal> monthly) {
    public boolean none() {
      return daily.isEmpty() && monthly.isEmpty();
    }
  }

  private final ZoneId zone;
  private final Map<String, BigDecimal> daily;
  private final Map<String, BigDecimal> monthly;
  private final BigDecimal defaultDaily;
  private final BigDecimal defaultMonthly;
  private final Action action;
  private final String downgradeTier;
  private final String downgradeBackend;
  private final double warnShare;
  private final int outputAllowance;
  private final Duration reservationTtl;
  private final boolean failClosed;

  private BudgetPolicy(Builder b) {
    this.zone = b.zone;
    this.daily = Map.copyOf(b.daily);
    this.monthly = Map.copyOf(b.monthly);
    this.defaultDaily = b.defaultDaily;
    this.defaultMonthly = b.defaultMonthly;
    this.action = b.action;
    this.downgradeTier = b.downgradeTier;
    this.downgradeBackend = b.downgradeBackend;
    this.warnShare = b.warnShare;
    this.outputAllowance = b.outputAllowance;
    this.reservationTtl = b.reservationTtl;
    this.failClosed = b.failClosed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No limits at all; spend is still counted. */
  public static BudgetPolicy unlimited() {
    return builder().build();
  }

  public ZoneId zone() {
    return zone;
  }

  /** The service's own limits, else the defaults. */
  public Limits limitsFor(String service) {
    return new Limits(Optional.ofNullable(daily.getOrDefault(service, defaultDaily)),
        Optional.ofNullable(monthly.getOrDefault(service, defaultMonthly)));
  }

  /** The services named with a limit of their own (others get the defaults, if any). */
  public java.util.Set<String> services() {
    java.util.Set<String> all = new java.util.TreeSet<>(daily.keySet());
    all.addAll(monthly.keySet());
    return java.util.Collections.unmodifiableSet(all);
  }

  public Action action() {
    return action;
  }

  /** The tier named for downgrades; empty means the router's cheapest tier (unless a backend is named). */
  public Optional<String> downgradeTier() {
    return Optional.ofNullable(downgradeTier);
  }

  /** The backend named for downgrades, when one is. */
  public Optional<String> downgradeBackend() {
    return Optional.ofNullable(downgradeBackend);
  }

  /** The share of a limit at which a warning event fires, in (0, 1]. */
  public double warnShare() {
    return warnShare;
  }

  /** Output tokens reserved for a request that sets no {@code max_tokens}. Default 4096. */
  public int outputAllowance() {
    return outputAllowance;
  }

  /**
   * How long a reservation lives unless settled; empty means the router's default, its failover
   * deadline plus five minutes.
   */
  public Optional<Duration> reservationTtl() {
    return Optional.ofNullable(reservationTtl);
  }

  /**
   * True when a request to a limited service is rejected while the ledger cannot be reached
   * ({@link LedgerUnavailableException}); false (the default) when it is let through unchecked.
   */
  public boolean failsClosed() {
    return failClosed;
  }

  /** The day containing {@code now} in this policy's zone: from one midnight to the next. */
  public BudgetPeriod day(Instant now) {
    LocalDate d = LocalDate.ofInstant(now, zone);
    return new BudgetPeriod("day:" + d, d.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /** The calendar month containing {@code now} in this policy's zone. */
  public BudgetPeriod month(Instant now) {
    YearMonth m = YearMonth.from(LocalDate.ofInstant(now, zone));
    return new BudgetPeriod("month:" + m, m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
  }

  @Override
  public String toString() {
    return "BudgetPolicy{zone=" + zone + ", daily=" + daily + ", monthly=" + monthly + ", defaultDaily="
        + defaultDaily + ", defaultMonthly=" + defaultMonthly + ", action=" + action
        + (downgradeBackend != null ? ", downgradeBackend=" + downgradeBackend : "")
        + (downgradeTier != null ? ", downgradeTier=" + downgradeTier : "") + ", warnAt=" + warnShare
        + ", outputAllowance=" + outputAllowance + (reservationTtl != null ? ", reservationTtl=" + reservationTtl : "")
        + (failClosed ? ", failClosed" : ", failOpen") + "}";
  }

  /** Builds a {@link BudgetPolicy}; every value is checked as it is set. */
  public static final class Builder {
    private ZoneId zone = ZoneOffset.UTC;
    private final Map<String, BigDecimal> daily = new LinkedHashMap<>();
    private final Map<String, BigDecimal> monthly = new LinkedHashMap<>();
    private BigDecimal defaultDaily;
    private BigDecimal defaultMonthly;
    private Action action = Action.DOWNGRADE;
    private String downgradeTier;
    private String downgradeBackend;
    private double warnShare = 0.8;
    private int outputAllowance = 4096;
    private Duration reservationTtl;
    private boolean failClosed;

    private Builder() {}

    /** The time zone whose midnight starts a day (and whose first of the month starts a month). Default UTC. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    public Builder daily(String service, double dollars) {
      return daily(service, dollars(dollars));
    }

    public Builder daily(String service, BigDecimal dollars) {
      daily.put(service(service), dollars(dollars));
      return this;
    }

    public Builder monthly(String service, double dollars) {
      return monthly(service, dollars(dollars));
    }

    public Builder monthly(String service, BigDecimal dollars) {
      monthly.put(service(service), dollars(dollars));
      return this;
    }

    /** The daily limit of every service without its own. */
    public Builder defaultDaily(double dollars) {
      this.defaultDaily = dollars(dollars);
      return this;
    }

    /** The monthly limit of every service without its own. */
    public Builder defaultMonthly(double dollars) {
      this.defaultMonthly = dollars(dollars);
      return this;
    }

    /** At a limit, serve from {@code tier} (a tier of the router, checked when the router is built). */
    public Builder downgradeToTier(String tier) {
      this.downgradeTier = name(tier, "tier");
      this.downgradeBackend = null;
      this.action = Action.DOWNGRADE;
      return this;
    }

    /** At a limit, serve from this one backend (checked when the router is built). */
    public Builder downgradeToBackend(String backend) {
      this.downgradeBackend = name(backend, "backend");
      this.downgradeTier = null;
      this.action = Action.DOWNGRADE;
      return this;
    }

    /** At a limit, throw {@link BudgetExceededException} instead of downgrading. */
    public Builder reject() {
      this.action = Action.REJECT;
      return this;
    }

    /** Fire {@code RouterListener.onBudgetWarning} when spend crosses this share of a limit. Default 0.8. */
    public Builder warnAt(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("the warning share must be within (0, 1]: " + share);
      }
      this.warnShare = share;
      return this;
    }

    /**
     * Output tokens to reserve for a request that sets no {@code max_tokens}. Default 4096. An
     * answer longer than this costs more than was reserved; the real cost is charged all the same.
     */
    public Builder outputAllowance(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("the output allowance must not be negative: " + tokens);
      }
      this.outputAllowance = tokens;
      return this;
    }

    /**
     * How long a reservation counts against a limit unless its request settles it first (a request
     * lost on the way: its thread killed, its instance gone). Default: the router's failover
     * deadline plus five minutes. Too short, and a slow answer's hold expires while it is still
     * on its way, so it no longer counts against the limit.
     */
    public Builder reservationTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("the reservation TTL must be positive: " + ttl);
      }
      this.reservationTtl = ttl;
      return this;
    }

    /**
     * While the ledger cannot be reached, let requests through unchecked (logged as warnings):
     * an outage of the ledger does not stop the application. The default.
     */
    public Builder failOpen() {
      this.failClosed = false;
      return this;
    }

    /**
     * While the ledger cannot be reached, reject requests to limited services with
     * {@link LedgerUnavailableException}: a limit is never passed unchecked. Services without a
     * limit are served either way.
     */
    public Builder failClosed() {
      this.failClosed = true;
      return this;
    }

    public BudgetPolicy build() {
      return new BudgetPolicy(this);
    }

    private static String service(String service) {
      return name(service, "service");
    }

    private static String name(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank: '" + s + "'");
      }
      return s;
    }

    private static BigDecimal dollars(double d) {
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("a budget must be a non-negative number of dollars: " + d);
      }
      return BigDecimal.valueOf(d);
    }

    private static BigDecimal dollars(BigDecimal d) {
      Objects.requireNonNull(d, "dollars");
      if (d.signum() < 0) {
        throw new IllegalArgumentException("a budget must be a non-negative number of dollars: " + d);
      }
      return d;
    }
  }
}
