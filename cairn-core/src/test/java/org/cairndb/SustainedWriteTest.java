package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes far more than the memtable holds (random keys, 100 B to 1 KiB values, overwrites and
 * deletes mixed) and checks that the tree keeps its shape: all data right against a model, level 0
 * never above its stop threshold, space amplification at most 1.2 after a final compaction. The CI
 * version writes about 60 MB, in each compaction style, with two compaction threads; {@code
 * -Dcairn.nightly=K} multiplies the volume.
 */
class SustainedWriteTest {
  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  @Timeout(600)
  void treeKeepsItsShapeUnderSustainedWrites(CompactionStyle style) {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    int keySpace = Seeds.scaled(40_000);
    int ops = Seeds.scaled(110_000);
    Options options =
        Options.builder()
            .vfs(new MemVfs())
            .memtableBytes(512 << 10)
            .baseLevelBytes(2 << 20)
            .targetFileBytes(512 << 10)
            .compression(Compression.NONE)
            .maxOpenFiles(16)
            .compactionStyle(style)
            .maxBackgroundJobs(3)
            .build();
    Map<Integer, byte[]> model = new HashMap<>();
    long userBytes = 0;
    int maxL0 = 0;
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      for (int i = 0; i < ops; i++) {
        int k = rnd.nextInt(keySpace);
        if (rnd.nextInt(10) == 0) {
          db.delete(key(k));
          model.remove(k);
        } else {
          byte[] v = new byte[100 + rnd.nextInt(925)];
          rnd.nextBytes(v);
          db.put(key(k), v);
          model.put(k, v);
          userBytes += v.length + 16;
        }
        if (i % 500 == 0) {
          maxL0 = Math.max(maxL0, Integer.parseInt(db.property("cairn.num-files-at-level0")));
        }
      }
      String ctx = "seed " + seed;
      assertTrue(
          maxL0 <= options.l0StopWritesTrigger(),
          ctx + ": level 0 reached " + maxL0 + " files, over the stop threshold");
      for (int i = 0; i < 2000; i++) {
        int k = rnd.nextInt(keySpace);
        assertArrayEquals(model.get(k), db.get(key(k)), ctx);
      }
      db.compactRange(null, null);
      long live = 0;
      Model m = new Model();
      for (Map.Entry<Integer, byte[]> e : model.entrySet()) {
        m.put(key(e.getKey()), e.getValue());
        live += 16 + e.getValue().length;
      }
      m.assertSameAs(db, ctx);
      assertTrue(
          openHandles(options) <= 16 + 8,
          ctx + ": open files exceed the table-cache bound: " + openHandles(options));
      long onDisk = sstBytes(db);
      double spaceAmp = onDisk / (double) live;
      String stats = db.property("cairn.stats");
      assertTrue(
          spaceAmp <= 1.2,
          ctx + ": space amplification " + spaceAmp + " after a full compaction\n" + stats);
      System.out.printf(
          java.util.Locale.ROOT,
          "SustainedWriteTest %s: %d MB written, space amplification %.3f, %s%n",
          style,
          userBytes >> 20,
          spaceAmp,
          stats.lines().filter(l -> l.startsWith("write.amplification")).findFirst().orElse(""));
    }
  }

  /** Files the engine holds open: tables (bounded by maxOpenFiles), WAL, manifest, lock. */
  private static int openHandles(Options options) {
    return ((MemVfs) options.vfs()).openHandles();
  }

  private static long sstBytes(Cairn db) {
    for (String line : db.property("cairn.stats").lines().toList()) {
      if (line.startsWith("sst.bytes.live ")) {
        return Long.parseLong(line.substring("sst.bytes.live ".length()));
      }
    }
    throw new AssertionError("no sst.bytes.live in stats");
  }

  private static byte[] key(int k) {
    return String.format(java.util.Locale.ROOT, "key%013d", k)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
