package org.cairndb;

import org.cairndb.internal.cache.SharedMemory;

/**
 * One memory bound shared by several databases in the same JVM, for applications that open many
 * (for example one per partition). Every database opened with {@link
 * Options.Builder#memoryBudget(MemoryBudget)} reads through one shared block cache of {@link
 * #capacityBytes()} and charges to it the index and filter blocks of its open tables and the bytes
 * of its memtables. Memtables of all databases together get half of the budget: when they pass it,
 * the next database to write switches its memtable so that a flush gives the memory back; cached
 * blocks get what the rest leave.
 *
 * <p>The bound covers the engine's large buffers, not every object: each database also holds small
 * fixed structures (its open files, manifest state, threads), and each database's active memtable
 * may run over its share by up to {@code max(64 KiB, capacity / 128)} before it is switched.
 *
 * <p>Create one per application and pass it to every database; it holds no threads or files and
 * needs no closing. Thread-safe.
 */
public final class MemoryBudget {
  static {
    SharedMemory.access(b -> b.shared);
  }

  private final SharedMemory shared;

  private MemoryBudget(long bytes) {
    this.shared = new SharedMemory(bytes);
  }

  /**
   * A budget of {@code bytes} (at least 1 MiB).
   *
   * @throws IllegalArgumentException if {@code bytes} is below 1 MiB
   */
  public static MemoryBudget of(long bytes) {
    if (bytes < (1L << 20)) {
      throw new IllegalArgumentException("memory budget must be >= 1048576 bytes: " + bytes);
    }
    return new MemoryBudget(bytes);
  }

  /** The bound, in bytes. */
  public long capacityBytes() {
    return shared.capacity();
  }

  /** Bytes of memtables charged by all databases (in 64 KiB steps per database). */
  public long memtableBytes() {
    return shared.memtableBytes();
  }

  /** Bytes of blocks in the shared cache. */
  public long blockCacheBytes() {
    return shared.blockBytes();
  }

  /** Bytes charged to the budget for index and filter blocks of open tables. */
  public long tableBytes() {
    return shared.reservedBytes() - shared.memtableBytes();
  }

  /** Everything charged: memtables, cached blocks, index and filter blocks. */
  public long usedBytes() {
    return shared.blockBytes() + shared.reservedBytes();
  }

  @Override
  public String toString() {
    return "MemoryBudget[capacity="
        + capacityBytes()
        + ", memtables="
        + memtableBytes()
        + ", blocks="
        + blockCacheBytes()
        + ", tables="
        + tableBytes()
        + "]";
  }
}
