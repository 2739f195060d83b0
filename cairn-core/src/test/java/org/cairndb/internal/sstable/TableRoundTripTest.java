package org.cairndb.internal.sstable;

import static org.cairndb.internal.sstable.BlockTest.assertLookup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.cairndb.Compression;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.cairndb.internal.util.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TableRoundTripTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  static Stream<Arguments> configs() {
    List<Arguments> out = new ArrayList<>();
    for (int blockSize : new int[] {64, 256, 1024, 4096, 16384}) {
      for (int bloom : new int[] {0, 10}) {
        for (Compression c : Compression.values()) {
          out.add(Arguments.of(blockSize, bloom, c));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void roundTrip(int blockSize, int bloom, Compression compression) {
    long seed = SEED + blockSize * 7919L + bloom * 31L + compression.id();
    String msg = "seed " + seed + " " + blockSize + "/" + bloom + "/" + compression;
    Random rnd = new Random(seed);
    Model m = Model.random(rnd, 800, 3, rnd.nextBoolean() ? 60 : 300);
    TableOptions opts = new TableOptions(blockSize, 1 + rnd.nextInt(16), bloom, compression);
    byte[] file = m.build(opts, 42);
    TableLayout layout = new TableLayout(file);
    long compressed =
        layout.dataBlocks.stream().filter(h -> TableLayout.compressionOf(file, h) != 0).count();
    if (compression == Compression.NONE) {
      assertEquals(0, compressed, msg);
    } else if (blockSize >= 1024) {
      assertTrue(compressed > 0, msg + ": some blocks compress");
    }
    for (BlockHandle h : layout.dataBlocks) {
      int id = TableLayout.compressionOf(file, h);
      assertTrue(id == 0 || id == compression.id(), msg);
    }
    // No cache, a cache that holds everything, or one so small that it turns most blocks away
    // (point lookups then read into a reused per-thread buffer).
    int cacheKind = rnd.nextInt(3);
    BlockCache cache =
        cacheKind == 0 ? null : new BlockCache(cacheKind == 1 ? 1 << 20 : 4 * blockSize + 4096);
    MemFile.Reader rf = new MemFile.Reader(file);
    try (TableReader t = TableReader.open(rf, "t.sst", 42, file.length, cache)) {
      checkProperties(m, t.properties(), compression, msg);
      checkGets(m, t, rnd, rf, cache == null, msg);
      checkIteration(m, t, rnd, msg);
    }
    assertTrue(rf.closed, msg);
  }

  /**
   * Point lookups from several threads through a cache far smaller than the table, with values of
   * varied sizes so the blocks vary too: every value is right, whether its block came from the
   * cache, was read and admitted, or was read into the thread's reused buffer and turned away.
   */
  @ParameterizedTest
  @MethodSource("configs")
  void concurrentPointLookupsThroughASmallCache(int blockSize, int bloom, Compression compression)
      throws InterruptedException {
    long seed = SEED ^ (blockSize * 31L + bloom + 7L * compression.id());
    Random rnd = new Random(seed);
    Model m = Model.random(rnd, 1500, 2, 2000);
    byte[] file = m.build(new TableOptions(blockSize, 16, bloom, compression), 7);
    BlockCache cache = new BlockCache(3L * blockSize + 8192);
    // The expected answers, computed up front: the model is not thread-safe.
    List<byte[]> userKeys = new ArrayList<>();
    List<Long> snaps = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (byte[] k : m.map.keySet()) {
      for (long d = 0; d < 2; d++) {
        byte[] uk = InternalKey.userKey(k);
        long snap = InternalKey.sequence(k) + d;
        userKeys.add(uk);
        snaps.add(snap);
        expected.add(m.get(uk, snap));
      }
    }
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "c.sst", 7, file.length, cache)) {
      Parallel.run(
          4,
          "seed " + seed,
          th -> {
            Random r = new Random(seed + th);
            for (int i = 0; i < 3000; i++) {
              int q = r.nextInt(userKeys.size());
              byte[] got = t.get(userKeys.get(q), snaps.get(q), r.nextInt(4) != 0);
              BlockTest.assertLookup(expected.get(q), got, "seed " + seed);
            }
          });
    }
  }

  /**
   * Scans through a cache far smaller than the table, forward and backward and from random seeks,
   * several times: an iterator reuses its read buffer for blocks the cache turns away, so a block
   * the cache kept must never be overwritten by a later read, nor a block still being iterated.
   */
  @ParameterizedTest
  @MethodSource("configs")
  void scansThroughASmallCacheSeeEveryEntryEveryTime(
      int blockSize, int bloom, Compression compression) {
    long seed = SEED ^ (blockSize * 17L + bloom + 11L * compression.id());
    Random rnd = new Random(seed);
    Model m = Model.random(rnd, 1500, 2, 2000);
    byte[] file = m.build(new TableOptions(blockSize, 16, bloom, compression), 9);
    BlockCache cache = new BlockCache(3L * blockSize + 8192);
    List<byte[]> keys = new ArrayList<>(m.map.keySet());
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "s.sst", 9, file.length, cache)) {
      for (int round = 0; round < 4; round++) {
        try (InternalIterator it = t.iterator(round % 2 == 0)) {
          int i = 0;
          for (it.seekToFirst(); it.isValid(); it.next(), i++) {
            assertArrayEquals(keys.get(i), it.key(), "seed " + seed + " forward " + i);
            assertArrayEquals(m.map.get(keys.get(i)), it.value(), "seed " + seed);
          }
          assertEquals(keys.size(), i, "seed " + seed);
          i = keys.size() - 1;
          for (it.seekToLast(); it.isValid(); it.prev(), i--) {
            assertArrayEquals(keys.get(i), it.key(), "seed " + seed + " backward " + i);
            assertArrayEquals(m.map.get(keys.get(i)), it.value(), "seed " + seed);
          }
          assertEquals(-1, i, "seed " + seed);
          for (int s = 0; s < 50; s++) {
            int at = rnd.nextInt(keys.size());
            it.seek(keys.get(at));
            for (int j = at; j < Math.min(keys.size(), at + 20); j++) {
              assertArrayEquals(keys.get(j), it.key(), "seed " + seed + " seek " + at);
              assertArrayEquals(m.map.get(keys.get(j)), it.value(), "seed " + seed);
              it.next();
            }
          }
        }
      }
    }
  }

  private static void checkProperties(Model m, TableProperties p, Compression c, String msg) {
    assertEquals(m.map.size(), p.entryCount(), msg);
    long deletions =
        m.map.keySet().stream().filter(k -> InternalKey.kind(k) == ValueKind.DELETE).count();
    assertEquals(deletions, p.deletionCount(), msg);
    assertArrayEquals(m.map.firstKey(), p.smallestKey(), msg);
    assertArrayEquals(m.map.lastKey(), p.largestKey(), msg);
    long minSeq = m.map.keySet().stream().mapToLong(InternalKey::sequence).min().getAsLong();
    long maxSeq = m.map.keySet().stream().mapToLong(InternalKey::sequence).max().getAsLong();
    assertEquals(minSeq, p.smallestSequence(), msg);
    assertEquals(maxSeq, p.largestSequence(), msg);
    assertEquals(m.map.keySet().stream().mapToLong(k -> k.length).sum(), p.rawKeyBytes(), msg);
    assertEquals(m.map.values().stream().mapToLong(v -> v.length).sum(), p.rawValueBytes(), msg);
    assertEquals(42, p.fileNumber(), msg);
    assertEquals(1, p.formatVersion(), msg);
    assertEquals(c, p.compression(), msg);
    assertTrue(p.dataBlockCount() > 0, msg);
    assertTrue(p.creationTimeMillis() > 0, msg);
  }

  static void checkGets(
      Model m, TableReader t, Random rnd, MemFile.Reader rf, boolean noCache, String msg) {
    for (byte[] k : m.map.keySet()) {
      byte[] uk = InternalKey.userKey(k);
      long seq = InternalKey.sequence(k);
      for (long snap : new long[] {seq, seq - 1, seq + 1, m.maxSeq, Long.MAX_VALUE, 0, -1}) {
        int before = rf.reads;
        byte[] got =
            rnd.nextBoolean()
                ? t.get(uk, snap, rnd.nextBoolean())
                : t.get(uk, TableReader.keyHash(uk), snap, rnd.nextBoolean());
        assertTrue(rf.reads - before <= 1, msg + ": a get reads at most one block");
        assertLookup(m.get(uk, snap), got, msg + " key " + Bytes.hex(uk) + " snap " + snap);
      }
      assertTrue(t.mayContain(uk), msg);
    }
    for (int i = 0; i < 2000; i++) {
      byte[] uk = InternalKey.userKey(BlockTest.randomTarget(rnd, m));
      long snap = rnd.nextInt((int) m.maxSeq + 2);
      assertLookup(m.get(uk, snap), t.get(uk, snap, true), msg + " key " + Bytes.hex(uk));
    }
    if (noCache) {
      // Without a cache every get that passes the filter reads exactly one block.
      byte[] uk = m.userKeys.get(0);
      int before = rf.reads;
      t.get(uk, Long.MAX_VALUE, true);
      assertEquals(before + 1, rf.reads, msg);
    }
  }

  static void checkIteration(Model m, TableReader t, Random rnd, String msg) {
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(m.map.entrySet());
    try (InternalIterator it = t.iterator(rnd.nextBoolean())) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : entries) {
        assertTrue(it.isValid(), msg);
        assertArrayEquals(e.getKey(), it.key(), msg);
        assertArrayEquals(e.getValue(), it.value(), msg);
        it.next();
      }
      assertFalse(it.isValid(), msg);
      it.seekToLast();
      for (int i = entries.size() - 1; i >= 0; i--) {
        assertTrue(it.isValid(), msg);
        assertArrayEquals(entries.get(i).getKey(), it.key(), msg);
        it.prev();
      }
      assertFalse(it.isValid(), msg);
      for (int i = 0; i < 500; i++) {
        byte[] target =
            rnd.nextBoolean()
                ? entries.get(rnd.nextInt(entries.size())).getKey()
                : BlockTest.randomTarget(rnd, m);
        it.seek(target);
        byte[] expected = m.map.ceilingKey(target);
        for (int step = 0; step < 6; step++) {
          if (expected == null) {
            assertFalse(it.isValid(), msg);
            break;
          }
          assertTrue(it.isValid(), msg);
          assertArrayEquals(expected, it.key(), msg);
          assertArrayEquals(m.map.get(expected), it.value(), msg);
          if (rnd.nextBoolean()) {
            it.next();
            expected = m.map.higherKey(expected);
          } else {
            it.prev();
            expected = m.map.lowerKey(expected);
          }
        }
      }
    }
  }

  @Test
  void singleEntryLargerThanTheBlockSize() {
    Random rnd = new Random(SEED);
    Model m = new Model();
    byte[] big = new byte[1 << 20];
    rnd.nextBytes(big);
    m.map.put(InternalKey.encode(BlockTest.bytes("a"), 1, ValueKind.PUT), BlockTest.bytes("x"));
    m.map.put(InternalKey.encode(BlockTest.bytes("b"), 2, ValueKind.PUT), big);
    m.map.put(InternalKey.encode(BlockTest.bytes("c"), 3, ValueKind.PUT), BlockTest.bytes("y"));
    m.userKeys.add(BlockTest.bytes("b"));
    m.maxSeq = 3;
    for (Compression c : new Compression[] {Compression.NONE, Compression.LZ4}) {
      byte[] file = m.build(TableOptions.defaults().withCompression(c), 5);
      try (TableReader t =
          TableReader.open(new MemFile.Reader(file), "big.sst", 5, file.length, null)) {
        assertArrayEquals(big, t.get(BlockTest.bytes("b"), 10, true), "seed " + SEED);
        assertArrayEquals(BlockTest.bytes("y"), t.get(BlockTest.bytes("c"), 10, true));
        checkIteration(m, t, rnd, "seed " + SEED);
      }
    }
  }

  @Test
  void emptyKeysAndEmptyValues() {
    Model m = new Model();
    byte[] empty = new byte[0];
    m.map.put(InternalKey.encode(empty, 5, ValueKind.PUT), empty);
    m.map.put(InternalKey.encode(empty, 4, ValueKind.DELETE), empty);
    m.map.put(InternalKey.encode(empty, 3, ValueKind.PUT), BlockTest.bytes("v3"));
    m.map.put(InternalKey.encode(new byte[] {0}, 6, ValueKind.PUT), empty);
    m.userKeys.add(empty);
    m.maxSeq = 6;
    byte[] file = m.build(new TableOptions(64, 1, 10, Compression.NONE), 1);
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "e.sst", 1, file.length, null)) {
      byte[] v = t.get(empty, 100, true);
      assertEquals(0, v.length);
      assertFalse(Lookup.isDeleted(v));
      assertSame(Lookup.DELETED, t.get(empty, 4, true));
      assertArrayEquals(BlockTest.bytes("v3"), t.get(empty, 3, true));
      assertNull(t.get(empty, 2, true));
      assertEquals(0, t.get(new byte[] {0}, 6, true).length);
      assertNull(t.get(new byte[] {0}, 5, true));
      assertNull(t.get(new byte[] {1}, 9, true));
      checkIteration(m, t, new Random(SEED), "seed " + SEED);
    }
  }

  @Test
  void emptyTable() {
    MemFile.Writer w = new MemFile.Writer();
    TableBuilder b = new TableBuilder(w, "z.sst", 3, TableOptions.defaults());
    TableProperties p = b.finish();
    assertEquals(0, p.entryCount());
    assertEquals(w.size(), b.fileSize());
    byte[] file = w.bytes();
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "z.sst", 3, file.length, null)) {
      assertNull(t.get(BlockTest.bytes("k"), 1, true));
      assertEquals(0, t.properties().smallestKey().length);
      InternalIterator it = t.iterator(true);
      it.seekToFirst();
      assertFalse(it.isValid());
      it.seekToLast();
      assertFalse(it.isValid());
      it.seek(InternalKey.seekKey(new byte[0], 1));
      assertFalse(it.isValid());
    }
  }

  @Test
  void fileSizeEstimateTracksTheRealSize() {
    Random rnd = new Random(SEED);
    Model m = Model.random(rnd, 3000, 2, 100);
    MemFile.Writer w = new MemFile.Writer();
    TableBuilder b = new TableBuilder(w, "s.sst", 9, TableOptions.defaults());
    long last = 0;
    for (Map.Entry<byte[], byte[]> e : m.map.entrySet()) {
      b.add(e.getKey(), e.getValue());
      assertTrue(b.fileSize() >= w.size(), "seed " + SEED);
      assertTrue(b.fileSize() >= last - 4096, "seed " + SEED);
      last = b.fileSize();
    }
    long estimate = b.fileSize();
    b.finish();
    assertEquals(w.size(), b.fileSize());
    assertTrue(Math.abs(estimate - w.size()) < w.size() / 10 + 512, estimate + " vs " + w.size());
    // Each block and the footer is exactly one append.
    assertEquals(b.properties().dataBlockCount() + 4, w.appends);
  }
}
