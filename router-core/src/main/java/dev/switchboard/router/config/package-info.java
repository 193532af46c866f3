/**
 * The config file: {@link dev.switchboard.router.config.RouterConfig} reads and checks one YAML or
 * JSON file that says everything {@code RoutingChatClient.builder()} can (docs/configuration.md has
 * every key), {@link dev.switchboard.router.config.Section} is one checked map of it, and
 * {@link dev.switchboard.router.config.InvalidConfigException} names every problem at once.
 * {@code RoutingChatClient.fromConfig(path)} is the one-line way in.
 */
package dev.switchboard.router.config;
