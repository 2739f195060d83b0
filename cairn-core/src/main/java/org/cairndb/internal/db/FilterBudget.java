package org.cairndb.internal.db;

import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;

/**
 * Bloom filter bits per key for a new table, by where it goes in the tree (the Monkey result:
 * Dayan, Athanassoulis and Idreos, SIGMOD 2017). A point read probes one run per level (and every
 * level 0 file), and the false positives it meets add up over those runs. For a fixed total of
 * filter memory, that sum is smallest when each run's false-positive rate is proportional to its
 * share of the keys: so a run holding a fraction {@code f} of the data gets {@code p(f) = p * e^H *
 * f}, where {@code p} is the rate of the uniform setting and {@code H = -sum(f_i ln f_i)} over the
 * runs, i.e. {@code bits(f) = uniform - (H + ln f) / ln(2)^2}. The largest level ends up with
 * slightly fewer bits per key than the uniform setting, the small levels with many more. Stateless.
 */
final class FilterBudget {
  private static final double LN2_SQUARED = Math.log(2) * Math.log(2);

  private FilterBudget() {}

  /**
   * Bits per key for tables written to {@code outputLevel} of a tree shaped like {@code v}, given
   * the uniform setting {@code uniformBits}; within [1, 2 * uniformBits] and the format's limit of
   * 64. {@code incomingBytes} is what the job moves into the output level: a flushed memtable
   * ({@code flush}, new to the tree) or the compaction's inputs from levels above the output level.
   */
  static int bitsPerKey(
      Version v, int outputLevel, long incomingBytes, boolean flush, int uniformBits) {
    if (uniformBits <= 0) {
      return 0;
    }
    long total = flush ? Math.max(1, incomingBytes) : 1;
    for (int level = 0; level < v.numLevels(); level++) {
      total += v.levelBytes(level);
    }
    // Entropy of the runs' shares: each level 0 file is a run of its own, each deeper level one.
    double entropy = flush ? term(incomingBytes, total) : 0;
    for (FileMetadata f : v.files(0)) {
      entropy += term(f.size(), total);
    }
    for (int level = 1; level < v.numLevels(); level++) {
      entropy += term(v.levelBytes(level), total);
    }
    long runBytes = outputLevel == 0 ? incomingBytes : v.levelBytes(outputLevel) + incomingBytes;
    double share = Math.max(runBytes, 1) / (double) total;
    double bits = uniformBits - (entropy + Math.log(share)) / LN2_SQUARED;
    long rounded = Math.round(bits);
    return (int) Math.max(1, Math.min(Math.min(64, 2L * uniformBits), rounded));
  }

  private static double term(long bytes, long total) {
    if (bytes <= 0) {
      return 0;
    }
    double f = bytes / (double) total;
    return -f * Math.log(f);
  }
}
