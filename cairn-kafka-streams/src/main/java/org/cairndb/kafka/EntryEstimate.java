package org.cairndb.kafka;

import java.util.Map;
import org.cairndb.Cairn;
import org.cairndb.Cursor;

/**
 * Estimates the number of live entries of a Cairn database for {@code approximateNumEntries}.
 * Stateless.
 *
 * <p>The engine keeps no entry count, so the estimate reads the first {@link #SAMPLE} entries: a
 * store that small is counted exactly; a larger one is estimated as the bytes the engine holds
 * (live tables plus memtables) divided by the sampled bytes per entry. Overwritten and deleted
 * entries not yet compacted away, and compression, make the estimate drift from the truth in either
 * direction, as Kafka allows for this method.
 */
final class EntryEstimate {
  /** Entries read to size an average entry; also the largest store counted exactly. */
  static final int SAMPLE = 1000;

  /** Per-entry bytes the engine stores besides key and value (sequence, kind, lengths). */
  private static final int ENTRY_OVERHEAD = 12;

  private EntryEstimate() {}

  static long of(Cairn db) {
    long sampled = 0;
    long sampledBytes = 0;
    try (Cursor c = db.cursor()) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        if (sampled == SAMPLE) {
          return scaled(db, sampled, sampledBytes);
        }
        sampled++;
        sampledBytes += c.key().length + c.value().length + ENTRY_OVERHEAD;
      }
    }
    return sampled;
  }

  private static long scaled(Cairn db, long sampled, long sampledBytes) {
    Map<String, Double> stats = StatsText.parse(db.property("cairn.stats"));
    Map<String, Double> memory = StatsText.parse(db.property("cairn.memory"));
    double held =
        stats.getOrDefault("sst.bytes.live", 0.0)
            + memory.getOrDefault("memtable.active", 0.0)
            + memory.getOrDefault("memtable.immutable", 0.0);
    double perEntry = (double) sampledBytes / sampled;
    double estimate = held / perEntry;
    if (estimate >= Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(sampled, Math.round(estimate));
  }
}
