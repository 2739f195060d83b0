package org.cairndb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compaction and read-path options end to end: parallel jobs and the tiered style keep data
 * right, pending-bytes throttling stalls and resumes, the rate limit is applied, read counters add
 * up, and per-level Bloom bits lower the false positives a read meets.
 */
class CompactionOptionsTest {
  private static Options.Builder small() {
    return Options.builder()
        .vfs(new MemVfs())
        .memtableBytes(64 << 10)
        .baseLevelBytes(256 << 10)
        .targetFileBytes(64 << 10)
        .compression(Compression.NONE);
  }

  static long stat(Cairn db, String property, String name) {
    for (String line : db.property(property).lines().toList()) {
      if (line.startsWith(name + " ")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + name + " in " + property);
  }

  private static byte[] key(int k) {
    return String.format(Locale.ROOT, "key%08d", k).getBytes(StandardCharsets.UTF_8);
  }

  /** Random puts and deletes over a key space; checks everything against a model, also reopened. */
  private static void workload(Options options, long seed, int ops, int keySpace) {
    Random rnd = new Random(seed);
    Map<Integer, byte[]> model = new HashMap<>();
    String ctx = "seed " + seed;
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      for (int i = 0; i < ops; i++) {
        int k = rnd.nextInt(keySpace);
        if (rnd.nextInt(8) == 0) {
          db.delete(key(k));
          model.remove(k);
        } else {
          byte[] v = new byte[50 + rnd.nextInt(200)];
          rnd.nextBytes(v);
          db.put(key(k), v);
          model.put(k, v);
        }
        if (i % 997 == 0) {
          int q = rnd.nextInt(keySpace);
          assertArrayEquals(model.get(q), db.get(key(q)), ctx);
        }
      }
      assertTrue(stat(db, "cairn.stats", "compaction.count") > 0, ctx + ": no compaction happened");
    }
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      Model m = new Model();
      model.forEach((k, v) -> m.put(key(k), v));
      m.assertSameAs(db, ctx);
      db.verify();
      db.compactRange(null, null);
      m.assertSameAs(db, ctx + " after a full compaction");
    }
  }

  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  @Timeout(300)
  void parallelJobsKeepDataRight(CompactionStyle style) {
    long seed = Seeds.seed();
    Options options = small().compactionStyle(style).maxBackgroundJobs(4).build();
    workload(options, seed, Seeds.scaled(40_000), 8_000);
  }

  @Test
  @Timeout(300)
  void throttledAndRateLimitedWritesKeepDataRight() {
    long seed = Seeds.seed();
    Options options =
        small()
            .softPendingCompactionBytes(64 << 10)
            .hardPendingCompactionBytes(256 << 10)
            .rateLimitBytesPerSecond(64L << 20)
            .build();
    workload(options, seed, Seeds.scaled(30_000), 8_000);
  }

  @Test
  @Timeout(300)
  void pendingCompactionBytesSlowThenStopWrites() {
    // Background writes are rate limited so compaction cannot clear a backlog at once and the
    // writers surely meet it. Soft limit only: delays, no stops.
    assertTrue(pendingRun(1 << 10, 0, 2L << 20, "slowdown.count") > 0);
    // A tiny hard limit: backlogs stop writes until compaction clears them (which stop a writer
    // meets first, the backlog or the waiting memtables, depends on timing; it must end).
    assertTrue(pendingRun(0, 4 << 10, 2L << 20, "stall.count") > 0);
    // Defaults: this small load never comes near them.
    assertEquals(0, pendingRun(64L << 30, 256L << 30, 0, "stall.pending.compaction.count"));
  }

  private static long pendingRun(long soft, long hard, long rate, String counter) {
    Options options =
        small()
            .softPendingCompactionBytes(soft)
            .hardPendingCompactionBytes(hard)
            .rateLimitBytesPerSecond(rate)
            .build();
    Random rnd = new Random(Seeds.seed());
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      for (int i = 0; i < 20_000; i++) {
        byte[] v = new byte[100];
        rnd.nextBytes(v);
        db.put(key(rnd.nextInt(5_000)), v);
      }
      assertTrue(Long.parseLong(db.property("cairn.pending-compaction-bytes")) >= 0);
      return stat(db, "cairn.stats", counter);
    }
  }

  @Test
  void readCountersAddUp() {
    Options options = small().build();
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      for (int i = 0; i < 5_000; i++) {
        db.put(key(i), new byte[100]);
      }
      db.flush();
      for (int i = 5_000; i < 5_100; i++) {
        db.put(key(i), new byte[10]);
      }
      int hits = 0;
      for (int i = 0; i < 5_100; i += 7) {
        assertTrue(db.get(key(i)) != null);
        hits++;
      }
      for (int i = 0; i < 2_000; i++) {
        // Absent keys inside the tables' key ranges, so the filters are asked.
        byte[] absent = (new String(key(i), StandardCharsets.UTF_8) + "x").getBytes(UTF_8);
        assertNull(db.get(absent));
      }
      long served = stat(db, "cairn.stats", "gets.served.memtable");
      for (int level = 0; level < 7; level++) {
        served += stat(db, "cairn.stats", "gets.served.L" + level);
      }
      assertEquals(hits, served, db.property("cairn.stats"));
      assertTrue(stat(db, "cairn.stats", "bloom.useful") > 1_000, db.property("cairn.stats"));
      assertEquals(
          stat(db, "cairn.stats", "bloom.positive")
              - stat(db, "cairn.stats", "bloom.true.positive"),
          stat(db, "cairn.stats", "bloom.false.positive"));
    }
  }

  /**
   * Per-level Bloom bits (Monkey) against the uniform setting on the same data: the false positives
   * that reads of absent keys meet, summed over all runs they probe, drop.
   */
  @Test
  @Timeout(300)
  void perLevelBloomBitsLowerFalsePositives() {
    long seed = Seeds.seed();
    long uniform = falsePositives(false, seed);
    long perLevel = falsePositives(true, seed);
    System.out.printf(
        Locale.ROOT,
        "Bloom false positives over 50,000 absent keys: uniform %d, per level %d%n",
        uniform,
        perLevel);
    assertTrue(perLevel < uniform, "seed " + seed + ": " + perLevel + " vs " + uniform);
  }

  private static long falsePositives(boolean perLevel, long seed) {
    Options options =
        small()
            .bloomBitsPerKey(6)
            .bloomBitsPerLevel(perLevel)
            .l0CompactionTrigger(12)
            .l0SlowdownWritesTrigger(20)
            .l0StopWritesTrigger(24)
            .build();
    Random rnd = new Random(seed);
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      for (int i = 0; i < 60_000; i++) {
        db.put(key(rnd.nextInt(1_000_000) * 2), new byte[40]);
      }
      db.flush();
      // Both runs must read the same tree: wait until background compaction has settled (the
      // shape then depends on the data alone, not on how busy the machine was).
      awaitSettled(db);
      // Then a few small level-0 tables, so that reads probe several runs of different sizes
      // whatever the settled shape: per-level bits help by moving bits from the big last level to
      // the small runs, and a tree of one or two runs has nothing to move them to.
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 500; i++) {
          db.put(key(rnd.nextInt(1_000_000) * 2), new byte[40]);
        }
        db.flush();
      }
      awaitSettled(db);
      long before = stat(db, "cairn.stats", "bloom.false.positive");
      for (int i = 0; i < 50_000; i++) {
        db.get(key(rnd.nextInt(1_000_000) * 2 + 1));
      }
      return stat(db, "cairn.stats", "bloom.false.positive") - before;
    }
  }

  /** Waits until no level needs compaction and the tree has not changed for 300 ms. */
  private static void awaitSettled(Cairn db) {
    String last = "";
    int stable = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (stable < 3 && System.nanoTime() < deadline) {
      String levels = db.property("cairn.levels");
      boolean due =
          levels
              .lines()
              .skip(1)
              .anyMatch(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1.0);
      stable = !due && levels.equals(last) ? stable + 1 : 0;
      last = levels;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
