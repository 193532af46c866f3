package dev.switchboard.router;

import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.Signal;
import dev.switchboard.router.classify.TaskCategory;
import java.util.List;
import java.util.Objects;

/**
 * Where a request would go and why, decided without calling any backend: the category (with the
 * classifier's confidence and signals), the tier, the candidates in the order they would be
 * tried, and the reasons behind each choice in plain words.
 */
public record RoutingDecision(Classification classification, String tier, List<Candidate> candidates,
    List<String> reasons) {
  public RoutingDecision {
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(tier, "tier");
    candidates = List.copyOf(candidates);
    reasons = List.copyOf(reasons);
  }

  public TaskCategory category() {
    return classification.category();
  }

  public double confidence() {
    return classification.confidence();
  }

  public List<Signal> signals() {
    return classification.signals();
  }

  /** The reasons joined into one line. */
  public String why() {
    return String.join("; ", reasons);
  }

  @Override
  public String toString() {
    return "RoutingDecision{" + classification + " -> " + tier + ", candidates=" + candidates + ", why=" + why() + "}";
  }
}
