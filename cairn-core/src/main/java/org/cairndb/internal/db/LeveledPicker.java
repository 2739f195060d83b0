package org.cairndb.internal.db;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.cairndb.Options;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;

/**
 * Chooses the next automatic compaction, leveled style with level targets derived from the data
 * (the idea of RocksDB's dynamic level bytes).
 *
 * <p>Level sizes are anchored at the last level: its target is its actual size (at least {@code
 * baseLevelBytes}), and each level above targets the one below divided by the multiplier. The
 * <em>base level</em>, where level 0 compacts to, is the deepest level whose target is at most
 * {@code baseLevelBytes}; levels between 0 and the base level stay empty. So a small database flows
 * from level 0 straight to the last level, and as the data grows the base level moves up. Because
 * about 90% of the data then sits in the last level, space amplification stays near 1.1 whatever
 * the size.
 *
 * <p>Scores: level 0 by file count against {@code l0CompactionTrigger}; deeper levels by size
 * against their target; a non-empty level above the base level scores high so it drains. The
 * highest score at or above 1 wins; within a level files are taken round-robin from a per-level
 * cursor so every key range gets its turn. A file whose compaction would conflict with a running
 * one is passed over for the next, so compactions of disjoint ranges run side by side.
 *
 * <p>Requires the engine's mutex (the cursors are mutable state).
 */
final class LeveledPicker implements CompactionPicker {
  private static final int LAST = VersionEdit.NUM_LEVELS - 1;
  private static final double DRAIN_SCORE = 100.0;

  private final Options options;
  private final byte[][] cursors = new byte[VersionEdit.NUM_LEVELS][];

  LeveledPicker(Options options) {
    this.options = options;
  }

  /** The target size of every level for version {@code v} (index 0 unused). */
  long[] targets(Version v) {
    long[] t = new long[VersionEdit.NUM_LEVELS];
    t[LAST] = Math.max(v.levelBytes(LAST), options.baseLevelBytes());
    for (int level = LAST - 1; level >= 1; level--) {
      t[level] = t[level + 1] / options.levelMultiplier();
    }
    return t;
  }

  /** The level that level 0 compacts into. */
  int baseLevel(Version v) {
    long[] t = targets(v);
    int base = LAST;
    while (base > 1 && t[base] > options.baseLevelBytes()) {
      base--;
    }
    return base;
  }

  /**
   * Where files of {@code level} compact to: the next level down, skipping empty levels above the
   * base level. It never skips a non-empty level, which would put newer data below older data.
   */
  int outputLevel(Version v, int level) {
    int base = baseLevel(v);
    int out = level + 1;
    while (out < base && v.files(out).isEmpty()) {
      out++;
    }
    return out;
  }

  @Override
  public double score(Version v, int level) {
    if (level == 0) {
      return v.files(0).size() / (double) options.l0CompactionTrigger();
    }
    if (level == LAST) {
      return 0;
    }
    int base = baseLevel(v);
    if (level < base) {
      return v.files(level).isEmpty() ? 0 : DRAIN_SCORE;
    }
    return v.levelBytes(level) / (double) Math.max(1, targets(v)[level]);
  }

  @Override
  public boolean needsCompaction(Version v) {
    for (int level = 0; level < LAST; level++) {
      if (score(v, level) >= 1.0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Compaction pick(Version v, Predicate<Compaction> busy) {
    List<Integer> due = new ArrayList<>();
    double[] scores = new double[LAST];
    for (int level = 0; level < LAST; level++) {
      scores[level] = score(v, level);
      if (scores[level] >= 1.0) {
        due.add(level);
      }
    }
    due.sort(Comparator.comparingDouble((Integer l) -> scores[l]).reversed());
    for (int level : due) {
      Compaction c = level == 0 ? pickLevel0(v, busy) : pickFile(v, level, busy);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private Compaction pickLevel0(Version v, Predicate<Compaction> busy) {
    // All of L0: compacting only part of it could move newer data below older overlapping data.
    Compaction c = Compaction.of(v, 0, v.files(0), outputLevel(v, 0));
    return busy.test(c) ? null : c;
  }

  /** The next file of {@code level} after the round-robin cursor whose compaction is not busy. */
  private Compaction pickFile(Version v, int level, Predicate<Compaction> busy) {
    List<FileMetadata> files = v.files(level);
    int start = 0;
    byte[] cursor = cursors[level];
    if (cursor != null) {
      while (start < files.size() && InternalKey.compare(files.get(start).largest(), cursor) <= 0) {
        start++;
      }
    }
    int out = outputLevel(v, level);
    for (int k = 0; k < files.size(); k++) {
      FileMetadata f = files.get((start + k) % files.size());
      Compaction c = Compaction.of(v, level, List.of(f), out);
      if (!busy.test(c)) {
        cursors[level] = f.largest();
        return c;
      }
    }
    return null;
  }

  @Override
  public long pendingBytes(Version v) {
    long[] t = targets(v);
    int base = baseLevel(v);
    long pending = 0;
    // Bytes that must move out of a level land in the next one and may push it over in turn.
    long carry = 0;
    boolean level0Due = v.files(0).size() >= options.l0CompactionTrigger();
    if (level0Due) {
      carry = v.levelBytes(0);
      pending += carry;
    }
    for (int level = 1; level < base; level++) {
      // Levels above the base level drain completely.
      carry += v.levelBytes(level);
      pending += v.levelBytes(level);
    }
    for (int level = base; level < LAST; level++) {
      long size = v.levelBytes(level);
      if (level == base && level0Due) {
        pending += size;
      }
      size += carry;
      carry = 0;
      if (size > t[level]) {
        carry = size - t[level];
        double fanout = v.levelBytes(level + 1) / (double) Math.max(1, size);
        // Each byte moved down rewrites about "fanout" bytes of the next level with it.
        pending += (long) (carry * (fanout + 1));
      }
    }
    return pending;
  }
}
