package org.cairndb;

import java.util.Objects;
import org.cairndb.fs.NioVfs;
import org.cairndb.fs.Vfs;

/** Options of a database, fixed at open. Immutable; build with {@link #builder()}. */
public final class Options {
  private final long memtableBytes;
  private final long blockCacheBytes;
  private final int bloomBitsPerKey;
  private final int blockSize;
  private final Compression compression;
  private final boolean createIfMissing;
  private final boolean errorIfExists;
  private final Vfs vfs;
  private final WalRecoveryMode walRecoveryMode;
  private final int maxImmutableMemtables;
  private final int l0CompactionTrigger;
  private final int l0SlowdownWritesTrigger;
  private final int l0StopWritesTrigger;
  private final long targetFileBytes;
  private final long baseLevelBytes;
  private final int levelMultiplier;
  private final long maxManifestBytes;
  private final int maxOpenFiles;
  private final int maxBackgroundJobs;
  private final long softPendingCompactionBytes;
  private final long hardPendingCompactionBytes;
  private final long rateLimitBytesPerSecond;
  private final CompactionStyle compactionStyle;
  private final long memoryBudgetBytes;
  private final boolean bloomBitsPerLevel;
  private final boolean mappedWal;
  private final long walBytesPerSync;
  private final MemoryBudget memoryBudget;
  private final String jmxName;

