package dev.switchboard.router.internal.call;

import dev.switchboard.router.internal.plan.Planner;

/** The plan: the category's tier (or the hinted one, or the quality loop's promotion) and its candidates, cheapest first. */
final class Route implements Stage {
  private final Planner planner;

  Route(Planner planner) {
    this.planner = planner;
  }

  @Override
  public boolean run(Call call) {
    call.planned(planner.plan(call.request(), call.classification(), call.streamed(), true));
    call.listener().onPlanned(call.request(), call.plan().decision());
    return true;
  }
}
