package org.cairndb.ycsb;

/**
 * The outcome of load + run of one workload at one thread count on one engine: both phases'
 * results, or the failure that stopped them (then the results may be null). Immutable.
 */
record Cell(
    String workload,
    int threads,
    Engine engine,
    PhaseResult load,
    PhaseResult run,
    String failure) {

  /** Operations that did not succeed in either phase; -1 if a phase did not complete. */
  long errors() {
    if (failure != null || load == null || run == null) {
      return -1;
    }
    return load.errors() + run.errors();
  }
}
