package org.cairndb.internal.memtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.sstable.KeyHash;

/**
 * The in-memory write buffer: a skip list of internal entries ({@code userKey || trailer} → value)
 * in internal-key order, stored without a Java object per entry in an {@link Arena} of large {@code
 * byte[]} chunks.
 *
 * <p>Thread-safety: writers require external synchronization (the engine serializes writes: at most
 * one thread runs {@link #add} at a time, and successive writers are ordered by the engine's lock).
 * Any number of readers ({@link #get}, {@link #iterator}, the statistics) may run concurrently with
 * each other and with the writer, without locks. Entries are never modified or removed; the memory
 * is reclaimed when the memtable becomes unreachable.
 *
 * <p>Node layout. A node address is {@code chunkIndex << 32 | off}, where {@code off} is the offset
 * of the node's level-0 link; {@link #NIL} (0) means "no node". Each node occupies one block of the
 * arena:
 *
 * <pre>
 * node     := tower header ikey value
 * tower    := slot[height-1] ... slot[1] link[0]    ; link[0] at off; 8-byte aligned words
 * slot[i]  := prefix[i] link[i]                     ; prefix[i] at off - 16*i, link[i] 8 bytes on
 * link     := int64 (native order)                  ; address of the next node at that level, or 0
 * prefix   := int64 (native order)                  ; the {@link #prefix} of link[i]'s node
 * header   := keyLen:int32 valueLen:int32 (native)  ; at off + 8
 * ikey     := userKey:byte[keyLen-8] trailer:fixed64 (little-endian, seq << 8 | kind)  ; off + 16
 * value    := byte[valueLen]                        ; empty for a DELETE
 * </pre>
 *
 * The height (1..{@value #MAX_HEIGHT}) is not stored: a reader only follows link[i] of a node it
 * reached through a level-i (or higher) link. The head node is the first block of chunk 0: a full
 * tower with {@code keyLen = valueLen = 0}, never compared. The layout lives only in memory, so
 * native byte order is fine; the internal key keeps the {@link InternalKey} encoding so it can be
 * copied out as is.
 *
 * <p>The prefixes serve the writer only. Its search for an insertion point is bounded by cache
 * misses on nodes (a full 64 MiB memtable is far larger than the CPU caches), and at each level it
 * ends on a node that sorts after the key and so is only compared, never entered. Keeping that
 * node's first eight key bytes beside the link that points to it lets the writer decide most such
 * comparisons without touching the node. Level 0 has no prefix: there the search ends once, on the
 * node it returns, and a prefix would cost eight bytes on every node. Readers ignore the prefixes,
 * so a prefix and its link need not change together atomically.
 */
public final class MemTable {
  /*
   * Design note: how readers run concurrently with the single writer.
   *
   * Invariants:
   * 1. Every byte of a node except its links (header, internal key, value) is written exactly
   *    once, before the node becomes reachable, and never changes afterwards.
   * 2. A node becomes reachable only through a release store of its address into link[i] of its
   *    predecessor at level i. Readers load links with acquire. So a reader that obtained an
   *    address sees everything the writer did before publishing it: the node's contents (1), its
   *    own links, and the chunk that holds it (Arena's note).
   * 3. The writer links a new node bottom-up. Before the release at level i it has already
   *    written the node's link[0..i] (plainly: nobody can see the node yet), each set to the
   *    predecessor's successor at that level. Hence a reader that reaches the node at level j
   *    finds valid links at levels 0..j, and every list it can observe is sorted and complete:
   *    linking only ever splices a node between two nodes that were adjacent at that level.
   * 4. Level i+1 lists a subset of level i at all times, because a node is linked at level i
   *    before level i+1. A search may therefore descend at any point and still find every node
   *    that was reachable at level 0 when it started.
   * 5. maxHeight only grows. It is stored before the new top levels are linked, so a reader that
   *    sees a larger value may find NIL in the head's new levels and simply descends; a reader
   *    that sees an older value starts lower and misses nothing (4).
   *
   * Consequences: a reader never sees a half-built node (1, 2); a search or an iteration step
   * sees every entry whose insertion finished before it started and possibly some inserted
   * concurrently; iteration order is always strictly increasing (3). The engine guarantees
   * unique sequence numbers, so no two entries compare equal (asserted when assertions are on).
   */

