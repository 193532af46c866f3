/**
 * Failover and health: the {@link dev.switchboard.router.failover.FailoverPolicy} settings, the
 * health a router reports ({@link dev.switchboard.router.failover.RouterHealth},
 * {@link dev.switchboard.router.failover.BackendHealth}), rate limits, and the time sources
 * ({@link dev.switchboard.router.failover.Sleeper}, {@link dev.switchboard.router.failover.Scheduler})
 * tests replace.
 */
package dev.switchboard.router.failover;
