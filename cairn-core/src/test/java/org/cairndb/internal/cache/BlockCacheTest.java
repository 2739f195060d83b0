package org.cairndb.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.cairndb.internal.util.Parallel;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  /** A distinct value per key so a wrong hit is visible. */
  private static String value(long file, long offset) {
    return file + ":" + offset;
  }

  @Test
  void disabledCacheStoresAndCountsNothing() {
    BlockCache c = new BlockCache(0);
    c.put(1, 0, "x", 10);
    assertNull(c.get(1, 0));
    assertEquals(0, c.usedBytes());
    assertEquals(0, c.hits());
    assertEquals(0, c.misses());
    assertEquals(0, c.shardCount());
    c.evictFile(1);
    assertThrows(IllegalArgumentException.class, () -> new BlockCache(-1));
  }

  @Test
  void countsHitsAndMisses() {
    BlockCache c = new BlockCache(1 << 20);
    assertNull(c.get(1, 0));
    c.put(1, 0, "a", 100);
    assertSame("a", c.get(1, 0));
    assertSame("a", c.get(1, 0));
    assertNull(c.get(1, 1));
    assertNull(c.get(2, 0));
    assertEquals(2, c.hits());
    assertEquals(3, c.misses());
    assertEquals(100 + BlockCache.ENTRY_OVERHEAD, c.usedBytes());
    c.put(1, 0, "b", 5000); // an existing entry is kept
    assertSame("a", c.get(1, 0));
    assertEquals(100 + BlockCache.ENTRY_OVERHEAD, c.usedBytes());
  }

  @Test
  void oversizedBlocksAreNotCached() {
    BlockCache c = new BlockCache(10_000);
    assertEquals(1, c.shardCount());
    c.put(1, 0, "big", 10_000);
    assertNull(c.get(1, 0));
    assertEquals(0, c.usedBytes());
  }

  @Test
  void byteBoundHoldsUnderRandomAccess() {
    for (long capacity : new long[] {50_000, 1 << 20, 64L << 20}) {
      long seed = SEED + capacity;
      Random rnd = new Random(seed);
      BlockCache c = new BlockCache(capacity);
      long maxUsed = 0;
      for (int i = 0; i < 60_000; i++) {
        long file = rnd.nextInt(8);
        long offset = rnd.nextInt(capacity > 1 << 20 ? 20_000 : 400) * 4096L;
        Object v = c.get(file, offset);
        if (v != null) {
          assertEquals(value(file, offset), v, "seed " + seed);
        } else {
          int size = 64 + rnd.nextInt(rnd.nextInt(20) == 0 ? 60_000 : 6000);
          c.put(file, offset, value(file, offset), size);
        }
        assertTrue(c.usedBytes() <= capacity, "seed " + seed + " used " + c.usedBytes());
        maxUsed = Math.max(maxUsed, c.usedBytes());
        if (i % 20_000 == 0) {
          c.evictFile(rnd.nextInt(8));
        }
      }
      assertTrue(c.hits() > 0 && c.misses() > 0, "seed " + seed);
      // One large block may push out many small ones, so the fill is checked over the run.
      assertTrue(maxUsed > capacity / 2, "the cache fills up, seed " + seed);
    }
  }

  @Test
  void evictFileDropsOnlyThatFile() {
    BlockCache c = new BlockCache(1 << 20);
    for (int i = 0; i < 50; i++) {
      c.put(7, i * 4096L, value(7, i), 100);
      c.put(8, i * 4096L, value(8, i), 100);
    }
    c.get(7, 0); // one entry of file 7 in the protected segment
    long before = c.usedBytes();
    c.evictFile(7);
    assertEquals(before / 2, c.usedBytes());
    for (int i = 0; i < 50; i++) {
      assertNull(c.get(7, i * 4096L));
      assertEquals(value(8, i), c.get(8, i * 4096L));
    }
  }

  @Test
  void aScanDoesNotFlushTheHotSet() {
    int block = 1000;
    int charge = block + BlockCache.ENTRY_OVERHEAD;
    BlockCache c = new BlockCache(100L * charge); // one shard, 100 entries
    for (int i = 0; i < 40; i++) {
      c.put(1, i, value(1, i), block);
      assertEquals(value(1, i), c.get(1, i)); // second touch: protected
    }
    for (int i = 0; i < 1000; i++) {
      c.put(2, i, value(2, i), block); // a one-pass scan
    }
    for (int i = 0; i < 40; i++) {
      assertEquals(value(1, i), c.get(1, i), "hot block " + i + " survived the scan");
    }
    assertTrue(c.usedBytes() <= c.capacity());
  }

  @Test
  void referencedProtectedEntriesGetASecondChance() {
    int block = 1000;
    // The replacement lists alone: the admission test would keep the scan below out altogether.
    BlockCache c =
        new BlockCache(100L * (block + BlockCache.ENTRY_OVERHEAD), false); // protected 80
    for (int i = 0; i < 60; i++) {
      c.put(1, i, value(1, i), block);
      c.get(1, i);
    }
    for (int i = 0; i < 10; i++) {
      c.get(1, i); // referenced again while protected
    }
    for (int i = 0; i < 30; i++) {
      c.put(2, i, value(2, i), block);
      c.get(2, i); // overflows protected by 10: the oldest unreferenced are demoted
    }
    for (int i = 0; i < 200; i++) {
      c.put(3, i, value(3, i), block); // flushes probation
    }
    for (int i = 0; i < 60; i++) {
      boolean demoted = i >= 10 && i < 20;
      assertEquals(demoted ? null : value(1, i), c.get(1, i), "entry " + i);
    }
    for (int i = 0; i < 30; i++) {
      assertEquals(value(2, i), c.get(2, i));
    }
  }

  @Test
  void aFullCacheTurnsAwayBlocksReadOnce() {
    int block = 4096; // the block size the admission sketch is sized for
    BlockCache c = new BlockCache(100L * (block + BlockCache.ENTRY_OVERHEAD)); // one shard
    for (int i = 0; i < 100; i++) {
      assertNull(c.get(1, i));
      c.put(1, i, value(1, i), block);
      assertEquals(value(1, i), c.get(1, i));
    }
    for (int i = 0; i < 1000; i++) {
      assertNull(c.get(2, i)); // a reader's miss, then its put: a block read once
      c.put(2, i, value(2, i), block);
    }
    // The sketch is approximate (keys share counters), so a few get in; without the admission
    // test every one of them would (see referencedProtectedEntriesGetASecondChance).
    assertTrue(c.rejected() >= 900, "rejected " + c.rejected());
    for (int i = 20; i < 100; i++) { // the 80 most recently promoted blocks
      assertEquals(value(1, i), c.get(1, i), "protected block " + i + " kept");
    }
    assertTrue(c.usedBytes() <= c.capacity());
  }

  @Test
  void aBlockAskedForMoreOftenThanItsVictimGetsIn() {
    int block = 4096; // the block size the admission sketch is sized for
    BlockCache c = new BlockCache(100L * (block + BlockCache.ENTRY_OVERHEAD));
    for (int i = 0; i < 100; i++) {
      c.put(1, i, value(1, i), block); // never read: frequency 0
    }
    assertNull(c.get(2, 0));
    c.put(2, 0, value(2, 0), block);
    assertEquals(value(2, 0), c.get(2, 0), "asked for once, its victim never");
    assertEquals(0, c.rejected());
    for (int k = 0; k < 3; k++) {
      assertNull(c.get(3, 0));
    }
    c.put(3, 0, value(3, 0), block);
    assertEquals(value(3, 0), c.get(3, 0));
  }

  @Test
  void concurrentUseKeepsTheInvariants() throws InterruptedException {
    BlockCache c = new BlockCache(8L << 20);
    Parallel.run(
        4,
        "seed " + SEED,
        t -> {
          Random rnd = new Random(SEED + t);
          for (int i = 0; i < 50_000; i++) {
            long file = rnd.nextInt(4);
            long offset = rnd.nextInt(5000) * 4096L;
            Object v = c.get(file, offset);
            if (v == null) {
              c.put(file, offset, value(file, offset), 1000 + rnd.nextInt(8000));
            } else if (!v.equals(value(file, offset))) {
              throw new AssertionError("wrong value for " + file + ":" + offset);
            }
            if (i % 10_000 == 0) {
              c.evictFile(file);
            }
          }
        });
    assertTrue(c.usedBytes() <= c.capacity());
    assertEquals(200_000, c.hits() + c.misses());
  }

  @Test
  void viewsOfOneCacheKeepTheirFilesApart() {
    BlockCache root = new BlockCache(8L << 20);
    BlockCache a = root.forDatabase();
    BlockCache b = root.forDatabase();
    a.put(1, 0, "a", 10);
    b.put(1, 0, "b", 10);
    assertEquals("a", a.get(1, 0));
    assertEquals("b", b.get(1, 0));
    a.evictAll();
    assertNull(a.get(1, 0));
    assertEquals("b", b.get(1, 0));
    b.evictFile(1);
    assertNull(b.get(1, 0));
    assertEquals(0, root.usedBytes());
  }

  /** A recyclable value over an array of its own, as a data block is. */
  private static final class Buf extends Recyclable {
    final byte[] a;

    Buf(int n) {
      a = new byte[n];
    }

    @Override
    protected byte[] array() {
      return a;
    }
  }

  @Test
  void anEvictedUnpinnedValueLendsItsArrayToTheNextRead() {
    BlockCache c = new BlockCache(1 << 20);
    Buf b = new Buf(4096);
    assertTrue(c.put(1, 0, b, 4096));
    b.unpin(); // the creator's pin
    assertEquals(0, c.spareArrays(), "a cached value keeps its array");
    c.evictFile(1);
    assertEquals(1, c.spareArrays());
    assertNull(c.spare(4097, 9000), "too small");
    assertNull(c.spare(1000, 2000), "too large");
    assertSame(b.a, c.spare(4000, 8192));
    assertNull(c.spare(0, Integer.MAX_VALUE), "handed out once");
  }

  @Test
  void aValueEvictedWhilePinnedIsRecycledAtItsLastUnpin() {
    BlockCache c = new BlockCache(1 << 20);
    Buf b = new Buf(4096);
    c.put(1, 0, b, 4096);
    assertSame(b, c.get(1, 0)); // pinned again by the lookup
    assertSame(b, c.get(1, 0));
    assertEquals(3, b.pins());
    c.evictAll();
    assertNull(c.get(1, 0));
    b.unpin();
    b.unpin();
    assertEquals(0, c.spareArrays(), "one reader still holds it");
    b.unpin();
    assertEquals(1, c.spareArrays());
    assertThrows(IllegalStateException.class, b::unpin);
  }

  @Test
  void valuesTheCacheDidNotTakeAreNeverPooled() {
    BlockCache c = new BlockCache(1 << 20);
    Buf kept = new Buf(100);
    Buf twin = new Buf(100);
    assertTrue(c.put(1, 0, kept, 100));
    assertFalse(c.put(1, 0, twin, 100), "the key is taken");
    twin.unpin();
    Buf never = new Buf(100);
    never.unpin();
    c.evictFile(1); // kept is still pinned by its creator
    assertEquals(0, c.spareArrays());
    kept.unpin();
    assertEquals(1, c.spareArrays());
    assertSame(kept.a, c.spare(1, 100));
    // A plain value is evicted as before and pins nothing.
    c.put(2, 0, "plain", 10);
    assertEquals("plain", c.get(2, 0));
    c.evictFile(2);
    assertEquals(0, c.spareArrays());
  }

  @Test
  void evictionsUnderPressureFillABoundedPool() {
    BlockCache c = new BlockCache(1 << 20, false);
    for (int i = 0; i < 2000; i++) {
      Buf b = new Buf(4096);
      c.put(1, i, b, 4096);
      b.unpin();
    }
    assertTrue(c.usedBytes() <= c.capacity());
    assertEquals(64, c.spareArrays(), "at most 64 arrays wait in the pool");
    // The pool keeps at most max(1 MiB, capacity / 32) bytes.
    BlockCache big = new BlockCache(1 << 20, false);
    for (int i = 0; i < 100; i++) {
      Buf b = new Buf(100_000);
      big.put(1, i, b, 100_000);
      b.unpin();
    }
    big.evictAll();
    assertEquals(10, big.spareArrays());
  }
}
