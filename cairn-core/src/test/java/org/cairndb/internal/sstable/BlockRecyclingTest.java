package org.cairndb.internal.sstable;

import static org.cairndb.internal.sstable.BlockTest.assertLookup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cairndb.Compression;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The block cache hands the arrays of evicted blocks to later reads. A block must never be reused
 * while a lookup or an iterator still reads it, however it was evicted.
 */
class BlockRecyclingTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  @Test
  void aBlockEvictedUnderAnIteratorIsReusedOnlyAfterTheIteratorLeavesIt() {
    Random rnd = new Random(SEED);
    Model m = Model.random(rnd, 1500, 1, 200);
    byte[] file = m.build(new TableOptions(1024, 16, 10, Compression.NONE), 5);
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(m.map.entrySet());
    BlockCache cache = new BlockCache(1 << 20);
    try (TableReader t =
            TableReader.open(new MemFile.Reader(file), "r.sst", 5, file.length, cache);
        InternalIterator it = t.iterator(false)) {
      // A lookup caches the first block; the iterator then finds it in the cache, pinned.
      byte[] first = InternalKey.userKey(entries.get(0).getKey());
      assertLookup(m.get(first, Long.MAX_VALUE), t.get(first, Long.MAX_VALUE, true), "first");
      it.seekToFirst();
      cache.evictFile(5);
      assertEquals(0, cache.spareArrays(), "seed " + SEED + ": the iterator still reads it");
      // Lookups of other blocks, all admitted: each takes a spare array, if there is one, as the
      // buffer of its next read, so a recycled first block would be overwritten here.
      for (int i = entries.size() - 1; i > entries.size() / 2; i--) {
        byte[] uk = InternalKey.userKey(entries.get(i).getKey());
        assertLookup(m.get(uk, Long.MAX_VALUE), t.get(uk, Long.MAX_VALUE, true), "seed " + SEED);
      }
      int n = 0;
      for (; it.isValid(); it.next(), n++) {
        assertArrayEquals(entries.get(n).getKey(), it.key(), "seed " + SEED + " entry " + n);
        assertArrayEquals(entries.get(n).getValue(), it.value(), "seed " + SEED + " entry " + n);
      }
      assertEquals(entries.size(), n);
      assertEquals(1, cache.spareArrays(), "seed " + SEED + ": recycled once the iterator left");
    }
  }

  @Test
  void aLookupPinsTheBlockItSearches() {
    Random rnd = new Random(SEED + 1);
    Model m = Model.random(rnd, 400, 2, 100);
    byte[] file = m.build(new TableOptions(512, 16, 0, Compression.NONE), 6);
    BlockCache cache = new BlockCache(1 << 20);
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "p.sst", 6, file.length, cache)) {
      for (byte[] uk : m.userKeys) {
        t.get(uk, Long.MAX_VALUE, true);
      }
      long blocks = cache.misses(); // each block read was admitted: the cache never filled
      assertTrue(blocks > 1 && cache.usedBytes() < cache.capacity() / 2, "seed " + SEED);
      cache.evictFile(6);
      // Every lookup released its pin, so every block went back to the pool (up to its bound).
      assertEquals(Math.min(64, blocks), (long) cache.spareArrays(), "seed " + SEED);
    }
  }

  /**
   * Scans and lookups from several threads through a cache of a few blocks: blocks are admitted,
   * evicted and their arrays reused all the time, and every key and value must still be right.
   */
  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"NONE", "LZ4"})
  void scansAndLookupsShareASmallCacheFromManyThreads(Compression compression)
      throws InterruptedException {
    long seed = SEED ^ compression.id();
    Model m = Model.random(new Random(seed), 2000, 2, 300);
    byte[] file = m.build(new TableOptions(512, 16, 10, compression), 8);
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(m.map.entrySet());
    BlockCache cache = new BlockCache(8L * 512 + 4096);
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "m.sst", 8, file.length, cache)) {
      Parallel.run(
          4,
          "seed " + seed,
          th -> {
            Random r = new Random(seed + th);
            if (th % 2 == 0) {
              scan(t, entries, r, seed);
            } else {
              lookUp(t, m, r, seed);
            }
          });
    }
    assertTrue(cache.usedBytes() <= cache.capacity());
  }

  private static void scan(
      TableReader t, List<Map.Entry<byte[], byte[]>> entries, Random r, long seed) {
    for (int round = 0; round < 6; round++) {
      try (InternalIterator it = t.iterator(r.nextBoolean())) {
        int from = r.nextInt(entries.size());
        it.seek(entries.get(from).getKey());
        for (int i = from; i < entries.size(); i++, it.next()) {
          assertTrue(it.isValid(), "seed " + seed);
          assertArrayEquals(entries.get(i).getKey(), it.key(), "seed " + seed + " at " + i);
          assertArrayEquals(entries.get(i).getValue(), it.value(), "seed " + seed + " at " + i);
        }
        assertFalse(it.isValid(), "seed " + seed);
      }
    }
  }

  private static void lookUp(TableReader t, Model m, Random r, long seed) {
    for (int i = 0; i < 20_000; i++) {
      byte[] uk = m.userKeys.get(r.nextInt(m.userKeys.size()));
      assertLookup(m.get(uk, Long.MAX_VALUE), t.get(uk, Long.MAX_VALUE, true), "seed " + seed);
    }
  }
}
