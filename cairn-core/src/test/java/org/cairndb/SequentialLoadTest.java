package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;

/**
 * A load in ascending key order never needs a merge: every flushed table is disjoint from the
 * others and from what lies below, so compactions move whole tables down (several level-0 tables at
 * once) instead of rewriting them. With merges the write amplification would roughly double.
 */
class SequentialLoadTest {
  private static final int KEYS = 30_000;

  @Test
  void ascendingLoadMovesTablesWithoutRewritingThem() throws InterruptedException {
    Options options =
        Options.builder()
            .vfs(new MemVfs())
            .memtableBytes(64 << 10)
            .l0CompactionTrigger(4)
            .baseLevelBytes(256 << 10)
            .targetFileBytes(64 << 10)
            .build();
    try (Cairn db = Cairn.open(Path.of("/db"), options)) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), value(i));
      }
      db.flush();
      long deadline = System.nanoTime() + 60_000_000_000L;
      Map<String, Long> s = db.statistics().asMap();
      while (s.get(Statistics.FILES_AT_LEVEL + "0") >= 4 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        s = db.statistics().asMap();
      }
      long flushed = s.get(Statistics.FLUSH_BYTES_WRITTEN);
      long compacted = s.get(Statistics.COMPACTION_BYTES_WRITTEN);
      long moves = s.get("compaction.trivial.moves");
      assertTrue(flushed > KEYS * 100L, "flushed " + flushed);
      assertTrue(moves >= 10, "tables moved: " + moves);
      assertEquals(0, compacted, "bytes rewritten by compactions of an ascending load");
      for (int i = 0; i < KEYS; i++) {
        assertArrayEquals(value(i), db.get(key(i)), "key " + i);
      }
      db.verify();
    }
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  /** 100 incompressible bytes, a function of i. */
  private static byte[] value(int i) {
    byte[] v = new byte[100];
    new java.util.SplittableRandom(i).nextBytes(v);
    return v;
  }
}
