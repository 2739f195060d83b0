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
 * #forDatabase()} whose keys carry a key space of its own, so equal file numbers of different
 * databases never meet. Key spaces are never reused, so a block a late reader puts into a closed
 * database's space can never be served to another database. Views share the shards, their capacity
 * and their counters.
 *
 * <p>Values that are {@link Recyclable} (data blocks) are pinned for each reader that gets them and
 * give their array back to a small pool once evicted and unpinned; {@link #spare} hands those
 * arrays out for blocks read later, so a cache churning under random reads does not churn the heap.
 *
 * <p>Thread-safe. Cached values must be immutable: they are handed to any number of threads.
 */
public final class BlockCache {
  /** Bytes charged per entry on top of the block size: node, key fields, block object header. */
  public static final int ENTRY_OVERHEAD = 96;

  private static final int MAX_SHARDS = 16;

  /** Shards get at least this much capacity so that large blocks still fit in one. */
  private static final long MIN_SHARD_BYTES = 4L << 20;

  private final long capacity;
  private final CacheShard[] shards;
  private final int shardBits;

  /** Part of every key: 0 for a database's own cache, a view's id for a shared one. */
  private final long keySpace;

  /** Source of view ids, shared by every view of one cache. */
  private final AtomicLong views;

  /** Arrays of evicted, unpinned {@link Recyclable} values; shared by every view. */
  private final ArrayPool pool;

  /**
   * Most arrays the pool keeps: a few per reading thread is enough, since each admission takes one.
   */
  private static final int POOLED_ARRAYS = 64;

  /** A cache holding at most {@code capacityBytes} bytes of blocks (0 disables it). */
  public BlockCache(long capacityBytes) {
    this(capacityBytes, true);
  }

  /**
   * As {@link #BlockCache(long)}; {@code admission} false turns off the frequency test that keeps
   * blocks read once out of a full cache (tests of the replacement lists use that).
   */
  BlockCache(long capacityBytes, boolean admission) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("negative cache capacity: " + capacityBytes);
    }
    this.capacity = capacityBytes;
    this.keySpace = 0;
    this.views = new AtomicLong();
    this.pool = new ArrayPool(POOLED_ARRAYS, Math.max(1L << 20, capacityBytes / 32));
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
      shards[i] = new CacheShard(base + (i < rest ? 1 : 0), admission, pool);
    }
  }

  private BlockCache(BlockCache root, long keySpace) {
    this.capacity = root.capacity;
    this.shards = root.shards;
    this.shardBits = root.shardBits;
    this.views = root.views;
    this.pool = root.pool;
    this.keySpace = keySpace;
  }

  /**
   * A view of this cache for one more database: same shards and capacity, its own key space. Call
   * {@link #evictAll()} on it when that database closes.
   */
  public BlockCache forDatabase() {
    return new BlockCache(this, views.incrementAndGet());
  }

  /**
   * The cached block at (fileNumber, offset), or null; counts a hit or a miss. A {@link Recyclable}
   * value comes pinned: the caller must {@link Recyclable#unpin} it when done.
   */
  public Object get(long fileNumber, long offset) {
    if (shards.length == 0) {
      return null;
    }
    int h = hash(fileNumber + keySpace * 0x632BE59BD9B4E019L, offset);
    return shardFor(h).get(keySpace, fileNumber, offset, h);
  }

  /**
   * Caches {@code value} for (fileNumber, offset), charged {@code sizeBytes + ENTRY_OVERHEAD},
   * evicting as needed. If the key is already cached the existing entry is kept. Returns whether
   * the cache now holds {@code value} (false when disabled, too large, already cached or not
   * admitted): only then may the caller's reference be shared with other readers. A {@link
   * Recyclable} value keeps the pin its creator holds; its array returns to this cache's pool once
   * it is evicted and that pin and every reader's are released.
   */
  public boolean put(long fileNumber, long offset, Object value, int sizeBytes) {
    if (shards.length == 0) {
      return false;
    }
    if (value == null || sizeBytes < 0) {
      throw new IllegalArgumentException("bad cache entry");
    }
    int h = hash(fileNumber + keySpace * 0x632BE59BD9B4E019L, offset);
    return shardFor(h)
        .put(keySpace, fileNumber, offset, h, value, (long) sizeBytes + ENTRY_OVERHEAD);
  }

  /**
   * An array of {@code minLength} to {@code maxLength} bytes that held an evicted block nobody uses
   * any more, or null: the caller may overwrite it (a read buffer for the next block).
   */
  public byte[] spare(int minLength, int maxLength) {
    return pool.take(minLength, maxLength);
  }

  /** Arrays waiting in the pool behind {@link #spare}. */
  public int spareArrays() {
    return pool.size();
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
    for (CacheShard s : shards) {
      s.evictFiles(keySpace, fileNumber);
    }
  }

  /** Drops every block of this view's key space (a database sharing the cache closes). */
  public void evictAll() {
    for (CacheShard s : shards) {
      s.evictFiles(keySpace, -1);
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

  /** Blocks a full cache turned away because they were used less than what they would evict. */
  public long rejected() {
    long n = 0;
    for (CacheShard s : shards) {
      n += s.rejected();
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
