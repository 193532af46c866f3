/**
 * Observability: {@link dev.switchboard.router.metrics.SwitchboardMetrics} (a Micrometer
 * {@code MeterBinder} over a router's state), the observation each request makes
 * ({@link dev.switchboard.router.metrics.ChatObservationContext},
 * {@link dev.switchboard.router.metrics.DefaultChatObservationConvention}) and the HTML report
 * ({@link dev.switchboard.router.metrics.RouterReport}). The meters themselves come from
 * {@code RoutingChatClient.builder().meterRegistry(..)}; docs/observability.md lists every one.
 */
package dev.switchboard.router.metrics;
