package org.cairndb.internal.db;

import java.util.function.Predicate;
import org.cairndb.CompactionStyle;
import org.cairndb.Options;
import org.cairndb.internal.version.Version;

/**
 * Chooses automatic compactions for one {@link CompactionStyle}. Implementations hold mutable state
 * (round-robin cursors) and require the engine's mutex.
 */
interface CompactionPicker {
  /** The picker for the style {@code options} ask for. */
  static CompactionPicker create(Options options) {
    return options.compactionStyle() == CompactionStyle.TIERED
        ? new TieredPicker(options)
        : new LeveledPicker(options);
  }

  /**
   * The most urgent compaction for which {@code busy} is false (it would conflict with one already
   * running), or null when nothing needs compaction or everything needed is busy.
   */
  Compaction pick(Version v, Predicate<Compaction> busy);

  /** True when some compaction is due (running ones not considered). */
  boolean needsCompaction(Version v);

  /** Urgency of compacting {@code level}, for {@code cairn.levels}: 1 or more means due. */
  double score(Version v, int level);

  /**
   * An estimate of the bytes compaction must still rewrite to bring the tree back within its
   * targets; writes slow down and then stop as it grows (see {@code Options}).
   */
  long pendingBytes(Version v);
}
