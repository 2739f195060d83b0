package org.cairndb.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, in this JVM, with no warm-up and one 50 ms measurement on small
 * fixtures, so that a change that breaks a benchmark (or the invariants its setup checks) fails the
 * build. The numbers themselves are not looked at beyond being positive.
 */
final class BenchmarkSmokeTest {
  private static final List<Class<?>> BENCHMARKS =
      List.of(
          MemTableBench.class,
          TableBench.class,
          BloomBench.class,
          WalBench.class,
          GroupCommitBench.class,
          MergingIteratorBench.class,
          KeyCompareBench.class);

  @Test
  void everyBenchmarkRunsOnce() throws RunnerException {
    Options opts =
        new OptionsBuilder()
            .include("org\\.cairndb\\.jmh\\..*Bench\\..*")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .param("entries", "5000")
            .param("inputs", "3", "9")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(opts).run();

    Set<String> expected = new TreeSet<>();
    for (Class<?> c : BENCHMARKS) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          expected.add(c.getName() + "." + m.getName());
        }
      }
    }
    Set<String> ran = new TreeSet<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      ran.add(name);
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), name + " scored " + score);
    }
    assertEquals(expected, ran);
    // MergingIteratorBench's two methods, each at two input counts (linear and heap paths), and
    // WalBench's append both through a mapping and with write(2).
    assertEquals(expected.size() + 3, results.size());
  }
}
