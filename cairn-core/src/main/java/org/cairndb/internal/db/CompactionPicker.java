package org.cairndb.internal.db;

import java.util.List;
import org.cairndb.Options;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;

/**
 * Chooses the next automatic compaction, leveled style: level 0 by file count, deeper levels by
 * size against a target that grows by the level multiplier. The level with the highest score at or
 * above 1 wins; within a level, files are taken round-robin from a per-level cursor so every key
 * range gets its turn. Requires the engine's mutex (the cursors are mutable state).
 */
final class CompactionPicker {
  private final Options options;
  private final byte[][] cursors = new byte[VersionEdit.NUM_LEVELS][];

  CompactionPicker(Options options) {
    this.options = options;
  }

  /** Score of a level: above 1 means it needs compaction. */
  double score(Version v, int level) {
    if (level == 0) {
      return v.files(0).size() / (double) options.l0CompactionTrigger();
    }
    return v.levelBytes(level) / (double) targetBytes(level);
  }

  long targetBytes(int level) {
    long t = options.baseLevelBytes();
    for (int i = 1; i < level; i++) {
      t =
          t > Long.MAX_VALUE / options.levelMultiplier()
              ? Long.MAX_VALUE
              : t * options.levelMultiplier();
    }
    return t;
  }

  /** True when some level is at or over its target (without moving the round-robin cursors). */
  boolean needsCompaction(Version v) {
    for (int level = 0; level < VersionEdit.NUM_LEVELS - 1; level++) {
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
    for (int level = 0; level < VersionEdit.NUM_LEVELS - 1; level++) {
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
      return Compaction.of(v, 0, v.files(0), 1);
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
    return Compaction.of(v, bestLevel, List.of(chosen), bestLevel + 1);
  }
}
