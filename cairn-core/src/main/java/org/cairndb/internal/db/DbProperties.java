package org.cairndb.internal.db;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cairndb.Statistics;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.cache.SharedMemory;
import org.cairndb.internal.version.Version;

/**
 * Renders the text of {@code Cairn.property} and builds {@link Statistics}. Each section's figures
 * are listed once ({@link #stats}, {@link #memory}, {@link #tree}) and written to a {@link Figures}
 * sink: text lines for the properties, a map for the statistics, so the two always agree.
 * Stateless.
 */
final class DbProperties {
  private static final String AT_LEVEL = "cairn.num-files-at-level";

  /** Statistics names of the {@code cairn.memory} parts start with this. */
  private static final String MEMORY_PREFIX = "memory.";

  private DbProperties() {}

  /** {@code cairn.stats}: the engine's counters, one {@code name value} line each. */
  static String stats(DbStats s, Version v, BlockCache cache, int snapshots) {
    Text t = new Text();
    stats(t, s, v, cache, snapshots);
    return t.toString();
  }

  /** {@code cairn.memory}: what the database holds in memory, part by part, in bytes. */
  static String memory(MemoryUse m, BlockCache cache) {
    Text t = new Text();
    memory(t, m, cache);
    return t.toString();
  }

  /**
   * The {@code cairn.stats} figures, the {@code cairn.memory} parts (prefixed {@code memory.}) and
   * the tree's figures, as one {@link Statistics}.
   */
  static Statistics statistics(
      DbStats s,
      Version v,
      BlockCache cache,
      int snapshots,
      MemoryUse m,
      long pendingCompactionBytes,
      long lastSequence) {
    Collector c = new Collector();
    stats(c, s, v, cache, snapshots);
    c.prefix = MEMORY_PREFIX;
    memory(c, m, cache);
    c.prefix = "";
    tree(c, v, pendingCompactionBytes, lastSequence);
    return c.build();
  }

  private static void stats(Figures out, DbStats s, Version v, BlockCache cache, int snapshots) {
    long live = 0;
    for (int level = 0; level < v.numLevels(); level++) {
      live += v.levelBytes(level);
    }
    out.counter(Statistics.USER_BYTES_WRITTEN, s.userBytesWritten.get());
    out.counter(Statistics.WAL_BYTES_WRITTEN, s.walBytesWritten.get());
    out.counter("wal.syncs", s.walSyncs.get());
    out.counter("wal.background.syncs", s.walBackgroundSyncs.get());
    out.counter("write.groups", s.writeGroups.get());
    out.counter("writes.batched.into.groups", s.writesBatched.get());
    out.counter(Statistics.FLUSH_COUNT, s.flushCount.get());
    out.counter(Statistics.FLUSH_BYTES_WRITTEN, s.flushBytesWritten.get());
    out.counter(Statistics.COMPACTION_COUNT, s.compactionCount.get());
    out.counter("compaction.trivial.moves", s.trivialMoves.get());
    out.counter(Statistics.COMPACTION_BYTES_READ, s.compactionBytesRead.get());
    out.counter(Statistics.COMPACTION_BYTES_WRITTEN, s.compactionBytesWritten.get());
    out.counter("compaction.millis", s.compactionNanos.get() / 1_000_000);
    out.gauge(Statistics.SST_BYTES_LIVE, live);
    out.ratio(Statistics.WRITE_AMPLIFICATION, s.writeAmplification());
    out.counter(Statistics.STALL_COUNT, s.stallCount.get());
    out.counter("stall.millis", s.stallNanos.get() / 1_000_000);
    out.counter("stall.pending.compaction.count", s.pendingStallCount.get());
    out.counter("slowdown.count", s.slowdownCount.get());
    out.counter("slowdown.millis", s.slowdownNanos.get() / 1_000_000);
    out.counter(Statistics.GETS, s.gets.sum());
    ReadStats r = s.reads;
    out.counter("gets.served.memtable", r.servedByMemtable.sum());
    for (int level = 0; level < r.servedByLevel.length; level++) {
      out.counter("gets.served.L" + level, r.servedByLevel[level].sum());
    }
    out.counter("bloom.useful", r.bloomUseful.sum());
    out.counter("bloom.positive", r.bloomPositive.sum());
    out.counter("bloom.true.positive", r.bloomTruePositive.sum());
    out.counter("bloom.false.positive", r.bloomFalsePositive());
    out.counter("cursors.opened", s.cursorsOpened.get());
    out.counter("files.deleted", s.filesDeleted.get());
    out.gauge(Statistics.SNAPSHOTS_OPEN, snapshots);
    if (cache != null) {
      out.counter(Statistics.BLOCK_CACHE_HITS, cache.hits());
      out.counter(Statistics.BLOCK_CACHE_MISSES, cache.misses());
      out.counter("block.cache.rejected", cache.rejected());
      out.gauge("block.cache.bytes", cache.usedBytes());
      out.gauge("block.cache.capacity", cache.capacity());
    }
  }

