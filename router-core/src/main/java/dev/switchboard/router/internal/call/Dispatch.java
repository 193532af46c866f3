package dev.switchboard.router.internal.call;

import dev.switchboard.router.internal.dispatch.Dispatcher;
import dev.switchboard.router.internal.plan.Plan;
import java.util.concurrent.CompletableFuture;

/**
 * Gets the answer from the plan's candidates with failover, through the dispatcher. A blocking
 * call waits here; a stream suspends the call and resumes it when the stream completes.
 */
final class Dispatch implements Stage.LeadingToAnswer {
  private final Dispatcher dispatcher;

  Dispatch(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public boolean run(Call call) {
    Plan plan = call.plan();
    if (!call.streamed()) {
      call.dispatched(dispatcher.dispatch(call.request(), plan.backends(), plan.skipped(), call.start(), call));
      return true;
    }
    CompletableFuture<Dispatcher.Outcome> done = new CompletableFuture<>();
    call.streaming(done);
    done.whenComplete((outcome, error) -> {
      if (error != null) {
        call.fail(error);
      } else {
        call.dispatched(outcome);
        call.proceed();
      }
    });
    dispatcher.stream(call.request(), plan.backends(), plan.skipped(), call.start(), call, done, call.cancelBackend());
    return false;
  }
}
