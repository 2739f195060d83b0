package org.cairndb.internal.db;

import java.util.concurrent.atomic.LongAdder;
import org.cairndb.internal.version.VersionEdit;

/**
 * Counters of the point-read path: where reads were served and what the Bloom filters saved. Bumped
 * by many reader threads at once, hence LongAdders. Thread-safe.
 */
final class ReadStats {
  /** Reads answered by a memtable (a value or a tombstone). */
  final LongAdder servedByMemtable = new LongAdder();

  /** Reads answered by a table of each level (a value or a tombstone). */
  final LongAdder[] servedByLevel = new LongAdder[VersionEdit.NUM_LEVELS];

  /** Table probes the filter answered "absent": the data block read it saved. */
  final LongAdder bloomUseful = new LongAdder();

  /** Table probes the filter answered "maybe present". */
  final LongAdder bloomPositive = new LongAdder();

  /** Of those, probes where the table did hold the key. */
  final LongAdder bloomTruePositive = new LongAdder();

  ReadStats() {
    for (int i = 0; i < servedByLevel.length; i++) {
      servedByLevel[i] = new LongAdder();
    }
  }

  /** Filter said "maybe" but the table held no entry: a block read the filter did not save. */
  long bloomFalsePositive() {
    return bloomPositive.sum() - bloomTruePositive.sum();
  }
}
