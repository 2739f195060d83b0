package org.cairndb.internal.db;

import java.util.List;
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
 * cursor so every key range gets its turn.
 *
 * <p>Requires the engine's mutex (the cursors are mutable state).
 */
final class CompactionPicker {
  private static final int LAST = VersionEdit.NUM_LEVELS - 1;
  private static final double DRAIN_SCORE = 100.0;

  private final Options options;
  private final byte[][] cursors = new byte[VersionEdit.NUM_LEVELS][];

  CompactionPicker(Options options) {
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

  /** Score of a level: 1 or more means it needs compaction. */
  double score(Version v, int level) {
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

  /** True when some level is at or over its target (without moving the round-robin cursors). */
  boolean needsCompaction(Version v) {
    for (int level = 0; level < LAST; level++) {
      if (score(v, level) >= 1.0) {
        return true;
      }
    }
    return false;
  }

  /** The next compaction to run, or null when every level is within its target. */
  Compaction pick(Version v) {
    int bestLevel = -1;
    double bestScore = 1.0;
    for (int level = 0; level < LAST; level++) {
      double s = score(v, level);
      if (s >= bestScore) {
        bestScore = s;
        bestLevel = level;
      }
    }
    if (bestLevel < 0) {
      return null;
    }
    if (bestLevel == 0) {
      // All of L0: compacting only part of it could move newer data below older overlapping data.
      return Compaction.of(v, 0, v.files(0), outputLevel(v, 0));
    }
    List<FileMetadata> files = v.files(bestLevel);
    FileMetadata chosen = files.get(0);
    byte[] cursor = cursors[bestLevel];
    if (cursor != null) {
      for (FileMetadata f : files) {
        if (InternalKey.compare(f.largest(), cursor) > 0) {
          chosen = f;
          break;
        }
      }
    }
    cursors[bestLevel] = chosen.largest();
    return Compaction.of(v, bestLevel, List.of(chosen), outputLevel(v, bestLevel));
  }
}