  private Options(Builder b) {
    this.memtableBytes = b.memtableBytes;
    this.blockCacheBytes = b.blockCacheBytes;
    this.bloomBitsPerKey = b.bloomBitsPerKey;
    this.blockSize = b.blockSize;
    this.compression = b.compression;
    this.createIfMissing = b.createIfMissing;
    this.errorIfExists = b.errorIfExists;
    this.vfs = b.vfs;
    this.walRecoveryMode = b.walRecoveryMode;
    this.maxImmutableMemtables = b.maxImmutableMemtables;
    this.l0CompactionTrigger = b.l0CompactionTrigger;
    this.l0SlowdownWritesTrigger = b.l0SlowdownWritesTrigger;
    this.l0StopWritesTrigger = b.l0StopWritesTrigger;
    this.targetFileBytes = b.targetFileBytes;
    this.baseLevelBytes = b.baseLevelBytes;
    this.levelMultiplier = b.levelMultiplier;
    this.maxManifestBytes = b.maxManifestBytes;
    this.maxOpenFiles = b.maxOpenFiles;
    this.maxBackgroundJobs = b.maxBackgroundJobs;
    this.softPendingCompactionBytes = b.softPendingCompactionBytes;
    this.hardPendingCompactionBytes = b.hardPendingCompactionBytes;
    this.rateLimitBytesPerSecond = b.rateLimitBytesPerSecond;
    this.compactionStyle = b.compactionStyle;
    this.memoryBudgetBytes = b.memoryBudgetBytes;
    this.bloomBitsPerLevel = b.bloomBitsPerLevel;
    this.mappedWal = b.mappedWal;
    this.walBytesPerSync = b.walBytesPerSync;
    this.memoryBudget = b.memoryBudget;
    this.jmxName = b.jmxName;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Options defaults() {
    return new Builder().build();
  }

  /** A builder pre-filled with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.memtableBytes = memtableBytes;
    b.blockCacheBytes = blockCacheBytes;
    b.bloomBitsPerKey = bloomBitsPerKey;
    b.blockSize = blockSize;
    b.compression = compression;
    b.createIfMissing = createIfMissing;
    b.errorIfExists = errorIfExists;
    b.vfs = vfs;
    b.walRecoveryMode = walRecoveryMode;
    b.maxImmutableMemtables = maxImmutableMemtables;
    b.l0CompactionTrigger = l0CompactionTrigger;
    b.l0SlowdownWritesTrigger = l0SlowdownWritesTrigger;
    b.l0StopWritesTrigger = l0StopWritesTrigger;
    b.targetFileBytes = targetFileBytes;
    b.baseLevelBytes = baseLevelBytes;
    b.levelMultiplier = levelMultiplier;
    b.maxManifestBytes = maxManifestBytes;
    b.maxOpenFiles = maxOpenFiles;
    b.maxBackgroundJobs = maxBackgroundJobs;
    b.softPendingCompactionBytes = softPendingCompactionBytes;
    b.hardPendingCompactionBytes = hardPendingCompactionBytes;
    b.rateLimitBytesPerSecond = rateLimitBytesPerSecond;
    b.compactionStyle = compactionStyle;
    b.memoryBudgetBytes = memoryBudgetBytes;
    b.bloomBitsPerLevel = bloomBitsPerLevel;
    b.mappedWal = mappedWal;
    b.walBytesPerSync = walBytesPerSync;
    b.memoryBudget = memoryBudget;
    b.jmxName = jmxName;
    return b;
  }

  public long memtableBytes() {
    return memtableBytes;
  }

  public long blockCacheBytes() {
    return blockCacheBytes;
  }

  public int bloomBitsPerKey() {
    return bloomBitsPerKey;
  }

  public int blockSize() {
    return blockSize;
  }

  public Compression compression() {
    return compression;
  }

  public boolean createIfMissing() {
    return createIfMissing;
  }

  public boolean errorIfExists() {
    return errorIfExists;
  }

  public Vfs vfs() {
    return vfs;
  }

  public WalRecoveryMode walRecoveryMode() {
    return walRecoveryMode;
  }

  public int maxImmutableMemtables() {
    return maxImmutableMemtables;
  }

  public int l0CompactionTrigger() {
    return l0CompactionTrigger;
  }

  public int l0SlowdownWritesTrigger() {
    return l0SlowdownWritesTrigger;
  }

  public int l0StopWritesTrigger() {
    return l0StopWritesTrigger;
  }

  public long targetFileBytes() {
    return targetFileBytes;
  }

  public long baseLevelBytes() {
    return baseLevelBytes;
  }

  public int levelMultiplier() {
    return levelMultiplier;
  }

  public long maxManifestBytes() {
    return maxManifestBytes;
  }

  public int maxOpenFiles() {
    return maxOpenFiles;
  }

  public int maxBackgroundJobs() {
    return maxBackgroundJobs;
  }

  public long softPendingCompactionBytes() {
    return softPendingCompactionBytes;
  }

  public long hardPendingCompactionBytes() {
    return hardPendingCompactionBytes;
  }

  public long rateLimitBytesPerSecond() {
    return rateLimitBytesPerSecond;
  }

  public CompactionStyle compactionStyle() {
    return compactionStyle;
  }

  public long memoryBudgetBytes() {
    return memoryBudgetBytes;
  }

  public boolean bloomBitsPerLevel() {
    return bloomBitsPerLevel;
  }

  public boolean mappedWal() {
    return mappedWal;
  }

  public long walBytesPerSync() {
    return walBytesPerSync;
  }

  /** The memory budget shared with other databases, or null when this database has its own. */
  public MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  /** The name the database's MXBean is registered under, or null for none. */
  public String jmxName() {
    return jmxName;
  }

  /** Builds {@link Options}; every setter validates its argument. */
  public static final class Builder {
    private long memtableBytes = 64L << 20;
    private long blockCacheBytes = 64L << 20;
    private int bloomBitsPerKey = 10;
    private int blockSize = 4096;
    private Compression compression = Compression.LZ4;
    private boolean createIfMissing = true;
    private boolean errorIfExists;
    private Vfs vfs = NioVfs.get();
    private WalRecoveryMode walRecoveryMode = WalRecoveryMode.TOLERATE_CORRUPTED_TAIL;
    private int maxImmutableMemtables = 2;
    private int l0CompactionTrigger = 4;
    private int l0SlowdownWritesTrigger = 8;
    private int l0StopWritesTrigger = 12;
    private long targetFileBytes = 64L << 20;
    private long baseLevelBytes = 256L << 20;
    private int levelMultiplier = 10;
    private long maxManifestBytes = 64L << 20;
    private int maxOpenFiles = 1000;
    private int maxBackgroundJobs = 2;
    private long softPendingCompactionBytes = 64L << 30;
    private long hardPendingCompactionBytes = 256L << 30;
    private long rateLimitBytesPerSecond = 0;
    private CompactionStyle compactionStyle = CompactionStyle.LEVELED;
    private long memoryBudgetBytes = 0;
    private boolean bloomBitsPerLevel = true;
    private boolean mappedWal = true;
    private long walBytesPerSync = 1 << 20;
    private MemoryBudget memoryBudget;
    private String jmxName;

    private Builder() {}

    /** Write buffer size before the memtable is flushed (default 64 MiB, at least 4 KiB). */
    public Builder memtableBytes(long bytes) {
      this.memtableBytes = atLeast("memtableBytes", bytes, 4096);
      return this;
    }

    /** Capacity of the shared block cache (default 64 MiB; 0 disables it). */
    public Builder blockCacheBytes(long bytes) {
      this.blockCacheBytes = atLeast("blockCacheBytes", bytes, 0);
      return this;
    }

    /** Bloom filter bits per key (default 10, about 1% false positives; 0 = no filter). */
    public Builder bloomBitsPerKey(int bits) {
      if (bits < 0 || bits > 64) {
        throw new IllegalArgumentException("bloomBitsPerKey must be in [0, 64]: " + bits);
      }
      this.bloomBitsPerKey = bits;
      return this;
    }

    /** Target uncompressed size of a data block (default 4096, within [64, 4 MiB]). */
    public Builder blockSize(int bytes) {
      if (bytes < 64 || bytes > (4 << 20)) {
        throw new IllegalArgumentException("blockSize must be in [64, 4194304]: " + bytes);
      }
      this.blockSize = bytes;
      return this;
    }

    /** Per-block compression of data blocks (default LZ4). */
    public Builder compression(Compression c) {
      this.compression = Objects.requireNonNull(c, "compression");
      return this;
    }

    /** Create the directory and database when missing (default true). */
    public Builder createIfMissing(boolean b) {
      this.createIfMissing = b;
      return this;
    }

    /** Fail the open when a database already exists (default false). */
    public Builder errorIfExists(boolean b) {
      this.errorIfExists = b;
      return this;
    }

    /**
     * The file system (default: the real one). {@link org.cairndb.fs.MemVfs} keeps all in memory.
     */
    public Builder vfs(Vfs v) {
      this.vfs = Objects.requireNonNull(v, "vfs");
      return this;
    }

    /** How recovery treats damage in the write-ahead log. */
    public Builder walRecoveryMode(WalRecoveryMode mode) {
      this.walRecoveryMode = Objects.requireNonNull(mode, "walRecoveryMode");
      return this;
    }

    /** Full memtables that may wait for a flush before writers stall (default 2). */
    public Builder maxImmutableMemtables(int n) {
      this.maxImmutableMemtables = (int) atLeast("maxImmutableMemtables", n, 1);
      return this;
    }

    /** Number of L0 files that triggers an L0 compaction (default 4). */
    public Builder l0CompactionTrigger(int n) {
      this.l0CompactionTrigger = (int) atLeast("l0CompactionTrigger", n, 1);
      return this;
    }

    /** Number of L0 files at which each write group is delayed by 1 ms (default 8). */
    public Builder l0SlowdownWritesTrigger(int n) {
      this.l0SlowdownWritesTrigger = (int) atLeast("l0SlowdownWritesTrigger", n, 1);
      return this;
    }

    /** Number of L0 files at which writes wait for compaction (default 12). */
    public Builder l0StopWritesTrigger(int n) {
      this.l0StopWritesTrigger = (int) atLeast("l0StopWritesTrigger", n, 2);
      return this;
    }

    /** Size at which compaction output files are cut (default 64 MiB). */
    public Builder targetFileBytes(long bytes) {
      this.targetFileBytes = atLeast("targetFileBytes", bytes, 1024);
      return this;
    }

    /** Target size of level 1 (default 256 MiB); level n+1 targets multiplier times level n. */
    public Builder baseLevelBytes(long bytes) {
      this.baseLevelBytes = atLeast("baseLevelBytes", bytes, 1024);
      return this;
    }

    /** Growth factor between level targets (default 10). */
    public Builder levelMultiplier(int m) {
      this.levelMultiplier = (int) atLeast("levelMultiplier", m, 2);
      return this;
    }

    /** Size at which the manifest is rewritten into a new file (default 64 MiB). */
    public Builder maxManifestBytes(long bytes) {
      this.maxManifestBytes = atLeast("maxManifestBytes", bytes, 1024);
      return this;
    }

    /**
     * Most SSTables kept open at once (default 1000, at least 16); readers beyond it are closed in
     * least-recently-used order and reopened on demand.
     */
    public Builder maxOpenFiles(int n) {
      this.maxOpenFiles = (int) atLeast("maxOpenFiles", n, 16);
      return this;
    }

    /**
     * Background threads (default 2, at least 2): one runs flushes, the others compactions, so up
     * to {@code n - 1} compactions of disjoint key ranges run at once. Set it to about the number
     * of cores the database may use.
     */
    public Builder maxBackgroundJobs(int n) {
      this.maxBackgroundJobs = (int) atLeast("maxBackgroundJobs", n, 2);
      return this;
    }

    /**
     * Estimated bytes that compaction still has to rewrite at which each write group is delayed
     * (default 64 GiB; 0 = never).
     */
    public Builder softPendingCompactionBytes(long bytes) {
      this.softPendingCompactionBytes = atLeast("softPendingCompactionBytes", bytes, 0);
      return this;
    }

    /**
     * Estimated bytes that compaction still has to rewrite at which writes wait for compaction
     * (default 256 GiB; 0 = never).
     */
    public Builder hardPendingCompactionBytes(long bytes) {
      this.hardPendingCompactionBytes = atLeast("hardPendingCompactionBytes", bytes, 0);
      return this;
    }

    /**
     * Most bytes per second that flushes and compactions together write to tables (default 0 = no
     * limit). Smooths the I/O that background work takes from foreground reads.
     */
    public Builder rateLimitBytesPerSecond(long bytes) {
      this.rateLimitBytesPerSecond = atLeast("rateLimitBytesPerSecond", bytes, 0);
      return this;
    }

    /** How tables are merged (default {@link CompactionStyle#LEVELED}). */
    public Builder compactionStyle(CompactionStyle style) {
      this.compactionStyle = Objects.requireNonNull(style, "compactionStyle");
      return this;
    }

    /**
     * One bound on the memory the database holds (default 0 = no single budget: memtables and the
     * block cache are sized by their own options). When set, memtables, the block cache and the
     * index and filter blocks of open tables are all charged to it: the memtables (the active one
     * and those waiting for a flush) take at most half of the budget, and the block cache gets what
     * remains after them and shrinks as index and filter blocks take their share. {@code
     * property("cairn.memory")} reports each part.
     */
    public Builder memoryBudgetBytes(long bytes) {
      if (bytes != 0 && bytes < (1L << 20)) {
        throw new IllegalArgumentException("memoryBudgetBytes must be 0 or >= 1048576: " + bytes);
      }
      this.memoryBudgetBytes = bytes;
      return this;
    }

    /**
     * Spend Bloom filter memory per level where it pays (default true): with the same total bits as
     * {@code bloomBitsPerKey} on every key, smaller levels get more bits per key and the largest
     * level slightly fewer, so false positives are proportional to level size (the Monkey result),
     * which lowers the false positives a read sees summed over all levels.
     */
    public Builder bloomBitsPerLevel(boolean b) {
      this.bloomBitsPerLevel = b;
      return this;
    }

    /**
     * Whether the write-ahead log is appended through a memory mapping of the file (default true).
     * An unsynced write is then a memory copy into the operating system's page cache instead of a
     * {@code write} system call: the same promise (it survives a process crash), about 1 µs less
     * per small write. The file system ({@link org.cairndb.fs.Vfs#createLog}) decides whether it
     * can: the real one maps on Linux. While a log is in use it ends in up to 1 MiB of preallocated
     * zero bytes; false writes every append with {@code write} instead.
     */
    public Builder mappedWal(boolean b) {
      this.mappedWal = b;
      return this;
    }

    /**
     * Syncs the active write-ahead log on a background thread every this many appended bytes
     * (default 1 MiB; 0 = never). It changes no promise: unsynced writes are still only as durable
     * as {@link WriteOptions#DEFAULT} says. What it buys is latency: when a full memtable switches
     * to a new log, the old log must be durable first, and that sync runs in a writer's path;
     * without background syncs it writes the whole log (about 40 ms for 64 MiB on an ordinary SSD),
     * with them at most about this many bytes.
     */
    public Builder walBytesPerSync(long bytes) {
      this.walBytesPerSync = atLeast("walBytesPerSync", bytes, 0);
      return this;
    }

    /**
     * Shares one memory bound with other databases of this JVM (default null: none). With a shared
     * budget, {@code blockCacheBytes} is not used (the budget's cache serves every database) and
     * {@code memoryBudgetBytes} must stay 0. See {@link MemoryBudget}.
     */
    public Builder memoryBudget(MemoryBudget budget) {
      this.memoryBudget = budget;
      return this;
    }

    /**
     * Registers the open database's statistics as an MXBean on the platform MBean server under
     * {@code org.cairndb:type=Cairn,name=NAME} (see {@link org.cairndb.management.CairnMXBean}),
     * unregistered when the database closes (default null: not registered). Opening fails with a
     * {@link CairnException} when that name is already registered.
     *
     * @param name the {@code name} key's value; null for none
     * @throws IllegalArgumentException if {@code name} is empty or not a valid ObjectName value
     */
    public Builder jmxName(String name) {
      if (name != null) {
        org.cairndb.management.CairnManagement.objectName(name);
      }
      this.jmxName = name;
      return this;
    }

    public Options build() {
      if (memoryBudget != null && memoryBudgetBytes != 0) {
        throw new IllegalArgumentException(
            "set either memoryBudgetBytes (this database alone) or memoryBudget (shared), not both");
      }
      if (l0StopWritesTrigger < l0CompactionTrigger) {
        throw new IllegalArgumentException(
            "l0StopWritesTrigger ("
                + l0StopWritesTrigger
                + ") must be >= l0CompactionTrigger ("
                + l0CompactionTrigger
                + ")");
      }
      if (hardPendingCompactionBytes != 0
          && softPendingCompactionBytes > hardPendingCompactionBytes) {
        softPendingCompactionBytes = hardPendingCompactionBytes;
      }
      if (l0SlowdownWritesTrigger > l0StopWritesTrigger) {
        l0SlowdownWritesTrigger = l0StopWritesTrigger;
      }
      return new Options(this);
    }

    private static long atLeast(String name, long v, long min) {
      if (v < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ": " + v);
      }
      return v;
    }
  }
}
