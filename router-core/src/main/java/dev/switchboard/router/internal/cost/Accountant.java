package dev.switchboard.router.internal.cost;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.internal.plan.TokenEstimate;
import java.math.BigDecimal;

/**
 * Turns what a call used into dollars: the backend's reported usage times its price, or, when it
 * reported none, an estimate that says it is one. Every billed call goes through here, whatever
 * its kind, so one place decides what a call costs.
 */
public final class Accountant {

  /** What kind of call is charged. */
  public enum ChargeKind {
    /** The answer the caller got. */
    ANSWER,
    /** A failed attempt the provider still billed (it reported usage). */
    FAILED_ATTEMPT,
    /** A quality-loop call to the reference model. */
    REFERENCE,
    /** A line of a provider batch job, at the batch price. */
    BATCH
  }

  /** The cost of one call and whether it is an estimate. */
  public record Charge(BigDecimal cost, boolean estimated, Usage usage) {}

  /** Where charges go once priced (the budget ledger, metrics). Called on the caller's thread. */
  @FunctionalInterface
  public interface ChargeRecorder {
    ChargeRecorder NONE = (service, backend, kind, charge) -> {};

    void record(String service, Backend backend, ChargeKind kind, Charge charge);
  }

  private final ChargeRecorder recorder;
  private final ChargeRecorder observer; // hears every charge, whoever records it (the router's listeners)

  public Accountant() {
    this(ChargeRecorder.NONE);
  }

  public Accountant(ChargeRecorder recorder) {
    this(recorder, ChargeRecorder.NONE);
  }

  public Accountant(ChargeRecorder recorder, ChargeRecorder observer) {
    this.recorder = java.util.Objects.requireNonNull(recorder, "recorder");
    this.observer = java.util.Objects.requireNonNull(observer, "observer");
  }

  /**
   * Prices a billed call and records it against {@code service}. Every billed call, whatever its
   * kind (answer, billed failed attempt, quality reference call, batch line), comes through here.
   */
  public Charge charge(String service, Backend backend, ChatRequest request, ChatResponse response,
      ChargeKind kind) {
    return charge(service, backend, request, response, kind, recorder);
  }

  /**
   * Prices a billed call and records it through {@code to} instead of the router-wide recorder:
   * for the answer of a request whose budget admission holds a reservation that the charge replaces.
   */
  public Charge charge(String service, Backend backend, ChatRequest request, ChatResponse response,
      ChargeKind kind, ChargeRecorder to) {
    Charge charge = price(backend, request, response, kind);
    to.record(service, backend, kind, charge);
    observer.record(service, backend, kind, charge);
    return charge;
  }

  /** Prices a call from its response's usage, or estimates it from the request and answer text. */
  public Charge price(Backend backend, ChatRequest request, ChatResponse response, ChargeKind kind) {
    boolean estimated = response.usage().isEmpty();
    Usage usage = usage(request, response);
    BigDecimal cost = kind == ChargeKind.BATCH ? backend.price().batchCost(usage) : backend.price().cost(usage);
    return new Charge(cost, estimated, usage);
  }

  /** The usage the response reports, or an estimate from the request and the answer text when it reports none. */
  public static Usage usage(ChatRequest request, ChatResponse response) {
    Usage reported = response.usage().orElse(null);
    if (reported != null) {
      return reported;
    }
    int out = 0;
    for (Choice c : response.choices()) {
      out += TokenEstimate.textTokens(c.message().text());
    }
    return Usage.of(TokenEstimate.promptTokens(request), out);
  }
}
