package dev.switchboard.router.internal.health;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.switchboard.router.Backend;
import dev.switchboard.router.failover.BackendHealth;
import dev.switchboard.router.failover.BackendState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * One backend's circuit breaker and concurrency cap. The state machine is Failsafe's; only the
 * open-to-half-open step is driven from the router's {@link Clock}, because Failsafe's breaker
 * times its delay with {@code System.nanoTime()} and cannot take a clock. Its own delay is set
 * far beyond any cooldown so it never fires by itself. Thread-safe; state changes are reported
 * to the listener in order, under this guard's lock (listeners must be fast).
 */
public final class BackendGuard {
  /** Failsafe's own delay: never reached, the router's clock decides. */
  private static final Duration NEVER = Duration.ofDays(365L * 100);

  /** What {@link #admit} decided. */
  public enum Admission { ADMITTED, OPEN, FULL, COOLING }

  private final Backend backend;
  private final Clock clock;
  private final Settings settings;
  private final Duration cooldown;
  private final Duration misconfiguredCooldown;
  private final Duration maxRetryAfter;
  private final CircuitBreaker<Object> breaker;
  private final Bulkhead<Object> bulkhead; // null: unlimited
  private final BiConsumer<BackendHealth, BackendState> onChange;

  // guarded by this
  private BackendState state = BackendState.CLOSED;
  private Instant since;
  private boolean misconfigured;
  private int consecutiveFailures;
  private String lastError;
  private Instant coolingUntil; // a Retry-After every request honours; null when none

  /** What a guard is set up with: a guard is kept across a reload only while these stay the same. */
  record Settings(int failureThreshold, Duration cooldown, Duration misconfiguredCooldown, Duration maxRetryAfter,
      int concurrencyCap) {}

  BackendGuard(Backend backend, Clock clock, Settings settings, BiConsumer<BackendHealth, BackendState> onChange) {
    this.backend = backend;
    this.clock = clock;
    this.settings = settings;
    this.cooldown = settings.cooldown();
    this.misconfiguredCooldown = settings.misconfiguredCooldown();
    this.maxRetryAfter = settings.maxRetryAfter();
    this.onChange = onChange;
    this.since = clock.instant();
    this.breaker = CircuitBreaker.builder()
        .withFailureThreshold(settings.failureThreshold())
        .withSuccessThreshold(1)
        .withDelay(NEVER)
        .build();
    this.bulkhead = settings.concurrencyCap() > 0 ? Bulkhead.builder(settings.concurrencyCap()).build() : null;
  }

  Settings settings() {
    return settings;
  }

  public Backend backend() {
    return backend;
  }

  /**
   * Takes a concurrency permit (waiting up to {@code capacityWait}) and a breaker permit. On
   * {@code ADMITTED} the caller must end the call with exactly one of {@link #succeeded},
   * {@link #failed}, {@link #misconfigured} or {@link #neutral}.
   */
  public Admission admit(Duration capacityWait) throws InterruptedException {
    refresh();
    if (!breaker.isClosed() && !breaker.isHalfOpen()) {
      return Admission.OPEN;
    }
    if (cooling()) {
      return Admission.COOLING;
    }
    if (bulkhead != null) {
      boolean got = capacityWait.isZero() ? bulkhead.tryAcquirePermit() : bulkhead.tryAcquirePermit(capacityWait);
      if (!got) {
        return Admission.FULL;
      }
    }
    if (!breaker.tryAcquirePermit()) { // half-open and its one trial is already running
      release();
      return Admission.OPEN;
    }
    return Admission.ADMITTED;
  }

  public void succeeded() {
    synchronized (this) {
      consecutiveFailures = 0;
      breaker.recordSuccess();
      sync();
    }
    release();
  }

  /**
   * A failure that is the backend's: counts toward opening its breaker. A {@code retryAfter}
   * (the server's own word on when to come back, capped by maxRetryAfter) keeps every request
   * away until then, not only the one that was told.
   */
  public void failed(String error, Duration retryAfter) {
    synchronized (this) {
      consecutiveFailures++;
      lastError = error;
      coolUntil(retryAfter);
      breaker.recordFailure();
      sync();
    }
    release();
  }

