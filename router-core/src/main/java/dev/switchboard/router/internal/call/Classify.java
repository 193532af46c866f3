package dev.switchboard.router.internal.call;

import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.Classifier;
import dev.switchboard.router.classify.Signal;
import dev.switchboard.router.classify.TaskCategory;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/** The request's category: the application's hint when it gives one, else the classifier's. */
final class Classify implements Stage {
  private static final System.Logger LOG = System.getLogger(Classify.class.getName());

  private final Classifier classifier;

  Classify(Classifier classifier) {
    this.classifier = classifier;
  }

  @Override
  public boolean run(Call call) {
    call.classified(of(classifier, call.request()));
    return true;
  }

  /** What {@code classifier} makes of {@code request}; a classifier that fails routes it as general. */
  static Classification of(Classifier classifier, dev.switchboard.router.chat.ChatRequest request) {
    return request.routing().categoryHint().map(Classification::hinted).orElseGet(() -> {
      try {
        return Objects.requireNonNull(classifier.classify(request), "the classifier returned null");
      } catch (RuntimeException e) {
        // A broken classifier must not lose the request: route conservatively and say so.
        LOG.log(Level.WARNING, "classifier " + classifier.getClass().getName() + " failed; routing as general", e);
        return new Classification(TaskCategory.GENERAL, 0, List.of(new Signal("classifier-error", TaskCategory.GENERAL,
            0, e.getClass().getSimpleName())), false);
      }
    });
  }
}
