/**
 * Fakes for applications' own tests: a scripted {@link dev.switchboard.router.testing.FakeChatClient},
 * a {@link dev.switchboard.router.testing.ManualClock} and a
 * {@link dev.switchboard.router.testing.ManualScheduler}.
 */
package dev.switchboard.router.testing;
