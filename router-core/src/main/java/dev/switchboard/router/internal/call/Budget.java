package dev.switchboard.router.internal.call;

import dev.switchboard.router.internal.budget.BudgetGate;
import dev.switchboard.router.internal.plan.Plan;

/**
 * Holds the request's worst case on the budget ledger before dispatch; at a limit, narrows the
 * plan, downgrades it, or refuses the request. What is held and never charged is freed at the end.
 */
final class Budget implements Stage.LeadingToAnswer {
  private final BudgetGate budgets;

  Budget(BudgetGate budgets) {
    this.budgets = budgets;
  }

  @Override
  public boolean run(Call call) {
    Plan planned = call.plan();
    call.admitted(budgets.admit(call.request(), planned, call.streamed()));
    if (call.plan() != planned) {
      call.listener().onBudgetDowngrade(call.request(), planned.decision(), call.plan().decision());
    }
    return true;
  }

  @Override
  public void end(Call call, RuntimeException error) {
    BudgetGate.Admission a = call.admission();
    if (a != null) {
      a.release(); // a no-op once the answer's charge replaced the hold
    }
  }
}
