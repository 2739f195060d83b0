package org.cairndb.internal.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte-bounded cache of decoded blocks keyed by (file number, block offset), shared by all table
 * readers of a database. It is split into up to 16 shards, each with its own lock and its own slice
 * of the capacity, and each running a segmented LRU: new blocks enter a probation segment and move
 * to a protected segment (at most 80% of the shard) on their second hit, so a one-pass scan of cold
 * blocks can only flush probation, not the hot working set.
 *
 * <p>Every entry is charged its size in bytes plus {@link #ENTRY_OVERHEAD}; {@link #usedBytes()}
 * never exceeds {@link #capacity()}. A block larger than a shard's slice is not cached. Capacity 0
 * disables the cache: nothing is stored and nothing counted. Lookups allocate nothing.
 *
 * <p>Several databases can share one cache (a {@link SharedMemory}): each gets a view from {@link
 * #forDatabase()} whose file numbers live in a key space of their own, so equal file numbers of
 * different databases never meet. Views share the shards, their capacity and their counters.
 *
 * <p>Thread-safe. Cached values must be immutable: they are handed to any number of threads.
 */
public final class BlockCache {
  /** Bytes charged per entry on top of the block size: node, key fields, block object header. */
  public static final int ENTRY_OVERHEAD = 96;

  private static final int MAX_SHARDS = 16;

  /** Shards get at least this much capacity so that large blocks still fit in one. */
  private static final long MIN_SHARD_BYTES = 4L << 20;

  /** File numbers must stay below this so that the key space bits above them stay free. */
  static final long MAX_FILE_NUMBER = (1L << 40) - 1;

  private final long capacity;
  private final CacheShard[] shards;
  private final int shardBits;

  /** Added to every file number: 0 for a database's own cache, a view's id above bit 40. */
  private final long keySpace;

  /** Source of view ids, shared by every view of one cache. */
  private final AtomicLong views;

  /** A cache holding at most {@code capacityBytes} bytes of blocks (0 disables it). */
  public BlockCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("negative cache capacity: " + capacityBytes);
    }
    this.capacity = capacityBytes;
    this.keySpace = 0;
    this.views = new AtomicLong();
    if (capacityBytes == 0) {
      shards = new CacheShard[0];
      shardBits = 0;
      return;
    }
    long wanted = Math.max(1, Math.min(MAX_SHARDS, capacityBytes / MIN_SHARD_BYTES));
    int n = (int) Long.highestOneBit(wanted);
    shardBits = Integer.numberOfTrailingZeros(n);
    shards = new CacheShard[n];
    long base = capacityBytes / n;
    long rest = capacityBytes % n;
    for (int i = 0; i < n; i++) {
      shards[i] = new CacheShard(base + (i < rest ? 1 : 0));
    }
  }

  private BlockCache(BlockCache root, long keySpace) {
    this.capacity = root.capacity;
    this.shards = root.shards;
    this.shardBits = root.shardBits;
    this.views = root.views;
    this.keySpace = keySpace;
  }

  /**
   * A view of this cache for one more database: same shards and capacity, its own key space. Call
   * {@link #evictAll()} on it when that database closes.
   */
  public BlockCache forDatabase() {
    long id = views.incrementAndGet();
    if (id >= (1L << 23)) {
      throw new IllegalStateException("too many databases opened on one shared cache");
    }
    return new BlockCache(this, id << 40);
  }

  private long key(long fileNumber) {
    if (fileNumber < 0 || fileNumber > MAX_FILE_NUMBER) {
      throw new IllegalArgumentException("file number out of range: " + fileNumber);
    }
    return fileNumber | keySpace;
  }

  /** The cached block at (fileNumber, offset), or null; counts a hit or a miss. */
  public Object get(long fileNumber, long offset) {
    if (shards.length == 0) {
      return null;
    }
    long file = key(fileNumber);
    int h = hash(file, offset);
    return shardFor(h).get(file, offset, h);
  }

  /**
   * Caches {@code value} for (fileNumber, offset), charged {@code sizeBytes + ENTRY_OVERHEAD},
   * evicting as needed. If the key is already cached the existing entry is kept.
   */
  public void put(long fileNumber, long offset, Object value, int sizeBytes) {
    if (shards.length == 0) {
      return;
    }
    if (value == null || sizeBytes < 0) {
      throw new IllegalArgumentException("bad cache entry");
    }
    long file = key(fileNumber);
    int h = hash(file, offset);
    shardFor(h).put(file, offset, h, value, (long) sizeBytes + ENTRY_OVERHEAD);
  }

  /**
   * Charges {@code bytes} of memory held elsewhere (a table's index and filter) to this cache:
   * spread over the shards, it shrinks the room left for blocks. Undo with {@link #release}.
   */
  public void reserve(long bytes) {
    adjustReservation(bytes);
  }

  /** Returns memory charged by {@link #reserve}. */
  public void release(long bytes) {
    adjustReservation(-bytes);
  }

  private void adjustReservation(long bytes) {
    if (shards.length == 0) {
      return;
    }
    long each = bytes / shards.length;
    long rest = bytes % shards.length;
    for (int i = 0; i < shards.length; i++) {
      shards[i].reserve(each + (i == 0 ? rest : 0));
    }
  }

  /** Bytes charged by {@link #reserve} and not yet released. */
  public long reservedBytes() {
    long n = 0;
    for (CacheShard s : shards) {
      n += s.reserved();
    }
    return n;
  }

  /** Drops every block of {@code fileNumber} (for a table file being deleted). */
  public void evictFile(long fileNumber) {
    long file = key(fileNumber);
    for (CacheShard s : shards) {
      s.evictFiles(file, -1L);
    }
  }

  /** Drops every block of this view's key space (a database sharing the cache closes). */
  public void evictAll() {
    for (CacheShard s : shards) {
      s.evictFiles(keySpace, ~MAX_FILE_NUMBER);
    }
  }

  public long hits() {
    long n = 0;
    for (CacheShard s : shards) {
      n += s.hits();
    }
    return n;
  }

  public long misses() {
    long n = 0;
    for (CacheShard s : shards) {
      n += s.misses();
    }
    return n;
  }

  public long usedBytes() {
    long n = 0;
    for (CacheShard s : shards) {
      n += s.used();
    }
    return n;
  }

  public long capacity() {
    return capacity;
  }

  /** Number of shards (0 when disabled). */
  public int shardCount() {
    return shards.length;
  }

  private CacheShard shardFor(int h) {
    return shards[shardBits == 0 ? 0 : h >>> (32 - shardBits)];
  }

  static int hash(long fileNumber, long offset) {
    long h = fileNumber * 0x9E3779B97F4A7C15L + offset;
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return (int) h;
  }
}
