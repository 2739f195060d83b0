package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes far more than the memtable holds (random keys, 100 B to 1 KiB values, overwrites and
 * deletes mixed) and checks that the tree keeps its shape: all data right against a model, level 0
 * never above its stop threshold, space amplification at most 1.2 after a final compaction, write
 * amplification reported.
 *
 * <p>The CI version writes about 60 MB in each compaction style, in memory, with the default
 * options scaled down 128 times (512 KiB memtable and files) so the tree gets as deep as a large
 * database's. The long version ({@code mvn -B -pl cairn-core -am verify -Psustained}) writes 2 GiB
 * to the real file system with the default options; {@code -Dcairn.sustained.bytes=N} picks another
 * volume. The model keeps a seed per key, not the value, so it stays small.
 */
class SustainedWriteTest {
  private static final long LARGE = 1L << 30;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  @Timeout(7200)
  void treeKeepsItsShapeUnderSustainedWrites(CompactionStyle style) {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    long volume = Long.getLong("cairn.sustained.bytes", Seeds.scaled(60) * (1L << 20));
    boolean large = volume >= LARGE;
    // About 1.5 KB of writes per key over the run: each key is written a few times.
    int keySpace = (int) Math.min(Integer.MAX_VALUE, volume / 1500);
    Options options = large ? largeOptions(style) : scaledDownOptions(style);
    Path path = large ? dir.resolve("db") : Path.of("/db");
    Map<Integer, Long> model = new HashMap<>();
    long userBytes = 0;
    int maxL0 = 0;
    long ops = 0;
    long start = System.nanoTime();
    try (Cairn db = Cairn.open(path, options)) {
      while (userBytes < volume) {
        int k = rnd.nextInt(keySpace);
        if (rnd.nextInt(10) == 0) {
          db.delete(key(k));
          model.remove(k);
          userBytes += 16;
        } else {
          long valueSeed = rnd.nextLong();
          byte[] v = value(valueSeed);
          db.put(key(k), v);
          model.put(k, valueSeed);
          userBytes += v.length + 16;
        }
        if (++ops % 500 == 0) {
          maxL0 = Math.max(maxL0, Integer.parseInt(db.property("cairn.num-files-at-level0")));
        }
      }
      long writeNanos = System.nanoTime() - start;
      String ctx = "seed " + seed;
      assertTrue(
          maxL0 <= options.l0StopWritesTrigger(),
          ctx + ": level 0 reached " + maxL0 + " files, over the stop threshold");
      for (int i = 0; i < 2000; i++) {
        int k = rnd.nextInt(keySpace);
        Long valueSeed = model.get(k);
        assertArrayEquals(valueSeed == null ? null : value(valueSeed), db.get(key(k)), ctx);
      }
      String beforeCompaction = db.property("cairn.stats");
      db.compactRange(null, null);
      long live = checkAgainstModel(db, model, ctx);
      if (!large) {
        assertTrue(
            openHandles(options) <= 16 + 8,
            ctx + ": open files exceed the table-cache bound: " + openHandles(options));
      }
      long onDisk = stat(db.property("cairn.stats"), "sst.bytes.live");
      double spaceAmp = onDisk / (double) live;
      String stats = db.property("cairn.stats");
      assertTrue(
          spaceAmp <= 1.2,
          ctx + ": space amplification " + spaceAmp + " after a full compaction\n" + stats);
      System.out.printf(
          Locale.ROOT,
          "SustainedWriteTest %s: %d MB written in %d ops (%d s), %d MB live, max L0 %d, "
              + "space amplification %.3f, before the final compaction: %s, stalls %d (%d ms)%n",
          style,
          userBytes >> 20,
          ops,
          writeNanos / 1_000_000_000L,
          live >> 20,
          maxL0,
          spaceAmp,
          beforeCompaction
              .lines()
              .filter(l -> l.startsWith("write.amplification"))
              .findFirst()
              .orElse(""),
          stat(beforeCompaction, "stall.count"),
          stat(beforeCompaction, "stall.millis"));
    }
  }

  /** The defaults, as a user would open a database. */
  private static Options largeOptions(CompactionStyle style) {
    return Options.builder().compactionStyle(style).build();
  }

  /** The defaults with every size divided by 128, in memory. */
  private static Options scaledDownOptions(CompactionStyle style) {
    return Options.builder()
        .vfs(new MemVfs())
        .memtableBytes(512 << 10)
        .baseLevelBytes(2 << 20)
        .targetFileBytes(512 << 10)
        .compression(Compression.NONE)
        .maxOpenFiles(16)
        .compactionStyle(style)
        .maxBackgroundJobs(3)
        .build();
  }

  /** Every key and value against the model, in one pass in key order; returns the live bytes. */
  private static long checkAgainstModel(Cairn db, Map<Integer, Long> model, String ctx) {
    long live = 0;
    int seen = 0;
    try (Cursor c = db.cursor()) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        String name = new String(c.key(), StandardCharsets.UTF_8);
        int k = Integer.parseInt(name.substring(3));
        Long valueSeed = model.get(k);
        assertTrue(valueSeed != null, ctx + ": deleted or never written key present: " + name);
        assertArrayEquals(value(valueSeed), c.value(), ctx + ": value of " + name);
        live += c.key().length + c.value().length;
        seen++;
      }
    }
    assertTrue(seen == model.size(), ctx + ": " + seen + " keys, model has " + model.size());
    return live;
  }

  /** Files the engine holds open: tables (bounded by maxOpenFiles), WAL, manifest, lock. */
  private static int openHandles(Options options) {
    return ((MemVfs) options.vfs()).openHandles();
  }

  private static long stat(String stats, String name) {
    return stats
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in stats"));
  }

  /** A value of 100 B to 1 KiB derived from its seed, so the model need not keep it. */
  private static byte[] value(long valueSeed) {
    Random r = new Random(valueSeed);
    byte[] v = new byte[100 + r.nextInt(925)];
    r.nextBytes(v);
    return v;
  }

  private static byte[] key(int k) {
    return String.format(Locale.ROOT, "key%013d", k).getBytes(StandardCharsets.UTF_8);
  }
}
