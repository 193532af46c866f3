/**
 * The front door: {@link dev.switchboard.router.RoutingChatClient} (the router and its builder),
 * {@link dev.switchboard.router.ChatClient} (what a backend and the router both are),
 * {@link dev.switchboard.router.Backend}, what a call reports ({@link dev.switchboard.router.RouteInfo},
 * {@link dev.switchboard.router.RoutingDecision}), the listeners, and the exceptions a caller catches.
 *
 * <p>The other packages group types by who needs them: {@code chat} (the wire types),
 * {@code classify} (categories and the classifier), {@code failover} (health and failover
 * settings), {@code budget}, {@code cache}, {@code quality}, {@code testing} (fakes for users'
 * tests) and {@code spi} (helpers for writing a backend adapter). Packages named
 * {@code internal} are not API.
 */
package dev.switchboard.router;
