package dev.switchboard.router.internal.budget;

import dev.switchboard.router.Backend;
import dev.switchboard.router.internal.Names;
import dev.switchboard.router.Candidate;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.RoutingDecision;
import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.budget.BudgetLedger;
import dev.switchboard.router.budget.BudgetPeriod;
import dev.switchboard.router.budget.BudgetPolicy;
import dev.switchboard.router.budget.LedgerUnavailableException;
import dev.switchboard.router.budget.Reservation;
import dev.switchboard.router.internal.cost.Accountant;
import dev.switchboard.router.internal.plan.Plan;
import dev.switchboard.router.internal.plan.Planner;
import dev.switchboard.router.internal.plan.TokenEstimate;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The budget stage. Before dispatch, {@link #admit} reserves the request's worst-case cost on the
 * ledger for each limited period, atomically with the check, so requests in flight count against
 * the limit before they are charged. When the whole plan does not fit, it tries the plan without
 * its pricier failover, then (with a downgrade policy) the downgrade target's price, and rejects
 * only when nothing fits. The request's {@link Admission} replaces its holds by the answer's
 * charge, or releases them when it ends without one. Every other billed call (failed attempts,
 * reference calls, batch lines) comes to {@link #record}, which adds it to the ledger for the day
 * and the month. Both fire the warning when spend crosses the warning share of a limit.
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
  private final Planner planner;
  private final List<String> tiers;
  private final Warning warning;
  private final String downgradeTier;
  private final Duration holdFor;

  /**
   * @param defaultHold how long a reservation lives when the policy does not say (the router's
   *     failover deadline plus a margin)
   */
  public BudgetGate(BudgetPolicy policy, BudgetLedger ledger, Clock clock, Planner planner, List<Backend> backends,
      Duration defaultHold, Warning warning) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.tiers = planner.tiers();
    this.warning = Objects.requireNonNull(warning, "warning");
    this.holdFor = policy.reservationTtl().orElse(Objects.requireNonNull(defaultHold, "defaultHold"));
    Optional<String> named = policy.downgradeBackend();
    if (named.isPresent()) {
      this.downgradeTier = backends.stream().filter(b -> b.name().equals(named.get())).map(Backend::tier).findFirst()
          .orElseThrow(() -> new IllegalStateException("the budget policy downgrades to backend '" + named.get()
              + "', which is not a backend of this router " + backends.stream().map(Backend::name).toList()
              + Names.didYouMean(named.get(), backends.stream().map(Backend::name).toList())));
    } else {
      this.downgradeTier = policy.downgradeTier().orElse(tiers.get(0));
      if (!tiers.contains(downgradeTier)) {
        throw new IllegalStateException("the budget policy downgrades to tier '" + downgradeTier
            + "', which is not one of " + tiers + Names.didYouMean(downgradeTier, tiers));
      }
    }
  }

  public BudgetPolicy policy() {
    return policy;
  }

  public BudgetLedger ledger() {
    return ledger;
  }

  /** How long a reservation lives unless settled. */
  public Duration holdFor() {
    return holdFor;
  }

  /** The service's spend in the current day of the policy's zone, in dollars. */
  public BigDecimal spentToday(String service) {
    return BudgetLedger.toDollars(ledger.spent(service, policy.day(clock.instant())));
  }

  /** The service's spend today and this month, with its limits. */
  public dev.switchboard.router.budget.BudgetStatus status(String service) {
    Instant now = clock.instant();
    BudgetPolicy.Limits limits = policy.limitsFor(service);
    return new dev.switchboard.router.budget.BudgetStatus(service,
        BudgetLedger.toDollars(ledger.spent(service, policy.day(now))),
        BudgetLedger.toDollars(ledger.spent(service, policy.month(now))), limits.daily(), limits.monthly());
  }

  /**
   * The plan to dispatch, with the request's worst case held on the ledger: {@code plan} itself
   * while it fits the service's limits; at a limit, the plan without its pricier failover, or cut
   * down to the downgrade tier or backend (planned again from there by the planner), or a
   * {@link BudgetExceededException}. A ledger that cannot be reached lets the
   * request through unchecked (logged), or, when the policy fails closed, throws
   * {@link LedgerUnavailableException}. The caller must end the admission: its answer's charge
   * through {@link Admission#record}, or {@link Admission#release} when there is none.
   */
  public Admission admit(ChatRequest request, Plan plan, boolean streaming) {
    return decide(request, plan, streaming, true);
  }

  /** An admission that holds nothing, for a request answered without dispatch (from the cache). */
  public Admission nothingHeld(Plan plan) {
    return new Admission(plan, List.of());
  }

  /**
   * What {@link #admit} would decide now, holding nothing and changing nothing (for explain: a
   * downgrade's plan does not advance the planner's rotation).
   */
  public Plan preview(ChatRequest request, Plan plan, boolean streaming) {
    return decide(request, plan, streaming, false).plan();
  }

  /** {@code hold}: reserve on the ledger and advance the rotation of a downgrade's plan, as a real request does. */
  private Admission decide(ChatRequest request, Plan plan, boolean streaming, boolean hold) {
    String service = request.routing().service();
    BudgetPolicy.Limits limits = policy.limitsFor(service);
    if (limits.none()) {
      return new Admission(plan, List.of());
    }
    Instant now = clock.instant();
    List<Check> checks = new ArrayList<>(2);
    limits.daily().ifPresent(l -> checks.add(new Check(policy.day(now), l)));
    limits.monthly().ifPresent(l -> checks.add(new Check(policy.month(now), l)));
    Worst worst = new Worst(TokenEstimate.promptTokens(request),
        request.maxTokens().orElse(policy.outputAllowance()));
    Refusal refusal = new Refusal();
    try {
      Admission a = tryHold(service, plan, worst, checks, hold, refusal, null);
      Plan narrow = a == null ? withinFirst(plan, worst) : null;
      if (narrow != null) {
        a = tryHold(service, narrow, worst, checks, hold, refusal, refusal.reason(
            "failover limited to backends costing at most $" + dollars(worst.of(plan.backends().get(0)))));
      }
      if (a == null && policy.action() == BudgetPolicy.Action.DOWNGRADE) {
        a = downgrade(request, plan, streaming, worst, checks, hold, refusal);
      }
      if (a != null) {
        return a;
      }
    } catch (LedgerDown e) {
      if (policy.failsClosed()) {
        throw new LedgerUnavailableException(service, ledger.toString(), e.getCause());
      }
      LOG.log(Level.WARNING, "the budget ledger could not be reached; letting the request through unchecked",
          e.getCause());
      return new Admission(plan, List.of());
    }
    throw refusal.exception(service);
  }

  /** The plan cut down to the downgrade tier or backend, held at its price; null when that does not fit either. */
  private Admission downgrade(ChatRequest request, Plan plan, boolean streaming, Worst worst,
      List<Check> checks, boolean hold, Refusal refusal) {
    String service = request.routing().service();
    int target = tiers.indexOf(downgradeTier);
    Optional<String> backend = policy.downgradeBackend();
    Plan base = plan;
    if (backend.isEmpty() && tiers.indexOf(plan.decision().tier()) > target
        || backend.isPresent() && plan.backends().stream().noneMatch(b -> b.name().equals(backend.get()))) {
      base = planner.plan(request.withRouting(request.routing().toBuilder().tierHint(downgradeTier).build()),
          plan.decision().classification(), streaming, hold);
    }
    String to = backend.map(n -> "backend " + n).orElse("tier " + downgradeTier);
    Plan down = keep(plan, base, b -> backend.map(name -> b.name().equals(name))
        .orElse(tiers.indexOf(b.tier()) <= target), refusal.reason("downgraded to " + to));
    if (down.backends().isEmpty()) {
      refusal.detail = "no backend of " + to + " can serve this request, so it cannot be downgraded";
      return null;
    }
    // The same backends as the plan that was just refused would be refused again.
    Admission a = down.backends().equals(plan.backends()) ? null : tryHold(service, down, worst, checks, hold, refusal,
        null);
    Plan narrow = a == null ? withinFirst(down, worst) : null;
    if (narrow != null) {
      a = tryHold(service, narrow, worst, checks, hold, refusal, null);
    }
    if (a == null) {
      refusal.detail = "it does not fit at the price of " + to + " either";
    }
    return a;
  }

  /** {@code plan} without the candidates pricier than its first, or null when there are none to drop. */
  private Plan withinFirst(Plan plan, Worst worst) {
    if (plan.backends().isEmpty()) {
      return null;
    }
    long first = worst.of(plan.backends().get(0));
    if (worst.of(plan) <= first) {
      return null;
    }
    return keep(plan, plan, b -> worst.of(b) <= first, null);
  }

  /** {@code from}'s candidates that pass {@code ok}, under {@code plan}'s decision, with one more reason. */
  private static Plan keep(Plan plan, Plan from, Predicate<Backend> ok, String reason) {
    List<Backend> keep = new ArrayList<>();
    List<Candidate> kept = new ArrayList<>();
    for (int i = 0; i < from.backends().size(); i++) {
      Backend b = from.backends().get(i);
      if (ok.test(b)) {
        keep.add(b);
        kept.add(from.decision().candidates().get(i));
      }
    }
    RoutingDecision d = plan.decision();
    List<String> reasons = new ArrayList<>(d.reasons());
    if (reason != null) {
      reasons.add(reason);
    }
    return new Plan(new RoutingDecision(d.classification(), d.tier(), kept, reasons), keep, from.skipped(),
        from.adapter());
  }

  /**
   * Holds the plan's worst case in every limited period (all or none), or, with {@code hold}
   * false, only checks it. Null when a period has no room; {@code refusal} then says which.
   * {@code reason}, when given, is added to the plan's reasons once it fits.
   */
  private Admission tryHold(String service, Plan plan, Worst worst, List<Check> checks, boolean hold,
      Refusal refusal, String reason) {
    long nanos = worst.of(plan);
    Plan admitted = reason == null ? plan : keep(plan, plan, b -> true, reason);
    if (nanos == 0) {
      return new Admission(admitted, List.of()); // free: nothing to hold, and nothing to pass a limit with
    }
    List<Reservation> holds = new ArrayList<>(checks.size());
    try {
      for (Check c : checks) {
        long limit = BudgetLedger.toNanos(c.limit);
        Reservation r = hold ? ledger.reserve(service, c.period, nanos, limit, holdFor) : check(service, c, nanos);
        if (!r.granted()) {
          release(holds);
          refusal.refused(r, c.limit);
          return null;
        }
        if (hold) {
          holds.add(r);
        }
      }
    } catch (RuntimeException e) {
      release(holds);
      throw new LedgerDown(e);
    }
    return new Admission(admitted, holds);
  }

  /** What reserve would say, holding nothing. */
  private Reservation check(String service, Check c, long nanos) {
    long spent = ledger.spent(service, c.period);
    long held = ledger.held(service, c.period);
    return spent + held + nanos <= BudgetLedger.toNanos(c.limit)
        ? Reservation.granted("preview", service, c.period, nanos, spent, held)
        : Reservation.refused(service, c.period, nanos, spent, held);
  }

  private void release(List<Reservation> holds) {
    for (Reservation r : holds) {
      try {
        ledger.settle(r, 0);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the budget ledger could not release a hold of " + r.nanos() + " nano-dollars on '"
            + r.service() + "' (" + r.period().key() + "); it expires in " + holdFor, e);
      }
    }
  }

  private static String dollars(long nanos) {
    return BudgetLedger.toDollars(nanos).toPlainString();
  }

  private record Check(BudgetPeriod period, BigDecimal limit) {}

  /** A request's worst case on a backend: its estimated prompt plus its output allowance, at the backend's price. */
  private record Worst(int promptTokens, int outputTokens) {
    long of(Backend b) {
      return BudgetLedger.toNanos(b.price().cost(promptTokens, 0, outputTokens));
    }

    long of(Plan plan) {
      long max = 0;
      for (Backend b : plan.backends()) {
        max = Math.max(max, of(b));
      }
      return max;
    }
  }

  /** The last refusal: which period had no room, and why the request could not go elsewhere. */
  private static final class Refusal {
    private Reservation last;
    private BigDecimal limit;
    private String detail;

    void refused(Reservation r, BigDecimal limit) {
      this.last = r;
      this.limit = limit;
    }

    /** The reason a plan narrowed by the budget gives: "service 's' is at its daily budget (...): {@code what}". */
    String reason(String what) {
      if (last == null) {
        return what;
      }
      return "service '" + last.service() + "' is at its " + last.period().kind() + " budget ($"
          + BudgetLedger.toDollars(last.spent()).toPlainString() + " of $" + limit.toPlainString()
          + (last.held() > 0 ? ", $" + dollars(last.held()) + " held by requests in flight" : "") + "): " + what;
    }

    BudgetExceededException exception(String service) {
      List<String> why = new ArrayList<>();
      if (detail != null) {
        why.add(detail);
      }
      if (last.held() > 0) {
        why.add("$" + dollars(last.held()) + " more is held by requests in flight");
      }
      why.add("this request could cost up to $" + dollars(last.nanos()));
      return new BudgetExceededException(service, last.period().kind(), limit,
          BudgetLedger.toDollars(last.spent()), String.join("; ", why));
    }
  }

  /** A ledger call failed: the request is let through or rejected, as the policy says. */
  private static final class LedgerDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LedgerDown(RuntimeException cause) {
      super(cause);
    }
  }

  /**
   * One request's place in the budget: the plan to dispatch and what is held for it. Its first
   * charge (the answer's) replaces the holds; any later one is added like any other; a request
   * that ends without an answer releases them. Thread-safe; the holds end exactly once.
   */
  public final class Admission implements Accountant.ChargeRecorder {
    private final Plan plan;
    private final List<Reservation> holds;
    private final AtomicBoolean ended;

    private Admission(Plan plan, List<Reservation> holds) {
      this.plan = plan;
      this.holds = List.copyOf(holds);
      this.ended = new AtomicBoolean(holds.isEmpty());
    }

    public Plan plan() {
      return plan;
    }

    /** What is held for this request, per limited period (empty when nothing is). */
    public List<Reservation> holds() {
      return holds;
    }

    /** Charges the answer: in each period, the hold is replaced by the charge in one step. */
    @Override
    public void record(String service, Backend backend, Accountant.ChargeKind kind, Accountant.Charge charge) {
      if (!ended.compareAndSet(false, true)) {
        BudgetGate.this.record(service, backend, kind, charge);
        return;
      }
      long nanos = BudgetLedger.toNanos(charge.cost());
      Instant now = clock.instant();
      BudgetPolicy.Limits limits = policy.limitsFor(service);
      charge(service, policy.day(now), limits.daily(), nanos, heldFor("daily"));
      charge(service, policy.month(now), limits.monthly(), nanos, heldFor("monthly"));
    }

    /** Frees what is still held (the request failed, was cancelled, or was answered from the cache). */
    public void release() {
      if (ended.compareAndSet(false, true)) {
        BudgetGate.this.release(holds);
      }
    }

    private Reservation heldFor(String kind) {
      for (Reservation r : holds) {
        if (r.period().kind().equals(kind)) {
          return r;
        }
      }
      return null;
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
    charge(service, policy.day(now), limits.daily(), nanos, null);
    charge(service, policy.month(now), limits.monthly(), nanos, null);
  }

  /** Settles {@code hold} with the charge (in the hold's period), or adds it to {@code period}; fires the warning. */
  private void charge(String service, BudgetPeriod period, Optional<BigDecimal> limit, long nanos, Reservation hold) {
    if (hold == null && nanos == 0) {
      return;
    }
    BudgetPeriod to = hold != null ? hold.period() : period;
    long total;
    try {
      total = hold != null ? ledger.settle(hold, nanos) : ledger.add(service, to, nanos);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the budget ledger could not record a charge of " + nanos + " nano-dollars to '"
          + service + "' (" + to.key() + ")" + (hold != null ? "; its hold expires in " + holdFor : ""), e);
      return;
    }
    if (limit.isPresent()) {
      long warnAt = new BigDecimal(BudgetLedger.toNanos(limit.get())).multiply(BigDecimal.valueOf(policy.warnShare()))
          .setScale(0, RoundingMode.CEILING).longValueExact();
      // Totals are unique under atomic adds, so exactly one charge crosses the mark.
      if (total - nanos < warnAt && total >= warnAt) {
        warning.warn(service, to.kind(), limit.get(), BudgetLedger.toDollars(total));
      }
    }
  }
}
