package org.cairndb.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.sstable.KeyHash;
import org.junit.jupiter.api.Test;

/**
 * The memtable's key filter never hides a key that was added, rejects most keys that were not, and
 * a memtable with a filter answers every lookup exactly as one without.
 */
class KeyFilterTest {
  @Test
  void noFalseNegativesAndFewFalsePositives() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random rnd = new Random(seed);
    int n = 100_000;
    KeyFilter f = new KeyFilter(10L * n);
    long[] added = new long[n];
    for (int i = 0; i < n; i++) {
      added[i] =
          KeyHash.hash(("present" + i + "-" + rnd.nextInt()).getBytes(StandardCharsets.UTF_8));
      f.add(added[i]);
    }
    for (long h : added) {
      assertTrue(f.mayContain(h), "false negative, seed " + seed);
    }
    int falsePositives = 0;
    for (int i = 0; i < n; i++) {
      if (f.mayContain(KeyHash.hash(("absent" + i).getBytes(StandardCharsets.UTF_8)))) {
        falsePositives++;
      }
    }
    // About 1% expected at 10 bits per key; 3% leaves room for the blocked layout's variance.
    assertTrue(falsePositives < n * 3 / 100, falsePositives + " false positives, seed " + seed);
  }

  @Test
  void filteredMemtableAnswersLikeAnUnfilteredOne() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random rnd = new Random(seed);
    MemTable plain = new MemTable(64 << 10);
    // A deliberately small filter, so false positives happen and must fall through to the search.
    MemTable filtered = new MemTable(64 << 10, 4096);
    Map<String, byte[]> latest = new HashMap<>();
    for (long seq = 1; seq <= 20_000; seq++) {
      byte[] key = ("k" + rnd.nextInt(5_000)).getBytes(StandardCharsets.UTF_8);
      if (rnd.nextInt(5) == 0) {
        plain.add(seq, ValueKind.DELETE, key, new byte[0]);
        filtered.add(seq, ValueKind.DELETE, key, new byte[0]);
        latest.put(new String(key, StandardCharsets.UTF_8), Lookup.DELETED);
      } else {
        byte[] value = new byte[rnd.nextInt(20)];
        rnd.nextBytes(value);
        plain.add(seq, ValueKind.PUT, key, value);
        filtered.add(seq, ValueKind.PUT, key, value);
        latest.put(new String(key, StandardCharsets.UTF_8), value);
      }
    }
    for (int i = 0; i < 10_000; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
      long snapshot = rnd.nextInt(25_000);
      byte[] expected = plain.get(key, snapshot);
      byte[] actual = filtered.get(key, snapshot);
      if (expected == Lookup.DELETED) {
        assertSame(Lookup.DELETED, actual, "seed " + seed);
      } else {
        assertArrayEquals(expected, actual, "key " + i + " at " + snapshot + ", seed " + seed);
      }
      if (i >= 5_000) {
        assertNull(actual, "never-written key, seed " + seed);
      }
    }
    for (Map.Entry<String, byte[]> e : latest.entrySet()) {
      byte[] got = filtered.get(e.getKey().getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE);
      if (e.getValue() == Lookup.DELETED) {
        assertSame(Lookup.DELETED, got, "seed " + seed);
      } else {
        assertArrayEquals(e.getValue(), got, "seed " + seed);
      }
    }
  }
}
