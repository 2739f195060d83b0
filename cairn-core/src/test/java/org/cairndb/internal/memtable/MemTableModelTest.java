package org.cairndb.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Randomized comparison of {@link MemTable} with a {@link TreeMap} of internal keys. */
final class MemTableModelTest {
  private static final byte[] ALPHABET = {0x00, 0x01, 'a', 'b', 0x7F, (byte) 0x80, (byte) 0xFF};
  private static final int[] CHUNK_SIZES = {1024, 4096, 1 << 16};

  static Stream<Long> seeds() {
    return ModelKeys.seeds(40);
  }

  /** One randomized scenario; every check names the seed so a failure can be replayed. */
  private static final class Scenario {
    final long seed;
    final Random rnd;
    final MemTable table;
    final int chunkBytes;
    final NavigableMap<byte[], byte[]> model = new TreeMap<>(ModelKeys.ORDER);
    final List<byte[]> userKeys = new ArrayList<>();
    long maxSequence;
    long payloadBytes;

    Scenario(long seed) {
      this.seed = seed;
      this.rnd = new Random(seed);
      this.chunkBytes = CHUNK_SIZES[rnd.nextInt(CHUNK_SIZES.length)];
      this.table = new MemTable(chunkBytes);
      int alphabet = 1 + rnd.nextInt(40);
      userKeys.add(new byte[0]);
      while (userKeys.size() < alphabet) {
        // Keys often extend an existing key, so prefixes and 0x00/0xFF tails are common.
        byte[] base = rnd.nextBoolean() ? userKeys.get(rnd.nextInt(userKeys.size())) : new byte[0];
        byte[] k = Arrays.copyOf(base, base.length + 1 + rnd.nextInt(3));
        for (int i = base.length; i < k.length; i++) {
          k[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        userKeys.add(k);
      }
    }

    String where() {
      return "seed=" + seed + " chunkBytes=" + chunkBytes;
    }

    byte[] randomUserKey() {
      if (rnd.nextInt(8) == 0) { // mostly absent keys
        byte[] k = new byte[rnd.nextInt(5)];
        for (int i = 0; i < k.length; i++) {
          k[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        return k;
      }
      return userKeys.get(rnd.nextInt(userKeys.size()));
    }

    byte[] randomValue() {
      int r = rnd.nextInt(100);
      int len;
      if (r < 10) {
        len = 0;
      } else if (r < 97) {
        len = rnd.nextInt(40);
      } else {
        len = chunkBytes / 4 + rnd.nextInt(2 * chunkBytes); // dedicated chunk territory
      }
      byte[] v = new byte[len];
      rnd.nextBytes(v);
      return v;
    }

    void add(long seq, int kind, byte[] key, byte[] value) {
      if (rnd.nextBoolean()) {
        table.add(seq, kind, key, value);
      } else {
        // The slice API: key and value embedded in one larger array, in either order.
        int pad = rnd.nextInt(5);
        byte[] src = new byte[pad + key.length + value.length + rnd.nextInt(5)];
        rnd.nextBytes(src);
        boolean keyFirst = rnd.nextBoolean();
        int keyOff = keyFirst ? pad : pad + value.length;
        int valueOff = keyFirst ? pad + key.length : pad;
        System.arraycopy(key, 0, src, keyOff, key.length);
        System.arraycopy(value, 0, src, valueOff, value.length);
        table.add(seq, kind, src, keyOff, key.length, valueOff, value.length);
      }
      model.put(InternalKey.encode(key, seq, kind), value);
      maxSequence = Math.max(maxSequence, seq);
      payloadBytes += key.length + InternalKey.TRAILER_BYTES + value.length;
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void matchesTreeMapModel(long seed) {
    Scenario s = new Scenario(seed);
    int n = 50 + s.rnd.nextInt(1500);
    List<Long> sequences = new ArrayList<>();
    // Sometimes near the top of the sequence range, where the trailer's sign bit is set.
    long base = s.rnd.nextInt(4) == 0 ? InternalKey.MAX_SEQUENCE - n : s.rnd.nextInt(1000);
    for (int i = 0; i < n; i++) {
      sequences.add(base + i);
    }
    if (s.rnd.nextBoolean()) {
      Collections.shuffle(sequences, s.rnd); // the memtable must not rely on insertion order
    }
    check(s);
    long lastBytes = s.table.approximateBytes();
    for (int i = 0; i < n; i++) {
      boolean delete = s.rnd.nextInt(4) == 0;
      byte[] key = s.randomUserKey();
      s.add(
          sequences.get(i),
          delete ? ValueKind.DELETE : ValueKind.PUT,
          key,
          delete ? new byte[0] : s.randomValue());
      long bytes = s.table.approximateBytes();
      assertTrue(bytes >= lastBytes + key.length + 8, s.where());
      lastBytes = bytes;
      if (s.rnd.nextInt(Math.max(1, n / 4)) == 0) {
        check(s);
      }
    }
    check(s);
    assertTrue(s.table.approximateBytes() >= s.payloadBytes, s.where());
  }

  /**
   * Sorted runs of keys (ascending, sometimes descending), as a sequential load or a sorted batch
   * adds them: most adds then land right after the previous one and skip the search, and the rest
   * (a run's first key, repeated keys, descending runs) must still land in the right place.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void sortedRunsMatchTreeMapModel(long seed) {
    Scenario s = new Scenario(seed);
    long seq = s.rnd.nextInt(1000);
    int runs = 5 + s.rnd.nextInt(40);
    for (int r = 0; r < runs; r++) {
      List<byte[]> keys = new ArrayList<>();
      int m = 1 + s.rnd.nextInt(80);
      for (int i = 0; i < m; i++) {
        keys.add(s.randomUserKey());
      }
      keys.sort(Arrays::compareUnsigned);
      if (s.rnd.nextInt(4) == 0) {
        Collections.reverse(keys);
      }
      for (byte[] key : keys) {
        boolean delete = s.rnd.nextInt(6) == 0;
        s.add(
            seq++,
            delete ? ValueKind.DELETE : ValueKind.PUT,
            key,
            delete ? new byte[0] : s.randomValue());
      }
      if (s.rnd.nextInt(5) == 0) {
        check(s);
      }
    }
    check(s);
  }

  private static void check(Scenario s) {
    assertEquals(s.model.size(), s.table.entryCount(), s.where());
    assertEquals(s.model.isEmpty(), s.table.isEmpty(), s.where());
    checkGets(s);
    checkScans(s);
    checkSeeksAndWalks(s);
  }

  private static void checkGets(Scenario s) {
    for (int i = 0; i < 100; i++) {
      byte[] userKey = s.randomUserKey();
      long snapshot;
      int r = s.rnd.nextInt(10);
      if (r == 0) {
        snapshot = Long.MAX_VALUE;
      } else if (r == 1) {
        snapshot = InternalKey.MAX_SEQUENCE;
      } else {
        snapshot = Math.max(0, s.maxSequence - s.rnd.nextInt(s.model.size() + 3) + 1);
      }
      byte[] expected = expectedGet(s.model, userKey, snapshot);
      byte[] actual = s.table.get(userKey, snapshot);
      String msg = s.where() + " key=" + Bytes.hex(userKey) + " snapshot=" + snapshot;
      if (expected == null) {
        assertNull(actual, msg);
      } else if (expected == Lookup.DELETED) {
        assertSame(Lookup.DELETED, actual, msg);
      } else {
        assertNotSame(Lookup.DELETED, actual, msg);
        assertArrayEquals(expected, actual, msg);
      }
    }
  }

  private static byte[] expectedGet(
      NavigableMap<byte[], byte[]> model, byte[] userKey, long snapshot) {
    long seq = Math.min(snapshot, InternalKey.MAX_SEQUENCE);
    Map.Entry<byte[], byte[]> e = model.ceilingEntry(InternalKey.seekKey(userKey, seq));
    if (e == null || Bytes.compare(InternalKey.userKey(e.getKey()), userKey) != 0) {
      return null;
    }
    return InternalKey.kind(e.getKey()) == ValueKind.DELETE ? Lookup.DELETED : e.getValue();
  }

  private static void checkScans(Scenario s) {
    try (InternalIterator it = s.table.iterator()) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : s.model.entrySet()) {
        assertEntry(s, e, it);
        it.next();
      }
      assertFalse(it.isValid(), s.where());
      it.seekToLast();
      for (Map.Entry<byte[], byte[]> e : s.model.descendingMap().entrySet()) {
        assertEntry(s, e, it);
        it.prev();
      }
      assertFalse(it.isValid(), s.where());
    }
  }

  private static void checkSeeksAndWalks(Scenario s) {
    try (InternalIterator it = s.table.iterator()) {
      for (int i = 0; i < 30; i++) {
        int[] kinds = {ValueKind.DELETE, ValueKind.PUT, ValueKind.MAX};
        long seq = Math.max(0, s.maxSequence - s.rnd.nextInt(s.model.size() + 3) + 1);
        byte[] target =
            InternalKey.encode(
                s.randomUserKey(),
                Math.min(seq, InternalKey.MAX_SEQUENCE),
                kinds[s.rnd.nextInt(kinds.length)]);
        it.seek(target);
        Map.Entry<byte[], byte[]> expected = s.model.ceilingEntry(target);
        for (int step = 0; step < 20 && expected != null; step++) {
          assertEntry(s, expected, it);
          if (s.rnd.nextBoolean()) {
            it.next();
            expected = s.model.higherEntry(expected.getKey());
          } else {
            it.prev();
            expected = s.model.lowerEntry(expected.getKey());
          }
        }
        if (expected == null) {
          assertFalse(it.isValid(), s.where() + " target=" + Bytes.hex(target));
        }
      }
    }
  }

  private static void assertEntry(Scenario s, Map.Entry<byte[], byte[]> e, InternalIterator it) {
    String msg = s.where() + " expected key=" + Bytes.hex(e.getKey());
    assertTrue(it.isValid(), msg);
    assertArrayEquals(e.getKey(), it.key(), msg);
    assertArrayEquals(e.getValue(), it.value(), msg);
  }
}
