package org.cairndb.internal.cache;

import java.util.Arrays;

/**
 * One shard of a {@link BlockCache}: a chained hash table of entries, each also on one of two
 * doubly linked LRU lists (probation and protected; heads are sentinels, most recently used first).
 * All methods are synchronized on the shard. Invariants: {@code used} is the sum of the charges of
 * all entries and, with the bytes {@code reserved} for memory held outside the cache, stays {@code
 * <= capacity} whenever entries remain; {@code protectedUsed <= protectedCapacity} after every
 * operation.
 */
final class CacheShard {
  private static final Object SENTINEL_VALUE = new Object();

  /** An entry; also its own list node. */
  private static final class Node {
    final long space;
    final long file;
    final long offset;
    final int hash;
    final Object value;
    final long charge;
    Node chain;
    Node prev;
    Node next;
    boolean inProtected;
    boolean referenced;

    Node(long space, long file, long offset, int hash, Object value, long charge) {
      this.space = space;
      this.file = file;
      this.offset = offset;
      this.hash = hash;
      this.value = value;
      this.charge = charge;
    }

    static Node sentinel() {
      Node s = new Node(0, 0, 0, 0, SENTINEL_VALUE, 0);
      s.prev = s;
      s.next = s;
      return s;
    }
  }

  private final long capacity;
  private final long protectedCapacity;
  private final Node probation = Node.sentinel();
  private final Node protectedList = Node.sentinel();
  private Node[] table = new Node[16];
  private int count;
  private long used;
  private long reserved;
  private long protectedUsed;
  private long hits;
  private long misses;
  private long rejected;

  /** Recent access counts for the admission test; null when every block is admitted. */
  private final FrequencySketch sketch;

  /** Where {@link Recyclable} values give their arrays back. */
  private final ArrayPool pool;

  /** A shard that, with {@code admission}, lets a block into it when full only if used more. */
  CacheShard(long capacity, boolean admission, ArrayPool pool) {
    this.pool = pool;
    this.capacity = capacity;
    this.protectedCapacity = capacity - capacity / 5;
    this.sketch = admission ? new FrequencySketch(capacity / TYPICAL_BLOCK_BYTES) : null;
  }

  /** Block size the admission sketch is sized for; smaller blocks only make it less exact. */
  private static final long TYPICAL_BLOCK_BYTES = 4096;

  synchronized Object get(long space, long file, long offset, int hash) {
    if (sketch != null) {
      sketch.increment(hash);
    }
    Node n = table[hash & (table.length - 1)];
    while (n != null && (n.file != file || n.offset != offset || n.space != space)) {
      n = n.chain;
    }
    if (n == null) {
      misses++;
      return null;
    }
    hits++;
    if (n.value instanceof Recyclable r) {
      r.pin(); // under the lock: the entry cannot be evicted between lookup and pin
    }
    if (n.inProtected) {
      n.referenced = true;
      return n.value;
    }
    unlink(n);
    n.inProtected = true;
    protectedUsed += n.charge;
    linkFirst(protectedList, n);
    while (protectedUsed > protectedCapacity) {
      // Terminates: every pass over a referenced entry clears its bit.
      Node victim = protectedList.prev;
      unlink(victim);
      if (victim.referenced) {
        victim.referenced = false;
        linkFirst(protectedList, victim);
      } else {
        victim.inProtected = false;
        protectedUsed -= victim.charge;
        linkFirst(probation, victim);
      }
    }
    return n.value;
  }

  /** Stores the entry unless it is too large, already present or not admitted; true if stored. */
  synchronized boolean put(
      long space, long file, long offset, int hash, Object value, long charge) {
    if (charge > capacity - reserved) {
      return false;
    }
    int b = hash & (table.length - 1);
    for (Node n = table[b]; n != null; n = n.chain) {
      if (n.file == file && n.offset == offset && n.space == space) {
        return false;
      }
    }
    if (sketch != null && used + reserved + charge > capacity && !admits(hash)) {
      rejected++;
      return false;
    }
    if (value instanceof Recyclable r) {
      r.cachedIn(pool);
    }
    Node node = new Node(space, file, offset, hash, value, charge);
    node.chain = table[b];
    table[b] = node;
    count++;
    used += charge;
    linkFirst(probation, node);
    while (used + reserved > capacity) {
      Node victim = probation.prev;
      if (victim == probation || victim == node) {
        victim = protectedList.prev;
      }
      remove(victim);
    }
    if (count > table.length - (table.length >>> 2)) {
      resize();
    }
    return true;
  }

  /**
   * The admission test of a full shard (TinyLFU): a new block gets in only if it was asked for more
   * often recently than the block it would evict first. A block read once (a scan, or a random read
   * of data far larger than the cache) then goes back to its reader and dies young instead of
   * pushing out a block that is used, and of churning the heap with blocks evicted soon after.
   */
  private boolean admits(int hash) {
    Node victim = probation.prev;
    if (victim == probation) {
      victim = protectedList.prev;
    }
    return victim == protectedList || sketch.frequency(hash) > sketch.frequency(victim.hash);
  }

  /**
   * Changes the bytes held outside the cache but charged to it (index and filter blocks of open
   * tables) by {@code delta}, evicting blocks until they fit beside it again.
   */
  synchronized void reserve(long delta) {
    reserved += delta;
    while (used + reserved > capacity && count > 0) {
      Node victim = probation.prev;
      if (victim == probation) {
        victim = protectedList.prev;
      }
      remove(victim);
    }
  }

  synchronized long reserved() {
    return reserved;
  }

  /** Drops every entry of key space {@code space} and file {@code file} (any file when -1). */
  synchronized void evictFiles(long space, long file) {
    evictFiles(probation, space, file);
    evictFiles(protectedList, space, file);
  }

  private void evictFiles(Node head, long space, long file) {
    Node n = head.next;
    while (n != head) {
      Node following = n.next;
      if (n.space == space && (file == -1 || n.file == file)) {
        remove(n);
      }
      n = following;
    }
  }

  synchronized long used() {
    return used;
  }

  synchronized long hits() {
    return hits;
  }

  synchronized long misses() {
    return misses;
  }

  /** Blocks the admission test turned away. */
  synchronized long rejected() {
    return rejected;
  }

  private void remove(Node victim) {
    unlink(victim);
    if (victim.inProtected) {
      protectedUsed -= victim.charge;
    }
    used -= victim.charge;
    count--;
    if (victim.value instanceof Recyclable r) {
      r.evict();
    }
    int b = victim.hash & (table.length - 1);
    Node n = table[b];
    if (n == victim) {
      table[b] = victim.chain;
      return;
    }
    while (n.chain != victim) {
      n = n.chain;
    }
    n.chain = victim.chain;
  }

  private void resize() {
    Node[] old = table;
    Node[] t = new Node[old.length * 2];
    for (Node head : old) {
      Node n = head;
      while (n != null) {
        Node following = n.chain;
        int b = n.hash & (t.length - 1);
        n.chain = t[b];
        t[b] = n;
        n = following;
      }
    }
    Arrays.fill(old, null);
    table = t;
  }

  private static void unlink(Node n) {
    n.prev.next = n.next;
    n.next.prev = n.prev;
    n.prev = null;
    n.next = null;
  }

  private static void linkFirst(Node head, Node n) {
    n.next = head.next;
    n.prev = head;
    head.next.prev = n;
    head.next = n;
  }
}
