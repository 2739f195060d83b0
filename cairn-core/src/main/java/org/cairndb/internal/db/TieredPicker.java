package org.cairndb.internal.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.cairndb.Options;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;

/**
 * Tiered compaction (the idea of RocksDB's universal style): the tree is a list of sorted runs,
 * newest first: each level 0 file is a run, and each non-empty deeper level is one run. Runs of
 * similar size are merged, so each byte is rewritten about log(size) times instead of once per
 * level; the price is more runs for reads to probe and more space between full merges.
 *
 * <p>Nothing happens until there are {@code l0CompactionTrigger} runs. Then, in order:
 *
 * <ol>
 *   <li>Space: when the runs other than the oldest hold more than {@link #MAX_SPACE_AMP_PERCENT}
 *       percent of the oldest's bytes, all runs are merged into the last level (this bounds space
 *       amplification near {@code 1 + MAX_SPACE_AMP_PERCENT / 100} in the worst case).
 *   <li>Size ratio: starting from the newest run, the following runs are gathered while each is no
 *       bigger than the gathered bytes plus {@link #SIZE_RATIO_PERCENT} percent; two or more
 *       gathered runs are merged.
 *   <li>Count: otherwise the newest runs are merged so that the count drops below the trigger.
 * </ol>
 *
 * <p>A merge takes runs that are adjacent in age and writes its output where the oldest of them
 * lived, or just above the next older run, so the runs stay ordered by age from level 0 down.
 * Requires the engine's mutex.
 */
final class TieredPicker implements CompactionPicker {
  static final int MAX_SPACE_AMP_PERCENT = 200;
  static final int SIZE_RATIO_PERCENT = 1;
  private static final int LAST = VersionEdit.NUM_LEVELS - 1;

  private final Options options;

  TieredPicker(Options options) {
    this.options = options;
  }

  /** One sorted run: a level 0 file, or a whole deeper level. */
  private record Run(int level, List<FileMetadata> files, long bytes) {}

  private static List<Run> runs(Version v) {
    List<Run> runs = new ArrayList<>();
    for (FileMetadata f : v.files(0)) {
      runs.add(new Run(0, List.of(f), f.size()));
    }
    for (int level = 1; level < v.numLevels(); level++) {
      if (!v.files(level).isEmpty()) {
        runs.add(new Run(level, v.files(level), v.levelBytes(level)));
      }
    }
    return runs;
  }

  @Override
  public boolean needsCompaction(Version v) {
    return runs(v).size() >= options.l0CompactionTrigger();
  }

  @Override
  public double score(Version v, int level) {
    return level == 0 ? runs(v).size() / (double) options.l0CompactionTrigger() : 0;
  }

  @Override
  public long pendingBytes(Version v) {
    List<Run> runs = runs(v);
    if (runs.size() < options.l0CompactionTrigger()) {
      return 0;
    }
    long total = 0;
    for (Run r : runs) {
      total += r.bytes();
    }
    return total - runs.get(runs.size() - 1).bytes();
  }

  @Override
  public Compaction pick(Version v, Predicate<Compaction> busy) {
    List<Run> runs = runs(v);
    int n = runs.size();
    if (n < options.l0CompactionTrigger() || n < 2) {
      return null;
    }
    long newer = 0;
    for (int i = 0; i < n - 1; i++) {
      newer += runs.get(i).bytes();
    }
    long oldest = runs.get(n - 1).bytes();
    if (newer * 100 > MAX_SPACE_AMP_PERCENT * oldest) {
      return candidate(runs, n, busy);
    }
    int width = 1;
    long gathered = runs.get(0).bytes();
    while (width < n && runs.get(width).bytes() * 100 <= gathered * (100 + SIZE_RATIO_PERCENT)) {
      gathered += runs.get(width).bytes();
      width++;
    }
    if (width >= 2) {
      return candidate(runs, width, busy);
    }
    return candidate(runs, Math.max(2, n - options.l0CompactionTrigger() + 2), busy);
  }

  /**
   * A merge of the {@code width} newest runs, or null when it would conflict with a running one.
   */
  private static Compaction candidate(List<Run> runs, int width, Predicate<Compaction> busy) {
    int outputLevel;
    if (width == runs.size()) {
      outputLevel = LAST;
    } else {
      Run nextOlder = runs.get(width);
      outputLevel = nextOlder.level() == 0 ? 0 : nextOlder.level() - 1;
    }
    List<FileMetadata> level0 = new ArrayList<>();
    Map<Integer, List<FileMetadata>> middle = new LinkedHashMap<>();
    List<FileMetadata> atOutput = List.of();
    for (int i = 0; i < width; i++) {
      Run r = runs.get(i);
      if (r.level() == 0) {
        level0.add(r.files().get(0));
      } else if (r.level() == outputLevel) {
        atOutput = r.files();
      } else {
        middle.put(r.level(), r.files());
      }
    }
    Compaction c;
    if (!level0.isEmpty()) {
      c = new Compaction(0, List.copyOf(level0), outputLevel, atOutput, Map.copyOf(middle));
    } else {
      // No level 0 input: the newest input level leads.
      int first = middle.isEmpty() ? outputLevel : middle.keySet().iterator().next();
      List<FileMetadata> lead = first == outputLevel ? atOutput : middle.remove(first);
      List<FileMetadata> rest = first == outputLevel ? List.of() : atOutput;
      c = new Compaction(first, lead, outputLevel, rest, Map.copyOf(middle));
    }
    return busy.test(c) ? null : c;
  }
}
