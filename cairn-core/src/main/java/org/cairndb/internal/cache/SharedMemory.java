package org.cairndb.internal.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.cairndb.MemoryBudget;

/**
 * The memory of one {@link MemoryBudget}, shared by every database opened with it: one block cache
 * (each database reads through its own {@link BlockCache#forDatabase() view}) and an allowance for
 * memtables of half the budget. Memtable bytes are charged to the cache in 64 KiB steps, so blocks
 * get less room while memtables are large; open tables charge their index and filter blocks the
 * same way (see {@link BlockCache#reserve}). When the memtables of all databases together pass
 * their allowance, the next database to write switches its memtable (if it holds at least {@link
 * #minSwitchBytes()}) so that a flush returns the memory.
 *
 * <p>Thread-safe.
 */
public final class SharedMemory {
  private static final long CHUNK = 64L << 10;

  private static Function<MemoryBudget, SharedMemory> access;

  private final BlockCache cache;
  private final long memtableLimit;
  private final AtomicLong memtableBytes = new AtomicLong();

  /** Shared memory of {@code capacityBytes} in all. */
  public SharedMemory(long capacityBytes) {
    this.cache = new BlockCache(capacityBytes);
    this.memtableLimit = capacityBytes / 2;
  }

  /**
   * Called once, by {@link MemoryBudget}'s class initializer, to tell the engine how to reach a
   * budget's shared memory without a public accessor on the budget.
   */
  public static synchronized void access(Function<MemoryBudget, SharedMemory> f) {
    if (access != null) {
      throw new IllegalStateException("access already set");
    }
    access = f;
  }

  /** The shared memory behind {@code budget}. */
  public static SharedMemory of(MemoryBudget budget) {
    Function<MemoryBudget, SharedMemory> f;
    synchronized (SharedMemory.class) {
      f = access;
    }
    return f.apply(budget);
  }

  /** A view of the shared cache for one more database. */
  public BlockCache cacheForDatabase() {
    return cache.forDatabase();
  }

  public long capacity() {
    return cache.capacity();
  }

  /** Bytes all memtables together may hold before writers are asked to switch theirs. */
  public long memtableLimit() {
    return memtableLimit;
  }

  /** Memtable bytes charged by all databases (rounded up to 64 KiB per database). */
  public long memtableBytes() {
    return memtableBytes.get();
  }

  /** Bytes of cached blocks. */
  public long blockBytes() {
    return cache.usedBytes();
  }

  /** Bytes charged to the cache for memory held elsewhere: memtables, index and filter blocks. */
  public long reservedBytes() {
    return cache.reservedBytes();
  }

  public boolean memtablesOverLimit() {
    return memtableBytes.get() > memtableLimit;
  }

  /** The smallest active memtable worth switching when the memtables are over their allowance. */
  public long minSwitchBytes() {
    return Math.max(64L << 10, memtableLimit / 64);
  }

  /** A new tracker of one database's memtable bytes. */
  public Charge newCharge() {
    return new Charge();
  }

  /** One database's memtable bytes as charged to the shared memory. Thread-safe. */
  public final class Charge {
    private long charged;

    private Charge() {}

    /** Sets this database's memtable bytes (active plus waiting memtables) to {@code bytes}. */
    public synchronized void update(long bytes) {
      long target = (bytes + CHUNK - 1) / CHUNK * CHUNK;
      long delta = target - charged;
      if (delta == 0) {
        return;
      }
      charged = target;
      memtableBytes.addAndGet(delta);
      if (delta > 0) {
        cache.reserve(delta);
      } else {
        cache.release(-delta);
      }
    }
  }
}
