/**
 * Failover and health: the {@link dev.switchboard.router.failover.FailoverPolicy} settings, in
 * Failsafe's policy groups ({@link dev.switchboard.router.failover.CircuitBreakerSettings},
 * {@link dev.switchboard.router.failover.RetrySettings}, {@link dev.switchboard.router.failover.TimeoutSettings},
 * {@link dev.switchboard.router.failover.BulkheadSettings}, {@link dev.switchboard.router.failover.RateLimit}),
 * the health a router reports ({@link dev.switchboard.router.failover.RouterHealth},
 * {@link dev.switchboard.router.failover.BackendHealth}), and the time sources
 * ({@link dev.switchboard.router.failover.Sleeper}, {@link dev.switchboard.router.failover.Scheduler})
 * that go on the router builder beside its clock, and that tests replace.
 */
package dev.switchboard.router.failover;
