package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several databases share one {@link MemoryBudget}: their memtables together stay near half the
 * budget (each of them would take 64 MiB alone), equal file numbers in different databases never
 * serve each other's blocks from the shared cache, and closing a database gives its memory back.
 */
class SharedMemoryBudgetTest {
  private static final long BUDGET = 8L << 20;
  private static final int DATABASES = 6;

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void databasesStayWithinOneBudget() {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    MemoryBudget budget = MemoryBudget.of(BUDGET);
    Options options = Options.builder().memoryBudget(budget).compression(Compression.NONE).build();
    Cairn[] dbs = new Cairn[DATABASES];
    int keys = Seeds.scaled(12_000);
    long maxMemtables = 0;
    long maxUsed = 0;
    try {
      for (int d = 0; d < DATABASES; d++) {
        dbs[d] = Cairn.open(dir.resolve("db" + d), options);
      }
      for (int i = 0; i < keys; i++) {
        for (int d = 0; d < DATABASES; d++) {
          // The same keys in every database with different values: a block served from the
          // wrong database's table would give a wrong value.
          dbs[d].put(key(i), value(d, i));
        }
        maxMemtables = Math.max(maxMemtables, budget.memtableBytes());
        maxUsed = Math.max(maxUsed, budget.usedBytes());
      }
      for (int i = 0; i < 20_000; i++) {
        int d = rnd.nextInt(DATABASES);
        int k = rnd.nextInt(keys);
        assertArrayEquals(value(d, k), dbs[d].get(key(k)), "seed " + seed + " db " + d);
        maxUsed = Math.max(maxUsed, budget.usedBytes());
      }
      String memory = dbs[0].property("cairn.memory");
      System.out.printf(
          "shared budget %d: max memtables %d, max used %d%n%s",
          BUDGET, maxMemtables, maxUsed, memory);
      // Memtables may pass their half by each database's smallest switchable memtable and the
      // 64 KiB charging step, no more.
      long slack = DATABASES * ((64L << 10) + (64L << 10));
      assertTrue(maxMemtables <= BUDGET / 2 + slack, "memtables " + maxMemtables + " seed " + seed);
      assertTrue(maxUsed <= BUDGET + slack, "used " + maxUsed + " seed " + seed);
      assertTrue(budget.blockCacheBytes() > 0, "reads went through the shared cache");
      assertTrue(memory.contains("memory.budget " + BUDGET), memory);
      assertEquals(
          budget.memtableBytes(), dbs[0].statistics().get("memory.shared.memtables"), memory);
    } finally {
      for (Cairn db : dbs) {
        if (db != null) {
          db.close();
        }
      }
    }
    assertEquals(0, budget.memtableBytes(), "closed databases hold no memtable charge");
    assertEquals(0, budget.blockCacheBytes(), "closed databases leave no cached blocks");
    assertEquals(0, budget.tableBytes(), "closed databases hold no index or filter charge");
    // Reopened on the same budget, every value is still there.
    try (Cairn db = Cairn.open(dir.resolve("db1"), options)) {
      for (int i = 0; i < keys; i += 97) {
        assertArrayEquals(value(1, i), db.get(key(i)), "seed " + seed);
      }
    }
  }

  @Test
  void budgetArgumentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.of(1000));
    MemoryBudget budget = MemoryBudget.of(1L << 20);
    assertThrows(
        IllegalArgumentException.class,
        () -> Options.builder().memoryBudget(budget).memoryBudgetBytes(4L << 20).build());
    assertEquals(budget, Options.builder().memoryBudget(budget).build().memoryBudget());
    assertEquals(
        budget, Options.builder().memoryBudget(budget).build().toBuilder().build().memoryBudget());
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int db, int i) {
    byte[] v = new byte[200];
    new Random(db * 1_000_003L + i).nextBytes(v);
    return v;
  }
}
