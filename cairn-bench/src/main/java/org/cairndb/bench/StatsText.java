package org.cairndb.bench;

import java.util.Locale;

/**
 * Reads counters out of Cairn's {@code cairn.stats} property text (lines of {@code name value}).
 * Stateless.
 */
final class StatsText {
  private StatsText() {}

  /** The value of the line {@code name}, or -1 when there is no such line or it is not a number. */
  static long counter(String stats, String name) {
    for (String line : stats.split("\n", -1)) {
      String l = line.strip();
      if (l.startsWith(name + " ")) {
        try {
          return Long.parseLong(l.substring(name.length() + 1).strip());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * Cairn's write amplification recomputed from its raw counters, for more digits than the rounded
   * {@code write.amplification} line: (WAL bytes + flush bytes + compaction bytes) / user bytes,
   * where user bytes are the write batches' payload (the batch header excluded) and WAL bytes the
   * batches as logged (header included, record framing excluded). NaN before any write.
   */
  static double writeAmplification(String stats) {
    long user = counter(stats, "user.bytes.written");
    long wal = counter(stats, "wal.bytes.written");
    long flush = counter(stats, "flush.bytes.written");
    long compaction = counter(stats, "compaction.bytes.written");
    if (user <= 0 || wal < 0 || flush < 0 || compaction < 0) {
      return Double.NaN;
    }
    return (wal + flush + compaction) / (double) user;
  }

  static String format(double x) {
    return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.2f", x);
  }
}
