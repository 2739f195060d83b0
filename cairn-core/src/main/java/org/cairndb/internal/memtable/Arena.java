package org.cairndb.internal.memtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Append-only storage for the nodes of one {@link MemTable}: a table of large {@code byte[]}
 * chunks, addressed by {@code long} addresses {@code chunkIndex << 32 | offsetInChunk}. Blocks are
 * handed out 8-byte aligned in memory (not merely at offsets divisible by 8; see {@link
 * #BASE_MISALIGNMENT}) so {@link MemTable} can use acquire/release accesses on the 8-byte link
 * slots it keeps in them. A block larger than a quarter of a chunk gets a dedicated chunk of
 * exactly its size, so a big entry neither fails nor wastes the tail of the shared chunk.
 *
 * <p>Thread-safety: {@link #allocate} is called by the single writer only (the memtable's writer);
 * {@link #chunks}, {@link #chunkIndex}, {@link #offset} and {@link #usedBytes} may be called from
 * any thread. Bytes are never freed individually; the whole arena becomes garbage with its
 * memtable.
 */
final class Arena {
  /*
   * Publication of the chunk table (the memtable's design note covers the links):
   *
   * 1. A chunk is stored in the table before any address inside it is handed to the caller, hence
   *    before any node in it is linked (the link is a release store, so a reader that acquires
   *    such an address also sees the table slot).
   * 2. The table only grows. When it is full the writer copies it into an array twice as large,
   *    stores the new chunk there and then publishes the copy with a volatile write; while it has
   *    room the writer stores the chunk into the free slot of the published table in place.
   * 3. So slot i is filled in the first table whose capacity exceeds i, and every later table is
   *    a copy that includes it. A reader holding any table t with t.length > i therefore finds the
   *    chunk in t[i] once it has acquired an address in chunk i; a reader whose table is shorter
   *    re-reads the volatile reference, which is at least as new as the table that held chunk i
   *    when the address was released.
   */

  /** Smallest accepted chunk size; the head node must fit comfortably. */
  static final int MIN_CHUNK_BYTES = 1024;

  /** Largest accepted chunk size. */
  static final int MAX_CHUNK_BYTES = 1 << 30;

  /** Largest block {@link #allocate} accepts (leaves room for alignment padding). */
  static final int MAX_BLOCK_BYTES = Integer.MAX_VALUE - 16;

  /**
   * {@code (address of element 0 of a byte[]) mod 8}. Aligned accesses through {@link
   * MethodHandles#byteArrayViewVarHandle} need the element's memory address to be a multiple of 8,
   * and the array base offset is a JVM detail (16 on common HotSpot configurations, but not
   * guaranteed to be a multiple of 8), so the arena asks the JDK instead of assuming 0.
   */
  static final int BASE_MISALIGNMENT = ByteBuffer.wrap(new byte[16]).alignmentOffset(0, 8);

  private static final int INITIAL_TABLE_CAPACITY = 16;
  private static final VarHandle USED;

  static {
    try {
      USED = MethodHandles.lookup().findVarHandle(Arena.class, "used", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int chunkBytes;

  /** Chunks by index; replaced copy-on-grow, see the note above. */
  private volatile byte[][] table;

  // Writer-only state.
  private int chunkCount;
  private byte[] current;
  private int currentIndex;
  private int position;

  /**
   * Bytes handed out plus alignment padding plus retired chunk tails. Written by the writer with
   * opaque stores (it is a statistic: atomic and eventually visible is enough), read by anyone.
   */
  @SuppressWarnings("UnusedVariable") // accessed through the USED VarHandle
  private long used;

  Arena(int chunkBytes) {
    if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "chunk size "
              + chunkBytes
              + " outside ["
              + MIN_CHUNK_BYTES
              + ", "
              + MAX_CHUNK_BYTES
              + "]");
    }
    this.chunkBytes = chunkBytes;
    this.table = new byte[INITIAL_TABLE_CAPACITY][];
    this.current = new byte[chunkBytes];
    this.currentIndex = addChunk(current);
    this.position = 0;
  }

  static int chunkIndex(long address) {
    return (int) (address >>> 32);
  }

  static int offset(long address) {
    return (int) address;
  }

  /** The smallest index {@code >= pos} whose memory address is 8-byte aligned. */
  static int alignUp(int pos) {
    return ((pos + BASE_MISALIGNMENT + 7) & ~7) - BASE_MISALIGNMENT;
  }

  int chunkBytes() {
    return chunkBytes;
  }

  /**
   * The current chunk table (a volatile read). Readers index it with {@link #chunkIndex} of an
   * address they acquired; if the index is not below its length they call this again.
   */
  byte[][] chunks() {
    return table;
  }

  /** See {@link MemTable#approximateBytes()}. */
  long usedBytes() {
    return (long) USED.getOpaque(this);
  }

  /**
   * The first block, at the start of chunk 0 whatever its size, so that no later block gets address
   * 0 ({@link MemTable} keeps its head there and uses 0 as "no node"). Requires: nothing allocated
   * yet; {@code 0 < bytes <= chunkBytes - 8}.
   */
  long allocateFirst(int bytes) {
    if (chunkCount != 1 || position != 0 || bytes <= 0 || bytes > chunkBytes - 8) {
      throw new IllegalStateException("not the first block of a fresh arena: " + bytes + " bytes");
    }
    int start = alignUp(0);
    position = start + bytes;
    USED.setOpaque(this, (long) position);
    return start;
  }

  /**
   * Returns the address of a fresh zeroed block of {@code bytes} bytes whose start is 8-byte
   * aligned in memory. Requires: {@code 0 < bytes <= MAX_BLOCK_BYTES}; writer thread only.
   */
  long allocate(int bytes) {
    assert bytes > 0 && bytes <= MAX_BLOCK_BYTES;
    long usedNow = (long) USED.getOpaque(this);
    if (bytes > chunkBytes / 4) {
      int start = alignUp(0);
      byte[] dedicated = new byte[start + bytes];
      int index = addChunk(dedicated);
      USED.setOpaque(this, usedNow + dedicated.length);
      return (long) index << 32 | start;
    }
    int start = alignUp(position);
    if (start > current.length - bytes) {
      usedNow += current.length - position; // the tail of the retired chunk is lost
      current = new byte[chunkBytes];
      currentIndex = addChunk(current);
      position = 0;
      start = alignUp(0);
    }
    usedNow += start + bytes - position;
    position = start + bytes;
    USED.setOpaque(this, usedNow);
    return (long) currentIndex << 32 | start;
  }

  private int addChunk(byte[] chunk) {
    int index = chunkCount;
    byte[][] t = table;
    if (index == t.length) {
      // Chunks are at least 1 KiB, so memory runs out long before the capacity could overflow.
      t = Arrays.copyOf(t, 2 * t.length);
      t[index] = chunk;
      table = t; // volatile publication of the grown table (note, point 2)
    } else {
      t[index] = chunk; // made visible by the release that later links a node in it (point 1)
    }
    chunkCount = index + 1;
    return index;
  }
}
