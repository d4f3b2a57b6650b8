package dev.toeless.bench.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run the micro-benchmarks make, in one place: state per thread, three warm-up and five
 * measured iterations of one second each, one fork. A benchmark extends it and names its own mode
 * and time unit; JMH reads these annotations from the superclass, and an annotation on the
 * benchmark itself (a {@code @Fork} with JVM arguments, the TCP benchmarks' longer {@code @Warmup}) takes precedence. The benchmarks over
 * files ({@code CaptureReadBenchmark}, {@code WritebackBenchmark}) make their own, longer runs.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class StandardRun {
}
