package org.cairndb.kafka;

import java.util.Map;
import org.cairndb.Cairn;
import org.cairndb.Cursor;

/**
 * Estimates the number of live entries of a Cairn database for {@code approximateNumEntries}.
 * Stateless.
 *
 * <p>The engine keeps no entry count, so the estimate reads the first {@link #SAMPLE} entries: a
 * store that small is counted exactly. For a larger one, the memtables' bytes are divided by the
 * sampled bytes per entry, and the live tables' bytes by the sampled bytes per entry as they land
 * in tables, scaled by the ratio of table bytes flushed to key and value bytes written since the
 * database opened (compression makes tables smaller than the data). Overwritten and deleted entries
 * not yet compacted away, and samples unlike the rest of the data, still make the estimate drift
 * from the truth in either direction, as Kafka allows for this method.
 */
final class EntryEstimate {
  /** Entries read to size an average entry; also the largest store counted exactly. */
  static final int SAMPLE = 1000;

  /** Per-entry bytes a memtable holds besides key and value (sequence, kind, lengths, links). */
  private static final int MEMTABLE_OVERHEAD = 24;

  /** Bounds on the observed table-to-data ratio, so a skewed start cannot swing the estimate. */
  private static final double MIN_RATIO = 0.02;

  private static final double MAX_RATIO = 2.0;

  private EntryEstimate() {}

  static long of(Cairn db) {
    long sampled = 0;
    long sampledBytes = 0;
    try (Cursor c = db.cursor()) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        if (sampled == SAMPLE) {
          return scaled(db, sampled, (double) sampledBytes / sampled);
        }
        sampled++;
        sampledBytes += c.key().length + c.value().length;
      }
    }
    return sampled;
  }

  private static long scaled(Cairn db, long sampled, double dataPerEntry) {
    Map<String, Double> stats = StatsText.parse(db.property("cairn.stats"));
    Map<String, Double> memory = StatsText.parse(db.property("cairn.memory"));
    double memtables =
        memory.getOrDefault("memtable.active", 0.0)
            + memory.getOrDefault("memtable.immutable", 0.0);
    double tables = stats.getOrDefault("sst.bytes.live", 0.0);
    double flushed = stats.getOrDefault("flush.bytes.written", 0.0);
    double written = stats.getOrDefault("user.bytes.written", 0.0);
    double ratio = 1.0;
    if (flushed > 0 && written > flushed * MIN_RATIO) {
      ratio = Math.max(MIN_RATIO, Math.min(MAX_RATIO, flushed / written));
    }
    double perEntry = Math.max(1.0, dataPerEntry);
    double estimate = tables / (perEntry * ratio) + memtables / (perEntry + MEMTABLE_OVERHEAD);
    if (estimate >= Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(sampled, Math.round(estimate));
  }
}