  /**
   * The default arena chunk size: 4 MiB less 64 bytes, so that with its array header a chunk fills
   * whole G1 regions exactly (an array of half a region or more gets regions of its own).
   */
  public static final int DEFAULT_CHUNK_BYTES = (4 << 20) - 64;

  /**
   * Tallest tower; with branching 1/2 this suits about 16 million entries, and a larger memtable
   * only searches a little longer.
   *
   * <p>Why 1/2 and not LevelDB's 1/4: the writer's search loads a node only when it moves onto it
   * (the prefixes decide the comparisons that stop a level), and moves per level average {@code
   * (1-p)/p} over {@code log(n)/log(1/p)} levels: about 19 for 450,000 entries at 1/2 against 28 at
   * 1/4. The cost is taller towers, about 11 bytes per node more on average.
   */
  static final int MAX_HEIGHT = 24;

  /** The "no node" address. No node has it: chunk 0 starts with the head's tower. */
  static final long NIL = 0;

  private static final int LINK_BYTES = 8;
  private static final int SLOT_BYTES = 16; // prefix and link, levels 1 and up
  private static final int HEADER_BYTES = 8;
  private static final int KEY_LENGTH_OFFSET = LINK_BYTES;
  private static final int VALUE_LENGTH_OFFSET = LINK_BYTES + 4;
  private static final int KEY_OFFSET = LINK_BYTES + HEADER_BYTES;

  private static final VarHandle LINK =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
  private static final VarHandle TRAILER =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle ENTRIES;

