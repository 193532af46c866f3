package dev.switchboard.router.config;

import java.util.List;

/**
 * A config file that cannot make a router, with every problem found, each naming its key path,
 * the value that is wrong and what is allowed (a key's value is never shown). Thrown before
 * anything starts; as every configuration mistake, a programming error rather than a
 * {@link dev.switchboard.router.SwitchboardException}.
 *
 * <pre>
 * config router.yaml is invalid (2 problems):
 *   backends.gpt.modle: unknown key; did you mean 'model'? (keys here: provider, base-url, tier, ...)
 *   failover.cooldown: must be a positive duration ..., but was "30 secs"
 * </pre>
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final transient List<String> problems;

  public InvalidConfigException(String source, List<String> problems) {
    super("config " + source + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + "):\n  " + String.join("\n  ", problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The file, or {@code "text"} for a config parsed from a string. */
  public String source() {
    return source;
  }

  /** Every problem, in the order found: {@code "<key path>: <what is wrong>"}. */
  public List<String> problems() {
    return problems;
  }
}
