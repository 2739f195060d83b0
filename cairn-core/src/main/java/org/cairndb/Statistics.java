package org.cairndb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A point-in-time copy of a database's statistics, from {@link Cairn#statistics()}. Immutable and
 * thread-safe; it holds no reference to the database.
 *
 * <p>Every figure is a {@code long} under a dotted name, in a stable order ({@link #asMap()}):
 *
 * <ul>
 *   <li>the lines of the {@code cairn.stats} property, with the same names and values (write
 *       amplification, the one fraction among them, is in {@link #ratios()} instead);
 *   <li>the parts of the {@code cairn.memory} property, each under {@code memory.} ({@code
 *       memory.budget}, {@code memory.memtable.active}, ..., {@code memory.total});
 *   <li>the tree: {@code sequence.last} (the newest sequence number), {@code files.live}, {@code
 *       compaction.pending.bytes} (as {@code cairn.pending-compaction-bytes}) and, per level {@code
 *       N}, {@code files.LN} and {@code sst.bytes.LN}.
 * </ul>
 *
 * <p>Each figure is either a counter ({@link #counters()}: it only grows while the database is
 * open, such as bytes written or reads served; counters start at zero at each open except {@code
 * sequence.last}) or a gauge (a level that goes up and down, such as live bytes or memory). Names
 * ending in {@code .L<level>} are one figure per level. The block cache figures are absent when the
 * database has no block cache. Later versions may add figures; names are never reused for another
 * meaning.
 */
public final class Statistics {
  /** Bytes of keys and values written by callers. */
  public static final String USER_BYTES_WRITTEN = "user.bytes.written";

  /** Bytes appended to the write-ahead log. */
  public static final String WAL_BYTES_WRITTEN = "wal.bytes.written";

  /** Memtables flushed to tables. */
  public static final String FLUSH_COUNT = "flush.count";

  /** Bytes of tables written by flushes. */
  public static final String FLUSH_BYTES_WRITTEN = "flush.bytes.written";

  /** Compactions run (trivial moves included). */
  public static final String COMPACTION_COUNT = "compaction.count";

  /** Bytes of tables read by compactions. */
  public static final String COMPACTION_BYTES_READ = "compaction.bytes.read";

  /** Bytes of tables written by compactions. */
  public static final String COMPACTION_BYTES_WRITTEN = "compaction.bytes.written";

  /** Bytes of the live tables (a gauge). */
  public static final String SST_BYTES_LIVE = "sst.bytes.live";

  /** Times writers waited for a flush or compaction. */
  public static final String STALL_COUNT = "stall.count";

  /** Point reads ({@code get}). */
  public static final String GETS = "gets";

  /** Block cache lookups that found the block. */
  public static final String BLOCK_CACHE_HITS = "block.cache.hits";

  /** Block cache lookups that read the block from storage. */
  public static final String BLOCK_CACHE_MISSES = "block.cache.misses";

  /** Snapshots currently open (a gauge). */
  public static final String SNAPSHOTS_OPEN = "snapshots.open";

  /** Memory held by memtables, cached blocks and open tables' indexes and filters (a gauge). */
  public static final String MEMORY_TOTAL = "memory.total";

  /** The newest sequence number: one per write operation ever applied (a counter). */
  public static final String SEQUENCE_LAST = "sequence.last";

  /** Live tables (a gauge). */
  public static final String FILES_LIVE = "files.live";

  /** Estimated bytes compaction must still rewrite (a gauge). */
  public static final String COMPACTION_PENDING_BYTES = "compaction.pending.bytes";

  /** Bytes written to storage per user byte written (the ratio's name in {@link #ratios()}). */
  public static final String WRITE_AMPLIFICATION = "write.amplification";

  /** Prefix of the per-level table counts: {@code files.L0}, {@code files.L1}, ... */
  public static final String FILES_AT_LEVEL = "files.L";

  /** Prefix of the per-level table bytes: {@code sst.bytes.L0}, {@code sst.bytes.L1}, ... */
  public static final String SST_BYTES_AT_LEVEL = "sst.bytes.L";

  private final Map<String, Long> figures;
  private final Set<String> counters;
  private final Map<String, Double> ratios;

  /**
   * A copy of the given figures (their order kept).
   *
   * @param figures every figure by name
   * @param counters the names among {@code figures} that are counters
   * @param ratios fractions by name, disjoint from {@code figures}
   * @throws IllegalArgumentException if a counter is not a figure or a ratio's name is a figure's
   */
  public Statistics(Map<String, Long> figures, Set<String> counters, Map<String, Double> ratios) {
    this.figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    this.counters = Collections.unmodifiableSet(new LinkedHashSet<>(counters));
    this.ratios = Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
    for (Map.Entry<String, Long> e : this.figures.entrySet()) {
      Objects.requireNonNull(e.getKey(), "figure name");
      Objects.requireNonNull(e.getValue(), e.getKey());
    }
    for (String c : this.counters) {
      if (!this.figures.containsKey(c)) {
        throw new IllegalArgumentException("counter is not a figure: " + c);
      }
    }
    for (Map.Entry<String, Double> e : this.ratios.entrySet()) {
      Objects.requireNonNull(e.getValue(), e.getKey());
      if (this.figures.containsKey(e.getKey())) {
        throw new IllegalArgumentException("ratio has a figure's name: " + e.getKey());
      }
    }
  }

  /** Every figure by name, in a stable order; unmodifiable. */
  public Map<String, Long> asMap() {
    return figures;
  }

  /** The names of the figures that are counters (only grow while open); the rest are gauges. */
  public Set<String> counters() {
    return counters;
  }

  /** Fractions by name: {@link #WRITE_AMPLIFICATION}; unmodifiable. */
  public Map<String, Double> ratios() {
    return ratios;
  }

  /**
   * The figure {@code name}.
   *
   * @throws IllegalArgumentException if there is no such figure
   */
  public long get(String name) {
    Long v = figures.get(Objects.requireNonNull(name, "name"));
    if (v == null) {
      throw new IllegalArgumentException("no statistic named " + name);
    }
    return v;
  }

  /** The figure {@code name}, or {@code dflt} when there is none. */
  public long get(String name, long dflt) {
    return figures.getOrDefault(Objects.requireNonNull(name, "name"), dflt);
  }

  public long userBytesWritten() {
    return get(USER_BYTES_WRITTEN);
  }

  public long walBytesWritten() {
    return get(WAL_BYTES_WRITTEN);
  }

  public long flushCount() {
    return get(FLUSH_COUNT);
  }

  public long flushBytesWritten() {
    return get(FLUSH_BYTES_WRITTEN);
  }

  public long compactionCount() {
    return get(COMPACTION_COUNT);
  }

  public long compactionBytesRead() {
    return get(COMPACTION_BYTES_READ);
  }

  public long compactionBytesWritten() {
    return get(COMPACTION_BYTES_WRITTEN);
  }

  public long liveSstBytes() {
    return get(SST_BYTES_LIVE);
  }

  public long stallCount() {
    return get(STALL_COUNT);
  }

  public long gets() {
    return get(GETS);
  }

  /** Block cache hits; 0 without a block cache. */
  public long blockCacheHits() {
    return get(BLOCK_CACHE_HITS, 0);
  }

  /** Block cache misses; 0 without a block cache. */
  public long blockCacheMisses() {
    return get(BLOCK_CACHE_MISSES, 0);
  }

  public long snapshotsOpen() {
    return get(SNAPSHOTS_OPEN);
  }

  public long memoryTotal() {
    return get(MEMORY_TOTAL);
  }

  public long lastSequence() {
    return get(SEQUENCE_LAST);
  }

  public long liveFiles() {
    return get(FILES_LIVE);
  }

  public long pendingCompactionBytes() {
    return get(COMPACTION_PENDING_BYTES);
  }

  /** Bytes written to storage (log and tables) per user byte written; 0 before any write. */
  public double writeAmplification() {
    return ratios.getOrDefault(WRITE_AMPLIFICATION, 0.0);
  }

  /** The number of levels of the tree (each has {@code files.LN} and {@code sst.bytes.LN}). */
  public int numLevels() {
    int n = 0;
    while (figures.containsKey(FILES_AT_LEVEL + n)) {
      n++;
    }
    return n;
  }

  /**
   * Live tables on {@code level}.
   *
   * @throws IllegalArgumentException if there is no such level
   */
  public long levelFiles(int level) {
    return get(FILES_AT_LEVEL + level);
  }

  /**
   * Bytes of the live tables on {@code level}.
   *
   * @throws IllegalArgumentException if there is no such level
   */
  public long levelBytes(int level) {
    return get(SST_BYTES_AT_LEVEL + level);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Statistics s
        && figures.equals(s.figures)
        && counters.equals(s.counters)
        && ratios.equals(s.ratios);
  }

  @Override
  public int hashCode() {
    return Objects.hash(figures, counters, ratios);
  }

  /** One {@code name value} line per figure, then one per ratio. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    figures.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    ratios.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    return sb.toString();
  }
}
