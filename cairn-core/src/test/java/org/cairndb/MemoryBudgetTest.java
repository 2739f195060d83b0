package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One memory budget bounds what the database holds: while a database many times the budget is
 * written and read, {@code cairn.memory} stays within the budget and the JVM's heap (measured after
 * a collection) stays under the budget plus a stated overhead for everything the budget does not
 * cover (open file handles, cursors, per-table metadata in the manifest, thread stacks).
 */
class MemoryBudgetTest {
  private static final long BUDGET = 16L << 20;
  private static final long OVERHEAD = 24L << 20;

  @TempDir Path dir;

  @Test
  @Timeout(600)
  void heapStaysWithinTheBudget() {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = usedAfterGc(memory);
    int keys = Seeds.scaled(120_000);
    Options options =
        Options.builder()
            .memoryBudgetBytes(BUDGET)
            .targetFileBytes(2L << 20)
            .compression(Compression.NONE)
            .build();
    long maxHeap = 0;
    long maxCharged = 0;
    try (Cairn db = Cairn.open(dir, options)) {
      for (int i = 0; i < keys; i++) {
        db.put(key(i), value(i, 400));
        if (i % 20_000 == 19_999) {
          maxHeap = Math.max(maxHeap, usedAfterGc(memory) - baseline);
          maxCharged = Math.max(maxCharged, charged(db));
        }
      }
      for (int i = 0; i < 40_000; i++) {
        int k = rnd.nextInt(keys);
        assertArrayEquals(value(k, 400), db.get(key(k)), "seed " + seed);
        if (i % 10_000 == 9_999) {
          maxHeap = Math.max(maxHeap, usedAfterGc(memory) - baseline);
          maxCharged = Math.max(maxCharged, charged(db));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "MemoryBudgetTest: %d MB written, budget %d MB, charged at most %.1f MB, heap growth at"
              + " most %.1f MB%n%s",
          ((long) keys * 420) >> 20,
          BUDGET >> 20,
          maxCharged / 1048576.0,
          maxHeap / 1048576.0,
          db.property("cairn.memory"));
      assertTrue(
          maxCharged <= BUDGET, "charged " + maxCharged + "\n" + db.property("cairn.memory"));
      assertTrue(
          maxHeap <= BUDGET + OVERHEAD,
          "heap grew by " + maxHeap + " bytes\n" + db.property("cairn.memory"));
    }
  }

  private static long charged(Cairn db) {
    return CompactionOptionsTest.stat(db, "cairn.memory", "total");
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static byte[] key(int i) {
    return String.format(Locale.ROOT, "k%010d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i, int len) {
    byte[] v = new byte[len];
    new Random(i).nextBytes(v);
    return v;
  }
}
