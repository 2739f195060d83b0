package org.cairndb.kafka.bench;

import java.util.List;

/**
 * What the benchmark measured for one store engine. Immutable.
 *
 * @param engine the engine's name
 * @param records payments aggregated (each one update of the store and one changelog record)
 * @param keys distinct accounts
 * @param processMs time from the first to the last payment read by the instance
 * @param processPeakRssKib peak resident set size of the processing instance's JVM
 * @param restoredRecords changelog records restored after the state directory was wiped
 * @param restoreMs time from the first partition's restore start to the last one's end
 * @param restorePeakRssKib peak resident set size of the restoring instance's JVM
 */
record EngineResult(
    String engine,
    long records,
    int keys,
    long processMs,
    long processPeakRssKib,
    long restoredRecords,
    long restoreMs,
    long restorePeakRssKib) {

  double recordsPerSecond() {
    return records * 1000.0 / Math.max(1, processMs);
  }

  double restoredPerSecond() {
    return restoredRecords * 1000.0 / Math.max(1, restoreMs);
  }

  /**
   * The best of several rounds of one engine: highest throughput, shortest restore, and the highest
   * peak RSS (memory is bounded by the worst case, not the best).
   */
  static EngineResult best(List<EngineResult> rounds) {
    EngineResult fastest = rounds.get(0);
    EngineResult quickestRestore = rounds.get(0);
    long processRss = 0;
    long restoreRss = 0;
    for (EngineResult r : rounds) {
      if (r.processMs() < fastest.processMs()) {
        fastest = r;
      }
      if (r.restoreMs() < quickestRestore.restoreMs()) {
        quickestRestore = r;
      }
      processRss = Math.max(processRss, r.processPeakRssKib());
      restoreRss = Math.max(restoreRss, r.restorePeakRssKib());
    }
    return new EngineResult(
        fastest.engine(),
        fastest.records(),
        fastest.keys(),
        fastest.processMs(),
        processRss,
        quickestRestore.restoredRecords(),
        quickestRestore.restoreMs(),
        restoreRss);
  }
}
