package dev.switchboard.router.internal.call;

import dev.switchboard.router.Attempt;
import dev.switchboard.router.Backend;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.internal.cost.Accountant;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What happens to every failed attempt, of an answer or of a quality-loop call: the provider's
 * bill for it (when it reported usage) is priced once and charged, and the listeners are told.
 */
public final class FailedAttempts {
  private final Accountant accountant;
  private final RouterListener listener;
  private final Map<String, Backend> backends;

  /** {@code backends}: every backend an attempt can name, the quality loop's reference included. */
  public FailedAttempts(Accountant accountant, RouterListener listener, List<Backend> backends) {
    this.accountant = accountant;
    this.listener = listener;
    this.backends = backends.stream().collect(Collectors.toUnmodifiableMap(Backend::name, Function.identity(),
        (a, b) -> a));
  }

  /** Charges what the provider billed for {@code attempt} to {@code request}'s service; returns it (zero when nothing). */
  public BigDecimal record(ChatRequest request, Attempt attempt) {
    BigDecimal cost = BigDecimal.ZERO;
    Backend b = attempt.billedUsage().isEmpty() ? null : backends.get(attempt.backend());
    if (b != null) {
      ChatResponse billed = ChatResponse.builder().usage(attempt.billedUsage().get()).build();
      cost = accountant.charge(request.routing().service(), b, request, billed,
          Accountant.ChargeKind.FAILED_ATTEMPT).cost();
    }
    listener.onAttemptFailed(request, attempt);
    return cost;
  }
}
