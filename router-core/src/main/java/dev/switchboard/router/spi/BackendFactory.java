package dev.switchboard.router.spi;

import dev.switchboard.router.ChatClient;
import dev.switchboard.router.config.Section;
import java.util.List;
import java.util.Set;

/**
 * Makes the clients of a config file's backends for the providers it knows: router-okhttp's
 * makes OpenAI-compatible servers and Anthropic's API. Found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/dev.switchboard.router.spi.BackendFactory}), or
 * given to {@code RouterConfig.loader().backendFactory(..)}. router-core itself makes none, so it
 * needs no HTTP library.
 */
public interface BackendFactory {
  /** The {@code provider} names this factory makes clients for, such as {@code ollama} or {@code openai}. */
  Set<String> providers();

  /**
   * What is wrong with {@code backend} (one of this factory's providers) beyond what the file's
   * schema checks: a key its provider needs or does not take. Each problem starts with the key,
   * relative to the backend ({@code "base-url: required but missing; ..."}), and never shows a
   * key's value. Called before anything is built.
   */
  default List<String> check(Section backend) {
    return List.of();
  }

  /**
   * The client of the backend {@code name} (a key of {@code backends}, or the quality loop's
   * reference). It must start nothing (no thread, no connection) until it is called.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  ChatClient create(String name, Section backend);
}
