package org.cairndb.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where {@link Arena} puts blocks: the first one in chunk 0, big ones in chunks of their own. */
final class ArenaTest {
  @Test
  void theFirstBlockStartsChunkZeroEvenWhenItIsLarge() {
    Arena a = new Arena(Arena.MIN_CHUNK_BYTES);
    long first = a.allocateFirst(Arena.MIN_CHUNK_BYTES / 2); // above the dedicated-chunk size
    assertEquals(0, Arena.chunkIndex(first));
    assertEquals(Arena.alignUp(0), Arena.offset(first));
    long next = a.allocate(16);
    assertNotEquals(0, next, "no later block may get address 0");
    assertThrows(IllegalStateException.class, () -> a.allocateFirst(8));
  }

  @Test
  void blocksAboveAQuarterChunkGetAChunkOfTheirOwn() {
    Arena a = new Arena(Arena.MIN_CHUNK_BYTES);
    a.allocateFirst(64);
    long small = a.allocate(64);
    long big = a.allocate(Arena.MIN_CHUNK_BYTES / 4 + 1);
    assertEquals(0, Arena.chunkIndex(small));
    assertEquals(1, Arena.chunkIndex(big));
    assertTrue(a.chunks()[1].length >= Arena.MIN_CHUNK_BYTES / 4 + 1);
    assertThrows(IllegalStateException.class, () -> new Arena(4096).allocateFirst(4096));
  }

  /**
   * A memtable with the smallest chunks, whose head is larger than a quarter of a chunk. (With the
   * head outside chunk 0 the searches started from the wrong bytes and never ended.)
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void memtableWithTheSmallestChunksWorks() {
    MemTable t = new MemTable(Arena.MIN_CHUNK_BYTES);
    for (int i = 0; i < 2000; i++) {
      byte[] k = {(byte) (i >>> 8), (byte) i};
      t.add(i + 1, org.cairndb.internal.key.ValueKind.PUT, k, k);
    }
    assertEquals(2000, t.entryCount());
    byte[] k = {3, 7};
    assertEquals(2, t.get(k, Long.MAX_VALUE).length);
  }
}