  /**
   * With a shared {@code MemoryBudget}, the cache and its figures are the budget's (every database
   * sharing it reads through a view of one cache), memtables of every database are charged to it as
   * reservations, and the total covers them all; the memtable lines before it are this database's.
   */
  private static void memory(Figures out, MemoryUse m, BlockCache cache) {
    SharedMemory shared = m.shared();
    long blocks = cache == null ? 0 : cache.usedBytes();
    long reserved = cache == null ? 0 : cache.reservedBytes();
    long memtables = shared == null ? m.active() + m.immutable() : shared.memtableBytes();
    long tables = shared == null ? reserved : reserved - memtables;
    out.gauge("memory.budget", m.budget());
    out.gauge("memtable.limit", m.memtableLimit());
    out.gauge("memtable.active", m.active());
    out.gauge("memtable.immutable", m.immutable());
    if (shared != null) {
      out.gauge("shared.memtables", memtables);
      out.gauge("shared.memtable.limit", shared.memtableLimit());
    }
    out.gauge("block.cache.blocks", blocks);
    out.gauge("table.index.filter", tables);
    out.gauge("block.cache.capacity", cache == null ? 0 : cache.capacity());
    out.gauge("total", memtables + blocks + tables);
  }

  /** Figures of the tree's shape, in {@link Statistics} only. */
  private static void tree(Figures out, Version v, long pendingCompactionBytes, long lastSequence) {
    out.counter(Statistics.SEQUENCE_LAST, lastSequence);
    out.gauge(Statistics.FILES_LIVE, v.totalFiles());
    out.gauge(Statistics.COMPACTION_PENDING_BYTES, pendingCompactionBytes);
    for (int level = 0; level < v.numLevels(); level++) {
      out.gauge(Statistics.FILES_AT_LEVEL + level, v.files(level).size());
      out.gauge(Statistics.SST_BYTES_AT_LEVEL + level, v.levelBytes(level));
    }
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

  /** Figures as property text: one {@code name value} line each, fractions to two decimals. */
  private static final class Text implements Figures {
    private final StringBuilder sb = new StringBuilder();

    @Override
    public void counter(String name, long value) {
      sb.append(name).append(' ').append(value).append('\n');
    }

    @Override
    public void gauge(String name, long value) {
      counter(name, value);
    }

    @Override
    public void ratio(String name, double value) {
      sb.append(name).append(String.format(Locale.ROOT, " %.2f", value)).append('\n');
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }

  /** Figures into {@link Statistics}, each name under the current {@link #prefix}. */
  private static final class Collector implements Figures {
    private final Map<String, Long> figures = new LinkedHashMap<>();
    private final Set<String> counters = new LinkedHashSet<>();
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    String prefix = "";

    /** {@code name} under the prefix; a name that already starts with it keeps it once. */
    private String named(String name) {
      return name.startsWith(prefix) ? name : prefix + name;
    }

    @Override
    public void counter(String name, long value) {
      String n = named(name);
      figures.put(n, value);
      counters.add(n);
    }

    @Override
    public void gauge(String name, long value) {
      figures.put(named(name), value);
    }

    @Override
    public void ratio(String name, double value) {
      ratios.put(named(name), value);
    }

    Statistics build() {
      return new Statistics(figures, counters, ratios);
    }
  }
}
