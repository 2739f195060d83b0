package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cairndb.fs.MemVfs;
import org.cairndb.fs.NioVfs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random programs of puts, deletes, batches, gets, cursors (both directions, seeks), snapshots,
 * flushes, compactions and reopens, checked step by step against a {@link TreeMap} model. Tiny
 * memtables and blocks make many SSTables, levels and compactions form.
 */
class CairnModelTest {
  @TempDir Path tmp;

  static Stream<Integer> cases() {
    return IntStream.range(0, Seeds.scaled(24)).boxed();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void randomProgramMatchesModel(int caseIndex) {
    long seed = Seeds.seed();
    try {
      run(seed, caseIndex);
    } catch (Throwable t) {
      throw new AssertionError(
          "case " + caseIndex + " failed; replay with -Dcairn.seed=" + seed, t);
    }
  }

  private static Options randomOptions(Random rnd, boolean memory) {
    Options.Builder b =
        Options.builder()
            .memtableBytes(4096L << rnd.nextInt(4))
            .blockSize(64 << rnd.nextInt(6))
            .bloomBitsPerKey(rnd.nextBoolean() ? 0 : 10)
            .compression(rnd.nextBoolean() ? Compression.NONE : Compression.LZ4)
            .blockCacheBytes(rnd.nextBoolean() ? 0 : 1 << 20)
            .l0CompactionTrigger(2 + rnd.nextInt(3))
            .baseLevelBytes(16 << 10)
            .targetFileBytes(8 << 10)
            .maxManifestBytes(4 << 10)
            .maxOpenFiles(rnd.nextBoolean() ? 16 : 1000)
            .compactionStyle(rnd.nextBoolean() ? CompactionStyle.LEVELED : CompactionStyle.TIERED)
            .maxBackgroundJobs(2 + rnd.nextInt(3))
            .bloomBitsPerLevel(rnd.nextBoolean())
            .walBytesPerSync(rnd.nextBoolean() ? 0 : 1024)
            .mappedWal(rnd.nextInt(4) != 0);
    if (rnd.nextInt(4) == 0) {
      b.memoryBudgetBytes(1L << 20);
    }
    if (rnd.nextInt(4) == 0) {
      b.rateLimitBytesPerSecond(256L << 20);
    }
    if (memory) {
      b.vfs(new MemVfs());
    } else {
      b.vfs(NioVfs.get());
    }
    return b.build();
  }

  private static byte[] randomKey(Random rnd) {
    int kind = rnd.nextInt(20);
    if (kind == 0) {
      return new byte[0];
    }
    int id = rnd.nextInt(300);
    byte[] k = new byte[1 + rnd.nextInt(3) + (kind == 1 ? 40 : 0)];
    k[0] = (byte) (id & 0xFF);
    if (id > 255) {
      k[0] = (byte) 0xFF;
    }
    for (int i = 1; i < k.length; i++) {
      k[i] = (byte) (id * 31 + i);
    }
    return k;
  }

  private static byte[] randomValue(Random rnd) {
    int len = rnd.nextInt(10) == 0 ? rnd.nextInt(2000) : rnd.nextInt(40);
    byte[] v = new byte[len];
    rnd.nextBytes(v);
    return v;
  }

  private void run(long seed, int caseIndex) {
    Random rnd = new Random(seed);
    boolean memory = caseIndex % 4 != 3;
    Options options = randomOptions(rnd, memory);
    Path dir = memory ? Path.of("/db" + caseIndex) : tmp.resolve("db");
    Model model = new Model();
    List<Map.Entry<Snapshot, Model>> snaps = new ArrayList<>();
    Cairn db = Cairn.open(dir, options);
    try {
      int ops = Seeds.scaled(2500);
      for (int step = 0; step < ops; step++) {
        int op = rnd.nextInt(100);
        String ctx = "step " + step;
        if (op < 40) {
          byte[] k = randomKey(rnd);
          byte[] v = randomValue(rnd);
          db.put(k, v, rnd.nextInt(20) == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT);
          model.put(k, v);
        } else if (op < 52) {
          byte[] k = randomKey(rnd);
          db.delete(k);
          model.delete(k);
        } else if (op < 60) {
          WriteBatch b = new WriteBatch();
          int n = rnd.nextInt(8);
          for (int i = 0; i < n; i++) {
            byte[] k = randomKey(rnd);
            if (rnd.nextInt(3) == 0) {
              b.delete(k);
              model.delete(k);
            } else {
              byte[] v = randomValue(rnd);
              b.put(k, v);
              model.put(k, v);
            }
          }
          db.write(b);
        } else if (op < 78) {
          byte[] k = randomKey(rnd);
          assertArrayEquals(model.get(k), db.get(k), ctx + " get");
        } else if (op < 86) {
          checkCursor(db, ReadOptions.DEFAULT, model, rnd, ctx);
        } else if (op < 90) {
          if (snaps.size() < 4) {
            snaps.add(Map.entry(db.snapshot(), new Model(model)));
          } else {
            Map.Entry<Snapshot, Model> s = snaps.remove(rnd.nextInt(snaps.size()));
            checkSnapshot(db, s, rnd, ctx);
            s.getKey().close();
          }
        } else if (op < 93) {
          if (!snaps.isEmpty()) {
            checkSnapshot(db, snaps.get(rnd.nextInt(snaps.size())), rnd, ctx);
          }
        } else if (op < 95) {
          db.flush();
        } else if (op < 97) {
          byte[] a = rnd.nextInt(4) == 0 ? null : randomKey(rnd);
          byte[] b = rnd.nextInt(4) == 0 ? null : randomKey(rnd);
          db.compactRange(a, b);
        } else {
          for (Map.Entry<Snapshot, Model> s : snaps) {
            s.getKey().close();
          }
          snaps.clear();
          db.close();
          db = Cairn.open(dir, options);
          model.assertSameAs(db, ctx + " after reopen");
        }
      }
      db.compactRange(null, null);
      model.assertSameAs(db, "final");
    } finally {
      db.close();
    }
  }

  private static void checkSnapshot(
      Cairn db, Map.Entry<Snapshot, Model> s, Random rnd, String ctx) {
    ReadOptions ro = ReadOptions.snapshot(s.getKey());
    Model m = s.getValue();
    for (int i = 0; i < 10; i++) {
      byte[] k = randomKey(rnd);
      assertArrayEquals(m.get(k), db.get(k, ro), ctx + " snapshot get");
    }
    checkCursor(db, ro, m, rnd, ctx + " snapshot");
  }

  private static void checkCursor(Cairn db, ReadOptions ro, Model model, Random rnd, String ctx) {
    NavigableMap<byte[], byte[]> m = model.map();
    try (Cursor c = db.cursor(ro)) {
      byte[] expectKey = null;
      int moves = 1 + rnd.nextInt(40);
      for (int i = 0; i < moves; i++) {
        int op = rnd.nextInt(10);
        if (op == 0) {
          c.seekToFirst();
          expectKey = m.isEmpty() ? null : m.firstKey();
        } else if (op == 1) {
          c.seekToLast();
          expectKey = m.isEmpty() ? null : m.lastKey();
        } else if (op < 4) {
          byte[] t = randomKey(rnd);
          c.seek(t);
          expectKey = m.ceilingKey(t);
        } else if (op < 5) {
          byte[] t = randomKey(rnd);
          c.seekForPrev(t);
          expectKey = m.floorKey(t);
        } else if (expectKey != null) {
          if (op < 8) {
            c.next();
            expectKey = m.higherKey(expectKey);
          } else {
            c.prev();
            expectKey = m.lowerKey(expectKey);
          }
        }
        if (expectKey == null) {
          assertFalse(c.isValid(), ctx + " cursor should be exhausted");
        } else {
          assertTrue(c.isValid(), ctx + " cursor should be valid");
          assertArrayEquals(expectKey, c.key(), ctx + " cursor key");
          assertArrayEquals(m.get(expectKey), c.value(), ctx + " cursor value");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cursorIsAnImplicitSnapshot(int caseIndex) {
    long seed = Seeds.seed() + caseIndex;
    Random rnd = new Random(seed);
    Options options = randomOptions(rnd, true);
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      Model model = new Model();
      for (int i = 0; i < 300; i++) {
        byte[] k = randomKey(rnd);
        byte[] v = randomValue(rnd);
        db.put(k, v);
        model.put(k, v);
      }
      try (Cursor c = db.cursor()) {
        for (int i = 0; i < 300; i++) {
          byte[] k = randomKey(rnd);
          if (rnd.nextBoolean()) {
            db.put(k, randomValue(rnd));
          } else {
            db.delete(k);
          }
        }
        db.flush();
        db.compactRange(null, null);
        List<byte[]> keys = new ArrayList<>();
        for (c.seekToFirst(); c.isValid(); c.next()) {
          keys.add(c.key());
          assertArrayEquals(model.get(c.key()), c.value(), "seed " + seed);
        }
        assertEquals(model.size(), keys.size(), "seed " + seed);
        List<byte[]> expected = new ArrayList<>(model.map().keySet());
        for (int i = 0; i < keys.size(); i++) {
          assertTrue(Arrays.equals(expected.get(i), keys.get(i)), "seed " + seed);
        }
      }
    }
  }
}
