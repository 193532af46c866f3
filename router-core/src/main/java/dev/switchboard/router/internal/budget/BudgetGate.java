package dev.switchboard.router.internal.budget;

import dev.switchboard.router.Backend;
import dev.switchboard.router.Candidate;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPeriod;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.plan.Plan;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The budget stage. Before dispatch, {@link #admit} checks the service's spend plus the plan's
 * pre-call estimate against its limits and, at a limit, downgrades the plan or rejects the
 * request. After every billed call, the {@link Accountant} hands the exact charge to
 * {@link #record}, which adds it to the ledger for the day and the month and fires the warning
 * when spend crosses the warning share.
 */
public final class BudgetGate implements Accountant.ChargeRecorder {
  private static final System.Logger LOG = System.getLogger(BudgetGate.class.getName());

  /** Hears that a service's spend crossed the warning share of a limit. */
  @FunctionalInterface
  public interface Warning {
    void warn(String service, String period, BigDecimal limit, BigDecimal spent);
  }

  private final BudgetPolicy policy;
  private final BudgetLedger ledger;
  private final Clock clock;
  private final List<String> tiers;
  private final Warning warning;
  private final String downgradeTier;

  public BudgetGate(BudgetPolicy policy, BudgetLedger ledger, Clock clock, List<String> tiers, List<Backend> backends,
      Warning warning) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tiers = List.copyOf(tiers);
    this.warning = Objects.requireNonNull(warning, "warning");
    Optional<String> named = policy.downgradeBackend();
    if (named.isPresent()) {
      this.downgradeTier = backends.stream().filter(b -> b.name().equals(named.get())).map(Backend::tier).findFirst()
          .orElseThrow(() -> new IllegalStateException("the budget policy downgrades to backend '" + named.get()
              + "', which is not a backend of this router " + backends.stream().map(Backend::name).toList()));
    } else {
      this.downgradeTier = policy.downgradeTier().orElse(tiers.get(0));
      if (!tiers.contains(downgradeTier)) {
        throw new IllegalStateException("the budget policy downgrades to tier '" + downgradeTier
            + "', which is not one of " + tiers);
      }
    }
  }

  public BudgetLedger ledger() {
    return ledger;
  }

  /** The service's spend in the current day of the policy's zone, in dollars. */
  public BigDecimal spentToday(String service) {
    return BudgetLedger.toDollars(ledger.spent(service, policy.day(clock.instant())));
  }

  /**
   * The plan to dispatch: {@code plan} itself while the service is within its limits; at a limit
   * (spend plus this request's estimate would pass it), a plan cut down to the downgrade tier or
   * backend, or a {@link BudgetExceededException}. {@code replan} plans the same request again
   * from another tier. A ledger that cannot be read lets the request through (logged): an outage
   * of the ledger must not stop the application.
   */
  public Plan admit(ChatRequest request, Plan plan, Function<String, Plan> replan) {
    String service = request.routing().service();
    BudgetPolicy.Limits limits = policy.limitsFor(service);
    if (limits.none()) {
      return plan;
    }
    List<Candidate> candidates = plan.decision().candidates();
    long estimate = candidates.isEmpty() ? 0 : BudgetLedger.toNanos(candidates.get(0).estimatedCost());
    Instant now = clock.instant();
    Breach breach;
    try {
      breach = breach(service, limits.daily(), policy.day(now), estimate);
      if (breach == null) {
        breach = breach(service, limits.monthly(), policy.month(now), estimate);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the budget ledger could not be read; letting the request through", e);
      return plan;
    }
    if (breach == null) {
      return plan;
    }
    if (policy.action() == BudgetPolicy.Action.REJECT) {
      throw breach.exception(null);
    }
    return downgrade(plan, replan, breach);
  }

  private Plan downgrade(Plan plan, Function<String, Plan> replan, Breach breach) {
    int target = tiers.indexOf(downgradeTier);
    Optional<String> backend = policy.downgradeBackend();
    Plan base = plan;
    if (backend.isEmpty() && tiers.indexOf(plan.decision().tier()) > target
        || backend.isPresent() && plan.backends().stream().noneMatch(b -> b.name().equals(backend.get()))) {
      base = replan.apply(downgradeTier);
    }
    List<Backend> keep = new ArrayList<>();
    List<Candidate> kept = new ArrayList<>();
    for (int i = 0; i < base.backends().size(); i++) {
      Backend b = base.backends().get(i);
      boolean ok = backend.map(name -> b.name().equals(name)).orElse(tiers.indexOf(b.tier()) <= target);
      if (ok) {
        keep.add(b);
        kept.add(base.decision().candidates().get(i));
      }
    }
    String to = backend.map(n -> "backend " + n).orElse("tier " + downgradeTier);
    if (keep.isEmpty()) {
      throw breach.exception("no backend of " + to + " can serve this request, so it cannot be downgraded");
    }
    List<String> reasons = new ArrayList<>(plan.decision().reasons());
    reasons.add("service '" + breach.service + "' is at its " + breach.period.kind() + " budget ($"
        + BudgetLedger.toDollars(breach.spent).toPlainString() + " of $" + breach.limit.toPlainString()
        + "): downgraded to " + to);
    RoutingDecision d = plan.decision();
    return new Plan(new RoutingDecision(d.classification(), d.tier(), kept, reasons), keep, base.skipped());
  }

  private Breach breach(String service, Optional<BigDecimal> limit, BudgetPeriod period, long estimate) {
    if (limit.isEmpty()) {
      return null;
    }
    long spent = ledger.spent(service, period);
    long max = BudgetLedger.toNanos(limit.get());
    return spent + estimate > max ? new Breach(service, period, limit.get(), spent) : null;
  }

  private record Breach(String service, BudgetPeriod period, BigDecimal limit, long spent) {
    BudgetExceededException exception(String detail) {
      return new BudgetExceededException(service, period.kind(), limit, BudgetLedger.toDollars(spent), detail);
    }
  }

  /** Adds an exact charge to the service's day and month; a ledger failure is logged, never thrown. */
  @Override
  public void record(String service, Backend backend, Accountant.ChargeKind kind, Accountant.Charge charge) {
    long nanos = BudgetLedger.toNanos(charge.cost());
    if (nanos <= 0) {
      return;
    }
    Instant now = clock.instant();
    BudgetPolicy.Limits limits = policy.limitsFor(service);
    add(service, policy.day(now), limits.daily(), nanos);
    add(service, policy.month(now), limits.monthly(), nanos);
  }

  private void add(String service, BudgetPeriod period, Optional<BigDecimal> limit, long nanos) {
    long total;
    try {
      total = ledger.add(service, period, nanos);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the budget ledger could not record a charge of " + nanos + " nano-dollars to '"
          + service + "' (" + period.key() + ")", e);
      return;
    }
    if (limit.isPresent()) {
      long warnAt = new BigDecimal(BudgetLedger.toNanos(limit.get())).multiply(BigDecimal.valueOf(policy.warnShare()))
          .setScale(0, RoundingMode.CEILING).longValueExact();
      // Totals are unique under atomic adds, so exactly one charge crosses the mark.
      if (total - nanos < warnAt && total >= warnAt) {
        warning.warn(service, period.kind(), limit.get(), BudgetLedger.toDollars(total));
      }
    }
  }
}
