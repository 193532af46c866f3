package dev.switchboard.router.internal.call;

/**
 * One step of a request, run by its {@link Call} in list order. A new step is one new class and
 * one line where the router builds its list.
 */
interface Stage {
  /**
   * Does this stage's work on {@code call}. Returns false when it has started something that
   * resumes the call later ({@link Call#proceed()} or {@link Call#fail}), as a stream's dispatch
   * does; true to go on at once. A thrown exception ends the call.
   */
  boolean run(Call call);

  /**
   * Called once when the call ends, for every stage in the list, last first, whether it ran or
   * not, with the error that ended the call or null when it was answered: where a stage frees
   * what it took or settles what the failure cost.
   */
  default void end(Call call, RuntimeException error) {}

  /**
   * A stage that leads to an answer (a cache lookup, the budget's hold, dispatch): the call skips
   * it once it has one, as after a cache hit.
   */
  interface LeadingToAnswer extends Stage {}
}
