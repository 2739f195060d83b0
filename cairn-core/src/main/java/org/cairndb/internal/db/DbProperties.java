package org.cairndb.internal.db;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.cache.SharedMemory;
import org.cairndb.internal.version.Version;

/** Renders the text of {@code Cairn.property}. Stateless. */
final class DbProperties {
  private static final String AT_LEVEL = "cairn.num-files-at-level";

  private DbProperties() {}

  static String stats(DbStats s, Version v, BlockCache cache, int snapshots) {
    long live = 0;
    for (int level = 0; level < v.numLevels(); level++) {
      live += v.levelBytes(level);
    }
    StringBuilder sb = new StringBuilder();
    line(sb, "user.bytes.written", s.userBytesWritten.get());
    line(sb, "wal.bytes.written", s.walBytesWritten.get());
    line(sb, "wal.syncs", s.walSyncs.get());
    line(sb, "write.groups", s.writeGroups.get());
    line(sb, "writes.batched.into.groups", s.writesBatched.get());
    line(sb, "flush.count", s.flushCount.get());
    line(sb, "flush.bytes.written", s.flushBytesWritten.get());
    line(sb, "compaction.count", s.compactionCount.get());
    line(sb, "compaction.trivial.moves", s.trivialMoves.get());
    line(sb, "compaction.bytes.read", s.compactionBytesRead.get());
    line(sb, "compaction.bytes.written", s.compactionBytesWritten.get());
    line(sb, "compaction.millis", s.compactionNanos.get() / 1_000_000);
    line(sb, "sst.bytes.live", live);
    sb.append(String.format(Locale.ROOT, "write.amplification %.2f%n", s.writeAmplification()));
    line(sb, "stall.count", s.stallCount.get());
    line(sb, "stall.millis", s.stallNanos.get() / 1_000_000);
    line(sb, "stall.pending.compaction.count", s.pendingStallCount.get());
    line(sb, "slowdown.count", s.slowdownCount.get());
    line(sb, "slowdown.millis", s.slowdownNanos.get() / 1_000_000);
    line(sb, "gets", s.gets.sum());
    ReadStats r = s.reads;
    line(sb, "gets.served.memtable", r.servedByMemtable.sum());
    for (int level = 0; level < r.servedByLevel.length; level++) {
      line(sb, "gets.served.L" + level, r.servedByLevel[level].sum());
    }
    line(sb, "bloom.useful", r.bloomUseful.sum());
    line(sb, "bloom.positive", r.bloomPositive.sum());
    line(sb, "bloom.true.positive", r.bloomTruePositive.sum());
    line(sb, "bloom.false.positive", r.bloomFalsePositive());
    line(sb, "cursors.opened", s.cursorsOpened.get());
    line(sb, "files.deleted", s.filesDeleted.get());
    line(sb, "snapshots.open", snapshots);
    if (cache != null) {
      line(sb, "block.cache.hits", cache.hits());
      line(sb, "block.cache.misses", cache.misses());
      line(sb, "block.cache.bytes", cache.usedBytes());
      line(sb, "block.cache.capacity", cache.capacity());
    }
    return sb.toString();
  }

  /** {@code cairn.memory}: what the database holds in memory, part by part, in bytes. */
  static String memory(
      long budget, long memtableLimit, long active, long immutable, BlockCache cache) {
    long blocks = cache == null ? 0 : cache.usedBytes();
    long tables = cache == null ? 0 : cache.reservedBytes();
    StringBuilder sb = new StringBuilder();
    line(sb, "memory.budget", budget);
    line(sb, "memtable.limit", memtableLimit);
    line(sb, "memtable.active", active);
    line(sb, "memtable.immutable", immutable);
    line(sb, "block.cache.blocks", blocks);
    line(sb, "table.index.filter", tables);
    line(sb, "block.cache.capacity", cache == null ? 0 : cache.capacity());
    line(sb, "total", active + immutable + blocks + tables);
    return sb.toString();
  }

  /**
   * {@code cairn.memory} of a database sharing a {@code MemoryBudget}: this database's memtables,
   * then the budget's totals over every database that shares it.
   */
  static String sharedMemory(SharedMemory m, long memtableLimit, long active, long immutable) {
    long blocks = m.blockBytes();
    long memtables = m.memtableBytes();
    long tables = m.reservedBytes() - memtables;
    StringBuilder sb = new StringBuilder();
    line(sb, "memory.budget", m.capacity());
    line(sb, "memtable.limit", memtableLimit);
    line(sb, "memtable.active", active);
    line(sb, "memtable.immutable", immutable);
    line(sb, "shared.memtables", memtables);
    line(sb, "shared.memtable.limit", m.memtableLimit());
    line(sb, "block.cache.blocks", blocks);
    line(sb, "table.index.filter", tables);
    line(sb, "block.cache.capacity", m.capacity());
    line(sb, "total", memtables + blocks + tables);
    return sb.toString();
  }

  /**
   * {@code cairn.live-files}: the numbers of every table that the current tree or a tree pinned by
   * an open cursor refers to, ascending, one per line. Any other table file is obsolete.
   */
  static String fileList(Set<Long> numbers) {
    StringBuilder sb = new StringBuilder();
    for (long n : new TreeSet<>(numbers)) {
      sb.append(n).append('\n');
    }
    return sb.toString();
  }

  static String levels(Version v, CompactionPicker picker) {
    StringBuilder sb = new StringBuilder();
    sb.append("level files bytes score\n");
    for (int level = 0; level < v.numLevels(); level++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "L%d %d %d %.2f%n",
              level,
              v.files(level).size(),
              v.levelBytes(level),
              picker.score(v, level)));
    }
    return sb.toString();
  }

  /** {@code cairn.num-files-at-level<N>}; null for any other (unknown) name. */
  static String numFilesAtLevel(String name, Version v) {
    if (!name.startsWith(AT_LEVEL)) {
      return null;
    }
    String digits = name.substring(AT_LEVEL.length());
    if (digits.length() != 1 || !Character.isDigit(digits.charAt(0))) {
      return null;
    }
    int level = digits.charAt(0) - '0';
    if (level >= v.numLevels()) {
      return null;
    }
    return Integer.toString(v.files(level).size());
  }

  private static void line(StringBuilder sb, String key, long value) {
    sb.append(key).append(' ').append(value).append('\n');
  }
}
