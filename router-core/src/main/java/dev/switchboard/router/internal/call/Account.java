package dev.switchboard.router.internal.call;

import dev.switchboard.router.Backend;
import dev.switchboard.router.DeadlineExceededException;
import dev.switchboard.router.StreamInterruptedException;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.cost.Accountant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prices the answer and charges it, replacing what the budget held for it; a cache hit costs
 * nothing. A stream that broke after its first token is charged for what it generated, estimated
 * from the text the caller received when its usage never came. (Failed attempts are priced as
 * they fail, once, by {@link FailedAttempts}.)
 */
final class Account implements Stage {
  private final Accountant accountant;
  private final BudgetGate budgets;
  private final Map<String, Backend> backends;

  Account(Accountant accountant, BudgetGate budgets, List<Backend> backends) {
    this.accountant = accountant;
    this.budgets = budgets;
    this.backends = backends.stream().collect(Collectors.toUnmodifiableMap(Backend::name, Function.identity()));
  }

  @Override
  public boolean run(Call call) {
    if (!call.cacheHit()) {
      Backend b = call.outcome().backend();
      call.charged(accountant.charge(call.request().routing().service(), b, call.request(), call.answer(),
          Accountant.ChargeKind.ANSWER, recorder(call)));
    }
    return true;
  }

  @Override
  public void end(Call call, RuntimeException error) {
    StreamInterruptedException broken = error instanceof StreamInterruptedException s ? s
        : error instanceof DeadlineExceededException && error.getCause() instanceof StreamInterruptedException s ? s
        : null;
    Backend b = broken == null ? null : backends.get(broken.backend());
    if (b != null) {
      ChatResponse partial = ChatResponse.builder()
          .choice(Choice.of(0, ChatMessage.assistant(broken.partialText()), null)).build();
      accountant.charge(call.request().routing().service(), b, call.request(), partial,
          Accountant.ChargeKind.FAILED_ATTEMPT, recorder(call)); // the billed failure replaces the hold
    }
  }

  private Accountant.ChargeRecorder recorder(Call call) {
    return call.admission() != null ? call.admission() : budgets;
  }
}