  /**
   * A retry of the same request failed again: the error and any Retry-After are kept, but the
   * breaker has already counted this request's failure and does not count it twice.
   */
  public void failedAgain(String error, Duration retryAfter) {
    synchronized (this) {
      lastError = error;
      coolUntil(retryAfter);
      sync();
    }
    release();
  }

  /** The backend refused our key or model: out of rotation until its (longer) cooldown passes. */
  public void misconfigured(String error) {
    synchronized (this) {
      consecutiveFailures++;
      lastError = error;
      misconfigured = true;
      breaker.open();
      sync();
    }
    release();
  }

  /** The call ended for a reason that says nothing about the backend (a bad request, a cancel). */
  public void neutral() {
    synchronized (this) {
      breaker.recordSuccess();
      sync();
    }
    release();
  }

  private void release() {
    if (bulkhead != null) {
      bulkhead.releasePermit();
    }
  }

  /** True while the breaker keeps calls away (open or misconfigured). */
  public boolean open() {
    return breaker.isOpen();
  }

  // guarded by this
  private void coolUntil(Duration retryAfter) {
    if (retryAfter != null && retryAfter.compareTo(Duration.ZERO) > 0) {
      Instant until = clock.instant().plus(retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter);
      if (coolingUntil == null || until.isAfter(coolingUntil)) {
        coolingUntil = until;
      }
    }
  }

  private synchronized boolean cooling() {
    return coolingUntil != null;
  }

  /**
   * When this backend takes requests again by the router's clock: when an open breaker turns
   * half-open, or a Retry-After runs out (the later of the two); null when it takes them now.
   */
  public synchronized Instant availableAt() {
    Instant open = halfOpenAt();
    if (coolingUntil == null) {
      return open;
    }
    return open == null || coolingUntil.isAfter(open) ? coolingUntil : open;
  }

  /** When an open backend turns half-open by the router's clock; null when it is not open. */
  public synchronized Instant halfOpenAt() {
    if (state != BackendState.OPEN && state != BackendState.MISCONFIGURED) {
      return null;
    }
    return since.plus(misconfigured ? misconfiguredCooldown : cooldown);
  }

  public synchronized BackendHealth health() {
    refresh();
    return snapshot();
  }

  /**
   * Moves an open breaker to half-open once the router's clock says its cooldown has passed, and
   * ends a Retry-After cooldown once its time has come.
   */
  private synchronized void refresh() {
    Instant now = clock.instant();
    boolean changed = false;
    if (coolingUntil != null && !now.isBefore(coolingUntil)) {
      coolingUntil = null;
      changed = true;
    }
    Instant at = halfOpenAt();
    if (at != null && !now.isBefore(at)) {
      breaker.halfOpen();
      changed = true;
    }
    if (changed) {
      sync();
    }
  }

  private BackendHealth snapshot() {
    return new BackendHealth(backend.name(), state, consecutiveFailures, since, lastError, coolingUntil);
  }

  /**
   * Brings our state in line with the breaker's and reports the change. Every breaker mutation
   * happens under this object's lock followed by this call, so changes are seen and reported in
   * order (Failsafe's own listeners run outside its lock and may interleave).
   */
  private void sync() {
    BackendState previous = state;
    BackendState next = switch (breaker.getState()) {
      case CLOSED -> BackendState.CLOSED;
      case HALF_OPEN -> BackendState.HALF_OPEN;
      case OPEN -> misconfigured ? BackendState.MISCONFIGURED : BackendState.OPEN;
    };
    if (next == BackendState.CLOSED) {
      misconfigured = false;
    }
    if (coolingUntil != null && next != BackendState.OPEN && next != BackendState.MISCONFIGURED) {
      next = BackendState.COOLING_DOWN; // the breaker's state shows again once the wait is over
    }
    if (next == previous) {
      return;
    }
    state = next;
    since = clock.instant();
    onChange.accept(snapshot(), previous);
  }
}
