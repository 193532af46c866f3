package dev.switchboard.router.classify;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Classifier} decided: a category, how sure it is (0 to 1), and the signals that
 * led there. {@code hinted} is true when the application's hint decided, not the classifier.
 */
public record Classification(TaskCategory category, double confidence, List<Signal> signals, boolean hinted) {
  public Classification {
    Objects.requireNonNull(category, "category");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be within [0, 1]: " + confidence);
    }
    signals = List.copyOf(signals);
  }

  /** The application named the category itself. */
  public static Classification hinted(TaskCategory category) {
    return new Classification(category, 1.0, List.of(), true);
  }

  @Override
  public String toString() {
    return category + " (" + (hinted ? "hint" : String.format(java.util.Locale.ROOT, "%.2f", confidence)) + ")";
  }
}
