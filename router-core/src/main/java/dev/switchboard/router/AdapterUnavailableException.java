package dev.switchboard.router;

import java.util.List;

/**
 * A request was routed to a LoRA adapter that no backend of this router serves, and its rule has
 * no fallback model. Declare the adapter on the backend that serves it
 * ({@code Backend.builder(..).adapters(..)}), give the rule a {@code fallbackModel}, or check the
 * adapter's name.
 */
public class AdapterUnavailableException extends SwitchboardException {
  private final String adapter;
  private final List<String> served;

  public AdapterUnavailableException(String adapter, String why, List<String> served) {
    super("no backend serves adapter '" + adapter + "' (" + why + "); the adapters this router's backends serve: "
        + served + ". Declare it on the backend that serves it, or give the rule a fallbackModel");
    this.adapter = adapter;
    this.served = List.copyOf(served);
  }

  /** The adapter the request was routed to. */
  public String adapter() {
    return adapter;
  }

  /** Every adapter some backend of the router serves. */
  public List<String> served() {
    return served;
  }
}