  static {
    try {
      ENTRIES = MethodHandles.lookup().findVarHandle(MemTable.class, "entries", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Arena arena;
  private final long head;

  /** Filter over the user keys added, or null; bits set before an entry is linked. */
  private final KeyFilter filter;

  /** Height of the tallest tower so far (invariant 5). */
  private volatile int maxHeight = 1;

  // Writer-only state.
  /**
   * Predecessors of the insertion point, per level, valid below maxHeight. After an add, levels
   * below the new node's height hold the node itself: exactly the path to a key right after it.
   */
  private final long[] splice = new long[MAX_HEIGHT];

  /** The node added last, or NIL before the first add. */
  private long lastAdded = NIL;

  /** xorshift64* state for tower heights; fixed seed, so layouts are reproducible. */
  private long random = 0x2545F4914F6CDD1DL;

  /** Entry count: opaque stores by the writer, opaque loads by anyone (a statistic). */
  @SuppressWarnings("UnusedVariable") // accessed through the ENTRIES VarHandle
  private long entries;

  /** A memtable with {@link #DEFAULT_CHUNK_BYTES} arena chunks. */
  public MemTable() {
    this(DEFAULT_CHUNK_BYTES);
  }

  /**
   * A memtable whose arena allocates chunks of {@code chunkBytes} (1 KiB to 1 GiB); smaller chunks
   * suit small write buffers, since {@link #approximateBytes()} grows by whole chunks' worth of
   * slack when an entry does not fit the current chunk's tail.
   */
  public MemTable(int chunkBytes) {
    this(chunkBytes, 0);
  }

  /**
   * A memtable as {@link #MemTable(int)} with a Bloom filter of about {@code filterBits} bits over
   * its user keys (0 for none), which lets {@link #get} answer for absent keys without a search.
   * The filter's memory counts in {@link #approximateBytes()}.
   */
  public MemTable(int chunkBytes, long filterBits) {
    if (filterBits < 0) {
      throw new IllegalArgumentException("negative filter size: " + filterBits);
    }
    filter = filterBits > 0 ? new KeyFilter(filterBits) : null;
    arena = new Arena(chunkBytes);
    long block = arena.allocateFirst(towerBytes(MAX_HEIGHT) + HEADER_BYTES);
    head = block + towerBytes(MAX_HEIGHT) - LINK_BYTES; // zeroed: every link NIL, lengths 0
  }

  /**
   * Adds the entry {@code (src[keyOff, keyOff+keyLen), sequence, kind) → src[valueOff,
   * valueOff+valueLen)}. Requires: external synchronization of writers; no entry with the same user
   * key and sequence is present. The bytes are copied; {@code src} is not retained.
   *
   * @param kind {@link ValueKind#PUT} or {@link ValueKind#DELETE} (whose value length must be 0)
   * @throws IllegalArgumentException for an unknown kind, a sequence outside {@code [0,
   *     InternalKey.MAX_SEQUENCE]}, a DELETE with a value, or an entry too large for an array
   * @throws IndexOutOfBoundsException if a slice lies outside {@code src}
   */
  public void add(
      long sequence, int kind, byte[] src, int keyOff, int keyLen, int valueOff, int valueLen) {
    Objects.checkFromIndexSize(keyOff, keyLen, src.length);
    Objects.checkFromIndexSize(valueOff, valueLen, src.length);
    insert(sequence, kind, src, keyOff, keyLen, src, valueOff, valueLen);
  }

  /**
   * Adds {@code (key, sequence, kind) → value}; see {@link #add(long, int, byte[], int, int, int,
   * int)}. For a DELETE, {@code value} must be empty.
   */
  public void add(long sequence, int kind, byte[] key, byte[] value) {
    insert(sequence, kind, key, 0, key.length, value, 0, value.length);
  }

  private void insert(
      long sequence,
      int kind,
      byte[] keySrc,
      int keyOff,
      int keyLen,
      byte[] valueSrc,
      int valueOff,
      int valueLen) {
    if (sequence < 0 || sequence > InternalKey.MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence out of range: " + sequence);
    }
    if (!ValueKind.isKnown(kind)) {
      throw new IllegalArgumentException("unknown value kind: " + kind);
    }
    if (kind == ValueKind.DELETE && valueLen != 0) {
      throw new IllegalArgumentException("a DELETE carries no value");
    }
    int height = randomHeight();
    int towerBytes = towerBytes(height);
    long nodeBytes =
        (long) towerBytes + HEADER_BYTES + keyLen + InternalKey.TRAILER_BYTES + valueLen;
    if (nodeBytes > Arena.MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException("entry too large: " + nodeBytes + " bytes");
    }
    long trailer = InternalKey.trailer(sequence, kind);
    long keyPrefix = prefix(keySrc, keyOff, keyLen);
    long successor = successorIfRightAfterLast(keySrc, keyOff, keyLen, trailer);
    if (successor == NOT_ADJACENT) {
      successor = findInsertionPoint(keySrc, keyOff, keyLen, trailer, keyPrefix);
    }
    assert noEntryWithSameSequence(successor, keySrc, keyOff, keyLen, sequence)
        : "duplicate (user key, sequence) " + sequence;

    // Fill the node completely before anyone can reach it (invariant 1).
    long node = arena.allocate((int) nodeBytes) + towerBytes - LINK_BYTES;
    byte[] c = chunkOf(node);
    int off = Arena.offset(node);
    int keyStart = off + KEY_OFFSET;
    INT.set(c, off + KEY_LENGTH_OFFSET, keyLen + InternalKey.TRAILER_BYTES);
    INT.set(c, off + VALUE_LENGTH_OFFSET, valueLen);
    System.arraycopy(keySrc, keyOff, c, keyStart, keyLen);
    TRAILER.set(c, keyStart + keyLen, trailer);
    System.arraycopy(
        valueSrc, valueOff, c, keyStart + keyLen + InternalKey.TRAILER_BYTES, valueLen);

    if (filter != null) {
      filter.add(KeyHash.hash(keySrc, keyOff, keyLen)); // before the entry becomes reachable
    }
    int oldMax = maxHeight;
    if (height > oldMax) {
      for (int level = oldMax; level < height; level++) {
        splice[level] = head;
      }
      maxHeight = height; // invariant 5: before the new levels are linked
    }
    byte[][] t = arena.chunks();
    for (int level = 0; level < height; level++) {
      long pred = splice[level];
      byte[] pc = t[Arena.chunkIndex(pred)];
      int predLink = linkOffset(Arena.offset(pred), level);
      int nodeLink = linkOffset(off, level);
      if (level > 0) { // the prefixes: the writer's alone, so plain accesses
        LINK.set(c, nodeLink - LINK_BYTES, (long) LINK.get(pc, predLink - LINK_BYTES));
        LINK.set(pc, predLink - LINK_BYTES, keyPrefix);
      }
      LINK.set(c, nodeLink, (long) LINK.getAcquire(pc, predLink));
      LINK.setRelease(pc, predLink, node); // invariants 2 and 3
      splice[level] = node;
    }
    lastAdded = node;
    ENTRIES.setOpaque(this, (long) ENTRIES.getOpaque(this) + 1);
  }

  /** Returned by {@link #successorIfRightAfterLast} when the key is not right after the last. */
  private static final long NOT_ADJACENT = -1;

  /**
   * When the key sorts right after the last added entry (between it and its successor), as in a
   * sequential load or the sorted keys of a batch, the splice already holds its predecessor at
   * every level: below the last node's height the last node itself, above it the last node's own
   * predecessors, whose successors lie beyond the last node's level-0 successor and so beyond the
   * key. Returns the key's level-0 successor (possibly NIL) then, without a search, or {@link
   * #NOT_ADJACENT}. Costs two comparisons with nodes the last add touched.
   */
  private long successorIfRightAfterLast(byte[] key, int keyOff, int keyLen, long trailer) {
    long last = lastAdded;
    if (last == NIL) {
      return NOT_ADJACENT;
    }
    byte[] lc = chunkOf(last);
    int lo = Arena.offset(last);
    if (compare(lc, lo, key, keyOff, keyLen, trailer) >= 0) {
      return NOT_ADJACENT;
    }
    long n = next(lc, lo, 0);
    if (n != NIL && compare(chunkOf(n), Arena.offset(n), key, keyOff, keyLen, trailer) <= 0) {
      return NOT_ADJACENT;
    }
    return n;
  }

  /**
   * The newest entry for {@code userKey} with sequence {@code <= snapshotSeq}, per the {@link
   * Lookup} convention: a new array holding its value, {@link Lookup#DELETED} for a tombstone, or
   * {@code null} if there is none. Sequences above {@link InternalKey#MAX_SEQUENCE} mean "all".
   *
   * @throws IllegalArgumentException if {@code snapshotSeq} is negative
   */
  public byte[] get(byte[] userKey, long snapshotSeq) {
    return get(userKey, filter == null ? 0 : KeyHash.hash(userKey), snapshotSeq);
  }

  /**
   * As {@link #get(byte[], long)}, with {@code keyHash} = {@link KeyHash#hash(byte[])} of {@code
   * userKey} computed once by a caller that looks the key up in several places.
   */
  public byte[] get(byte[] userKey, long keyHash, long snapshotSeq) {
    if (snapshotSeq < 0) {
      throw new IllegalArgumentException("negative snapshot sequence: " + snapshotSeq);
    }
    if (filter != null && !filter.mayContain(keyHash)) {
      return null;
    }
    long seq = Math.min(snapshotSeq, InternalKey.MAX_SEQUENCE);
    long node =
        findGreaterOrEqual(userKey, 0, userKey.length, InternalKey.trailer(seq, ValueKind.MAX));
    if (node == NIL) {
      return null;
    }
    byte[] c = chunkOf(node);
    int off = Arena.offset(node);
    int keyStart = off + KEY_OFFSET;
    int userEnd = keyStart + keyLength(c, off) - InternalKey.TRAILER_BYTES;
    if (!Arrays.equals(c, keyStart, userEnd, userKey, 0, userKey.length)) {
      return null;
    }
    if ((c[userEnd] & 0xFF) == ValueKind.DELETE) { // the kind is the trailer's low byte
      return Lookup.DELETED;
    }
    int valueStart = userEnd + InternalKey.TRAILER_BYTES;
    return Arrays.copyOfRange(c, valueStart, valueStart + valueLength(c, off));
  }

  /**
   * A new iterator over all entries in internal-key order. It may or may not see entries added
   * after it was created or positioned, but only ever complete ones. Not thread-safe itself.
   */
  public InternalIterator iterator() {
    return new MemTableIterator(this);
  }

  /**
   * Arena bytes consumed so far: node bytes, alignment padding, chunk tails left unused when an
   * entry did not fit, and dedicated chunks of large entries. The free remainder of the current
   * chunk is not counted. Any thread; may lag the writer slightly.
   */
  public long approximateBytes() {
    return arena.usedBytes() + (filter == null ? 0 : filter.memoryBytes());
  }

  /** Number of entries added. Any thread; may lag the writer slightly. */
  public long entryCount() {
    return (long) ENTRIES.getOpaque(this);
  }

  /** True if no entry has been published yet. Any thread. */
  public boolean isEmpty() {
    return first() == NIL;
  }

  // ---- Searches, shared with MemTableIterator. All are lock-free and allocation-free. ----

  /** The first node, or NIL. */
  long first() {
    return next(arena.chunks()[0], Arena.offset(head), 0);
  }

  /** The first node whose key is {@code >= (key[keyOff, keyOff+userLen), trailer)}, or NIL. */
  long findGreaterOrEqual(byte[] key, int keyOff, int userLen, long trailer) {
    byte[][] t = arena.chunks();
    byte[] xc = t[0];
    long x = head;
    int xo = Arena.offset(x);
    long knownNotLess = NIL; // a node already compared >= target at a higher level
    int level = maxHeight - 1;
    while (true) {
      long n = next(xc, xo, level);
      if (n != NIL && n != knownNotLess) {
        int ci = Arena.chunkIndex(n);
        if (ci >= t.length) {
          t = arena.chunks();
        }
        byte[] nc = t[ci];
        int no = Arena.offset(n);
        if (compare(nc, no, key, keyOff, userLen, trailer) < 0) {
          x = n;
          xc = nc;
          xo = no;
          continue;
        }
        knownNotLess = n;
      }
      if (level == 0) {
        return n;
      }
      level--;
    }
  }

  /**
   * The writer's search: as {@link #findGreaterOrEqual}, and it also leaves the last node before
   * the key at every level below maxHeight in the splice. On levels 1 and up it compares the key's
   * {@link #prefix} with the prefix kept beside each link first and enters a node only when the two
   * are equal.
   */
  private long findInsertionPoint(
      byte[] key, int keyOff, int userLen, long trailer, long keyPrefix) {
    byte[][] t = arena.chunks(); // the writer allocates the chunks, so this table has them all
    byte[] xc = t[0];
    long x = head;
    int xo = Arena.offset(x);
    long knownNotLess = NIL;
    int level = maxHeight - 1;
    while (true) {
      long n = next(xc, xo, level);
      if (n != NIL && n != knownNotLess) {
        int c =
            level == 0
                ? 0
                : Long.compareUnsigned(
                    (long) LINK.get(xc, linkOffset(xo, level) - LINK_BYTES), keyPrefix);
        byte[] nc = t[Arena.chunkIndex(n)];
        int no = Arena.offset(n);
        if (c == 0) {
          c = compare(nc, no, key, keyOff, userLen, trailer);
        }
        if (c < 0) {
          x = n;
          xc = nc;
          xo = no;
          continue;
        }
        knownNotLess = n;
      }
      splice[level] = x;
      if (level == 0) {
        return n;
      }
      level--;
    }
  }

  /** The last node whose key is {@code < (key[keyOff, keyOff+userLen), trailer)}, or NIL. */
  long findLessThan(byte[] key, int keyOff, int userLen, long trailer) {
    byte[][] t = arena.chunks();
    byte[] xc = t[0];
    long x = head;
    int xo = Arena.offset(x);
    int level = maxHeight - 1;
    while (true) {
      long n = next(xc, xo, level);
      if (n != NIL) {
        int ci = Arena.chunkIndex(n);
        if (ci >= t.length) {
          t = arena.chunks();
        }
        byte[] nc = t[ci];
        int no = Arena.offset(n);
        if (compare(nc, no, key, keyOff, userLen, trailer) < 0) {
          x = n;
          xc = nc;
          xo = no;
          continue;
        }
      }
      if (level == 0) {
        return x == head ? NIL : x;
      }
      level--;
    }
  }

  /** The last node, or NIL; walks right along the top levels first. */
  long findLast() {
    byte[][] t = arena.chunks();
    byte[] xc = t[0];
    long x = head;
    int xo = Arena.offset(x);
    int level = maxHeight - 1;
    while (true) {
      long n = next(xc, xo, level);
      if (n != NIL) {
        int ci = Arena.chunkIndex(n);
        if (ci >= t.length) {
          t = arena.chunks();
        }
        x = n;
        xc = t[ci];
        xo = Arena.offset(n);
        continue;
      }
      if (level == 0) {
        return x == head ? NIL : x;
      }
      level--;
    }
  }

  /**
   * The chunk holding {@code node}, an address obtained from a link (or the head). The volatile
   * table read comes after the acquire that produced the address, so the table includes it.
   */
  byte[] chunkOf(long node) {
    return arena.chunks()[Arena.chunkIndex(node)];
  }

  // ---- Node accessors; node = offset of link[0] within chunk c. ----

  /** link[level] of the node, with acquire semantics (invariant 2). */
  static long next(byte[] c, int node, int level) {
    return (long) LINK.getAcquire(c, linkOffset(node, level));
  }

  /** Offset of link[level] of the node at {@code node}; prefix[level] is the word before it. */
  private static int linkOffset(int node, int level) {
    return level == 0 ? node : node + LINK_BYTES - level * SLOT_BYTES;
  }

  /** Bytes of a tower of {@code height} levels. */
  private static int towerBytes(int height) {
    return LINK_BYTES + (height - 1) * SLOT_BYTES;
  }

  /**
   * The first eight bytes of a user key as an unsigned big-endian number, zero-padded if shorter.
   * If two keys' prefixes differ, the keys compare the same way: at the first differing byte either
   * both have a byte, or the shorter key has ended and is a proper prefix of the longer one.
   */
  static long prefix(byte[] key, int keyOff, int keyLen) {
    if (keyLen >= Long.BYTES) {
      return (long) BIG_ENDIAN_LONG.get(key, keyOff);
    }
    long p = 0;
    for (int i = 0; i < keyLen; i++) {
      p |= (key[keyOff + i] & 0xFFL) << (56 - 8 * i);
    }
    return p;
  }

  /** Length of the node's internal key (user key plus trailer). */
  static int keyLength(byte[] c, int node) {
    return (int) INT.get(c, node + KEY_LENGTH_OFFSET);
  }

  static int valueLength(byte[] c, int node) {
    return (int) INT.get(c, node + VALUE_LENGTH_OFFSET);
  }

  /** Offset in {@code c} of the node's internal key. */
  static int keyStart(int node) {
    return node + KEY_OFFSET;
  }

  /** The trailer of the internal key whose user key ends at {@code userEnd}. */
  static long trailerAt(byte[] c, int userEnd) {
    return (long) TRAILER.get(c, userEnd);
  }

  /**
   * Compares the node's internal key with {@code (key[keyOff, keyOff+userLen), trailer)}: user keys
   * ascending (unsigned bytes), then trailers descending. Trailers are compared unsigned because
   * sequences of 2^55 and above set the trailer's top bit.
   */
  static int compare(byte[] c, int node, byte[] key, int keyOff, int userLen, long trailer) {
    int keyStart = node + KEY_OFFSET;
    int userEnd = keyStart + keyLength(c, node) - InternalKey.TRAILER_BYTES;
    int r = Arrays.compareUnsigned(c, keyStart, userEnd, key, keyOff, keyOff + userLen);
    if (r != 0) {
      return r;
    }
    return Long.compareUnsigned(trailer, trailerAt(c, userEnd));
  }

  // ---- Writer helpers. ----

  /** Heights 1..MAX_HEIGHT with P(height > h) = 2^-h, from one xorshift64* step. */
  private int randomHeight() {
    long r = random;
    r ^= r >>> 12;
    r ^= r << 25;
    r ^= r >>> 27;
    random = r;
    // The multiplied output's high bits are its best; one leading zero bit per extra level.
    int zeros = Long.numberOfLeadingZeros(r * 0x2545F4914F6CDD1DL);
    return 1 + Math.min(MAX_HEIGHT - 1, zeros);
  }

  /**
   * True unless a neighbour of the insertion point has the same user key and sequence. Entries of
   * one user key and sequence are contiguous (their trailers differ only in the kind byte), so
   * checking the two neighbours suffices. Assertion support only.
   */
  private boolean noEntryWithSameSequence(
      long successor, byte[] key, int keyOff, int userLen, long sequence) {
    long pred = splice[0];
    return (pred == head || !sameUserKeyAndSequence(pred, key, keyOff, userLen, sequence))
        && (successor == NIL || !sameUserKeyAndSequence(successor, key, keyOff, userLen, sequence));
  }

  private boolean sameUserKeyAndSequence(
      long node, byte[] key, int keyOff, int userLen, long sequence) {
    byte[] c = chunkOf(node);
    int off = Arena.offset(node);
    int keyStart = off + KEY_OFFSET;
    int userEnd = keyStart + keyLength(c, off) - InternalKey.TRAILER_BYTES;
    return Arrays.equals(c, keyStart, userEnd, key, keyOff, keyOff + userLen)
        && trailerAt(c, userEnd) >>> 8 == sequence;
  }
}
