package org.cairndb.bench;

import java.util.List;

/**
 * One row of the results: one workload on one engine.
 *
 * @param found entries found by a read workload (gets that returned a value, entries scanned, seeks
 *     that landed on their target); -1 for writes
 * @param expectedFound what {@code found} had to be for the reads to be correct; -1 when the state
 *     of the key space does not say
 * @param diskBytes bytes of the database directory after a writing workload; -1 otherwise
 * @param writeAmplification the engine's write amplification since the database was opened, when
 *     the workload returned (see {@link Engine#writeAmplification}); NaN for reads and for engines
 *     that do not report it
 * @param peakRssBytes the process's resident-set high-water mark (VmHWM) when the workload ended;
 *     -1 where /proc does not tell
 * @param heapBytes heap in use after a full collection that followed a fill workload; -1 otherwise
 * @param gcMillis time the JVM's collectors reported during the workload (all threads)
 * @param loadAverage the system's 1-minute load average when the workload ended (-1 if unknown): on
 *     a shared machine, a load above the benchmark's own threads means other work competed
 * @param latencyCdf latency at the percentiles of {@link LatencyPoint#PERCENTILES}; empty for
 *     failed and unsupported rows
 * @param error null when the workload ran and its reads were correct
 */
record Result(
    String benchmark,
    String engine,
    int threads,
    long ops,
    long elapsedNanos,
    long bytes,
    long found,
    long expectedFound,
    long p50Nanos,
    long p99Nanos,
    long p999Nanos,
    long maxNanos,
    double meanNanos,
    long diskBytes,
    double writeAmplification,
    long peakRssBytes,
    long heapBytes,
    long gcMillis,
    double loadAverage,
    List<LatencyPoint> latencyCdf,
    String note,
    String error,
    boolean unsupported) {

  Result {
    latencyCdf = List.copyOf(latencyCdf);
  }

  static Result unsupported(String benchmark, String engine, String why) {
    return empty(benchmark, engine, why, null, true);
  }

  static Result failed(String benchmark, String engine, String error) {
    return empty(benchmark, engine, "", error, false);
  }

  /** A row with no measurement: every count 0, every figure absent (-1 or NaN). */
  private static Result empty(
      String benchmark, String engine, String note, String error, boolean unsupported) {
    return new Result(
        benchmark,
        engine,
        0,
        0,
        0,
        0,
        -1,
        -1,
        0,
        0,
        0,
        0,
        0,
        -1,
        Double.NaN,
        -1,
        -1,
        0,
        -1,
        List.of(),
        note,
        error,
        unsupported);
  }

  boolean ok() {
    return error == null && !unsupported;
  }

  double opsPerSec() {
    return elapsedNanos <= 0 ? 0 : ops * 1e9 / elapsedNanos;
  }

  /** MB/s with MB = 2^20 bytes, as db_bench. */
  double mbPerSec() {
    return elapsedNanos <= 0 ? 0 : bytes / 1048576.0 / (elapsedNanos / 1e9);
  }
}
