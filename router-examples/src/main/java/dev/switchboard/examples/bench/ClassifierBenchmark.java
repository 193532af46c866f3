package dev.switchboard.examples.bench;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.RuleBasedClassifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The default classifier on one request: what every routed call pays before any backend is
 * asked. Sample mode, so the report has p50/p99/p99.9 per prompt. {@code unsure-2k} is the prompt
 * the rules leave unsure, so the learned component scores it and names its n-grams; {@code overrule-2k}
 * leans capable on one word, which the learned component reads and overrules; {@code closing-2k} ends
 * with a short paragraph the learned component reads alone as well (two readings).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClassifierBenchmark {
  @Param({"short", "summary-2k", "code-2k", "unsure-2k", "overrule-2k", "closing-2k", "document-100k"})
  public String prompt;

  /** "on": the default classifier; "off": the rules alone, for comparison. */
  @Param({"on", "off"})
  public String model;

  private RuleBasedClassifier classifier;
  private ChatRequest request;

  @Setup
  public void setUp() {
    classifier = model.equals("on") ? RuleBasedClassifier.withDefaults()
        : RuleBasedClassifier.builder().withoutModel().build();
    request = Prompts.byName(prompt);
  }

  @Benchmark
  public Classification classify() {
    return classifier.classify(request);
  }
}
