package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.cairndb.Compression;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Parallel;
import org.junit.jupiter.api.Test;

class TableCacheTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  @Test
  void cacheServesRepeatedReads() {
    Model m = Model.random(new Random(SEED), 500, 2, 50);
    byte[] file = m.build(new TableOptions(512, 16, 10, Compression.LZ4), 11);
    BlockCache cache = new BlockCache(1 << 20);
    MemFile.Reader rf = new MemFile.Reader(file);
    try (TableReader t = TableReader.open(rf, "c.sst", 11, file.length, cache)) {
      byte[] k = InternalKey.userKey(m.map.firstKey());
      int reads = rf.reads;
      t.get(k, Long.MAX_VALUE, true);
      t.get(k, Long.MAX_VALUE, true);
      assertEquals(reads + 1, rf.reads);
      assertEquals(1, cache.misses());
      assertEquals(1, cache.hits());

      byte[] other = InternalKey.userKey(m.map.lastKey()); // in another block
      long used = cache.usedBytes();
      reads = rf.reads;
      t.get(other, Long.MAX_VALUE, false);
      t.get(other, Long.MAX_VALUE, false);
      assertEquals(reads + 2, rf.reads, "fillCache=false does not populate the cache");
      assertEquals(used, cache.usedBytes());

      cache.evictFile(11);
      assertEquals(0, cache.usedBytes());
      reads = rf.reads;
      t.get(k, Long.MAX_VALUE, true);
      assertEquals(reads + 1, rf.reads);

      used = cache.usedBytes();
      scan(t, false);
      assertEquals(used, cache.usedBytes(), "a non-filling scan leaves the cache alone");
      scan(t, true);
      long hits = cache.hits();
      long misses = cache.misses();
      reads = rf.reads;
      scan(t, false);
      assertEquals(hits + t.properties().dataBlockCount(), cache.hits(), "all blocks cached");
      assertEquals(misses, cache.misses());
      assertEquals(reads, rf.reads);
    }
  }

  private static void scan(TableReader t, boolean fillCache) {
    try (InternalIterator it = t.iterator(fillCache)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        it.key();
      }
    }
  }

  @Test
  void smallCacheStaysBoundedAndCorrect() {
    Random rnd = new Random(SEED);
    Model m = Model.random(rnd, 3000, 2, 200);
    byte[] file = m.build(new TableOptions(1024, 16, 10, Compression.NONE), 12);
    BlockCache cache = new BlockCache(40_000);
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "s.sst", 12, file.length, cache)) {
      for (int i = 0; i < 20_000; i++) {
        byte[] uk = m.userKeys.get(rnd.nextInt(m.userKeys.size()));
        long snap = rnd.nextInt((int) m.maxSeq + 1);
        BlockTest.assertLookup(m.get(uk, snap), t.get(uk, snap, true), "seed " + SEED);
        assertTrue(cache.usedBytes() <= cache.capacity());
      }
      assertTrue(cache.hits() > 0 && cache.misses() > 0, "seed " + SEED);
    }
  }

  @Test
  void concurrentReadersShareTheCache() throws InterruptedException {
    Model m = Model.random(new Random(SEED), 2000, 3, 100);
    byte[] file = m.build(TableOptions.defaults(), 13);
    m.get(m.userKeys.get(0), 0); // build the model's lazy index before sharing it
    BlockCache cache = new BlockCache(256 << 10);
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "p.sst", 13, file.length, cache)) {
      Parallel.run(
          4,
          "seed " + SEED,
          n -> {
            long seed = SEED + n;
            Random rnd = new Random(seed);
            for (int i = 0; i < 20_000; i++) {
              byte[] uk = m.userKeys.get(rnd.nextInt(m.userKeys.size()));
              long snap = rnd.nextInt((int) m.maxSeq + 1);
              BlockTest.assertLookup(m.get(uk, snap), t.get(uk, snap, true), "seed " + seed);
            }
          });
    }
    assertTrue(cache.usedBytes() <= cache.capacity());
  }
}
