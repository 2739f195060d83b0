package org.cairndb.bench;

/**
 * One row of the results: one workload on one engine.
 *
 * @param found entries found by a read workload (gets that returned a value, entries scanned, seeks
 *     that landed on their target); -1 for writes
 * @param expectedFound what {@code found} had to be for the reads to be correct; -1 when the state
 *     of the key space does not say
 * @param diskBytes bytes of the database directory after a writing workload; -1 otherwise
 * @param gcMillis time the JVM's collectors reported during the workload (all threads)
 * @param loadAverage the system's 1-minute load average when the workload ended (-1 if unknown): on
 *     a shared machine, a load above the benchmark's own threads means other work competed
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
    long gcMillis,
    double loadAverage,
    String note,
    String error,
    boolean unsupported) {

  static Result unsupported(String benchmark, String engine, String why) {
    return new Result(
        benchmark, engine, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, -1, 0, -1, why, null, true);
  }

  static Result failed(String benchmark, String engine, String error) {
    return new Result(
        benchmark, engine, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, -1, 0, -1, "", error, false);
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
