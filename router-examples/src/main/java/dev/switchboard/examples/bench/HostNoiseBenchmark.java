package dev.switchboard.examples.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The machine's share of a tail. A loop of pure arithmetic (JMH's {@code consumeCPU}: no allocation,
 * no lock, no memory beyond a few registers) sized to the classifier's medians on the recorded machine
 * (about 1.5, 4 and 11 µs). It has no slow path of its own, so whatever its p99 shows above its p50 is
 * the machine's (preemption by other processes, interrupts, the JIT and GC threads of the same JVM),
 * and a {@code ClassifierBenchmark} prompt of the same median, run in the same minutes, is to be read
 * against it (docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HostNoiseBenchmark {
  /** JMH's units of work: about 1.5, 4 and 11 µs on the recorded machine. */
  @Param({"750", "2000", "5500"})
  public long tokens;

  @Benchmark
  public void spin() {
    Blackhole.consumeCPU(tokens);
  }
}
