package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  private static Block build(Model m, int restartInterval) {
    BlockBuilder b = new BlockBuilder(restartInterval);
    for (Map.Entry<byte[], byte[]> e : m.map.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    int len = b.finish();
    assertEquals(len, b.currentSize());
    return Block.decode(Arrays.copyOf(b.buffer(), len), len, "b.sst", 0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 16, 100})
  void roundTripSeekAndPointLookups(int restartInterval) {
    for (int round = 0; round < 20; round++) {
      long seed = SEED + round * 31L + restartInterval;
      String msg = "seed " + seed;
      Random rnd = new Random(seed);
      Model m = Model.random(rnd, 1 + rnd.nextInt(200), 4, 20);
      Block block = build(m, restartInterval);
      List<byte[]> keys = new ArrayList<>(m.map.keySet());

      BlockIterator it = new BlockIterator(block);
      it.seekToFirst();
      for (byte[] k : keys) {
        assertTrue(it.isValid(), msg);
        assertArrayEquals(k, it.key(), msg);
        assertArrayEquals(m.map.get(k), it.value(), msg);
        it.next();
      }
      assertFalse(it.isValid(), msg);

      it.seekToLast();
      for (int i = keys.size() - 1; i >= 0; i--) {
        assertTrue(it.isValid(), msg);
        assertArrayEquals(keys.get(i), it.key(), msg);
        it.prev();
      }
      assertFalse(it.isValid(), msg);

      // Seek to every key, then step both ways across restart points.
      for (int i = 0; i < keys.size(); i++) {
        it.seek(keys.get(i));
        assertArrayEquals(keys.get(i), it.key(), msg);
        if (i + 1 < keys.size()) {
          it.next();
          assertArrayEquals(keys.get(i + 1), it.key(), msg);
          it.prev();
        }
        it.prev();
        if (i > 0) {
          assertArrayEquals(keys.get(i - 1), it.key(), msg);
        } else {
          assertFalse(it.isValid(), msg);
        }
      }
      // Seek between keys: random user keys at random sequences.
      for (int i = 0; i < 300; i++) {
        byte[] target = randomTarget(rnd, m);
        it.seek(target);
        byte[] expected = m.map.ceilingKey(target);
        if (expected == null) {
          assertFalse(it.isValid(), msg);
        } else {
          assertArrayEquals(expected, it.key(), msg);
        }
      }
      // Point lookups through Block.get.
      for (int i = 0; i < 300; i++) {
        byte[] uk =
            rnd.nextBoolean()
                ? m.userKeys.get(rnd.nextInt(m.userKeys.size()))
                : InternalKey.userKey(randomTarget(rnd, m));
        long snap = rnd.nextInt((int) m.maxSeq + 2);
        byte[] got = block.get(uk, InternalKey.trailer(snap, ValueKind.MAX));
        assertLookup(m.get(uk, snap), got, msg + " key " + Bytes.hex(uk) + " snap " + snap);
      }
    }
  }

  static void assertLookup(byte[] expected, byte[] actual, String msg) {
    if (expected == null || expected == Lookup.DELETED) {
      assertSame(expected, actual, msg);
    } else {
      assertArrayEquals(expected, actual, msg);
      assertFalse(Lookup.isDeleted(actual), msg);
    }
  }

  static byte[] randomTarget(Random rnd, Model m) {
    byte[] uk;
    if (rnd.nextBoolean()) {
      uk = m.userKeys.get(rnd.nextInt(m.userKeys.size())).clone();
      if (rnd.nextBoolean() && uk.length > 0) {
        uk[rnd.nextInt(uk.length)] += (byte) (rnd.nextBoolean() ? 1 : -1);
      } else if (rnd.nextBoolean()) {
        uk = Arrays.copyOf(uk, uk.length + 1);
      }
    } else {
      uk = new byte[rnd.nextInt(5)];
      rnd.nextBytes(uk);
    }
    return InternalKey.seekKey(uk, rnd.nextInt((int) m.maxSeq + 2));
  }

  @Test
  void prefixCompressionSharesOnlyUserKeys() {
    Model m = new Model();
    m.map.put(InternalKey.encode(bytes("abcdef"), 9, ValueKind.PUT), bytes("1"));
    m.map.put(InternalKey.encode(bytes("abcdef"), 8, ValueKind.PUT), bytes("2"));
    m.map.put(InternalKey.encode(bytes("abcxyz"), 7, ValueKind.DELETE), new byte[0]);
    Block b = build(m, 16);
    // Entry 2 shares the whole user key "abcdef" (6 bytes) but not its trailer.
    int[] pos = {0};
    assertEquals(0, Coding.getVarint32(b.data, pos, b.limit));
    assertEquals(14, Coding.getVarint32(b.data, pos, b.limit));
    pos[0] += 1 + 14 + 1;
    assertEquals(6, Coding.getVarint32(b.data, pos, b.limit));
    assertEquals(8, Coding.getVarint32(b.data, pos, b.limit));
    pos[0] += 1 + 8 + 1;
    assertEquals(3, Coding.getVarint32(b.data, pos, b.limit));
    assertEquals(11, Coding.getVarint32(b.data, pos, b.limit));
    assertSame(Lookup.DELETED, b.get(bytes("abcxyz"), InternalKey.trailer(100, ValueKind.MAX)));
    assertArrayEquals(bytes("2"), b.get(bytes("abcdef"), InternalKey.trailer(8, ValueKind.MAX)));
    assertEquals(null, b.get(bytes("abcdef"), InternalKey.trailer(7, ValueKind.MAX)));
    assertEquals(null, b.get(bytes("abc"), InternalKey.trailer(100, ValueKind.MAX)));
  }

  @Test
  void emptyBlock() {
    BlockBuilder bb = new BlockBuilder(16);
    int len = bb.finish();
    assertEquals(4, len);
    Block b = Block.decode(bb.buffer(), len, "e.sst", 0);
    BlockIterator it = new BlockIterator(b);
    it.seekToFirst();
    assertFalse(it.isValid());
    it.seekToLast();
    assertFalse(it.isValid());
    it.seek(InternalKey.seekKey(new byte[0], 5));
    assertFalse(it.isValid());
    assertEquals(null, b.get(new byte[0], -1L >>> 1));
  }

  @Test
  void malformedRestartArraysAreCorruption() {
    byte[] d = new byte[12];
    Coding.putInt(d, 8, 5); // 5 restarts cannot fit in 12 bytes
    assertCorrupt(() -> Block.decode(d, 12, "x.sst", 7));
    Coding.putInt(d, 8, -1);
    assertCorrupt(() -> Block.decode(d, 12, "x.sst", 7));
    Coding.putInt(d, 8, 0); // entries but no restarts
    assertCorrupt(() -> Block.decode(d, 12, "x.sst", 7));
    Coding.putInt(d, 8, 1);
    Coding.putInt(d, 4, 3); // first restart must be 0
    assertCorrupt(() -> Block.decode(d, 12, "x.sst", 7));
    assertCorrupt(() -> Block.decode(d, 3, "x.sst", 7));
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> Block.decode(d, 3, "x.sst", 7));
    assertTrue(
        e.getMessage().contains("x.sst") && e.getMessage().contains("offset 7"), e.getMessage());
  }

  /** A block with the given entries (shared, unshared, value length, then raw bytes). */
  private static Block crafted(int[]... entries) {
    byte[] d = new byte[256];
    int p = 0;
    for (int[] e : entries) {
      for (int b : e) {
        d[p++] = (byte) b;
      }
    }
    Coding.putInt(d, p, 0);
    Coding.putInt(d, p + 4, 1);
    return Block.decode(d, p + 8, "c.sst", 99);
  }

  private static void assertEveryReadIsCorrupt(Block b, byte[] userKey) {
    assertCorrupt(() -> b.get(userKey, InternalKey.trailer(100, ValueKind.MAX)));
    BlockIterator it = new BlockIterator(b);
    assertCorrupt(
        () -> {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            it.key();
          }
        });
    assertCorrupt(it::seekToLast);
    assertCorrupt(() -> it.seek(InternalKey.seekKey(userKey, 100)));
  }

  @Test
  void craftedEntriesAreRejected() {
    int[] first = {0, 9, 0, 'a', 1, 5, 0, 0, 0, 0, 0, 0}; // "a" @ seq 5 PUT, empty value
    // Sharing more than the previous user key (1 byte) reaches into its trailer.
    assertEveryReadIsCorrupt(
        crafted(first, new int[] {2, 8, 0, 1, 4, 0, 0, 0, 0, 0, 0}), new byte[] {'a', 1});
    // Fewer than 8 unshared bytes would share trailer bytes.
    assertEveryReadIsCorrupt(crafted(first, new int[] {1, 7, 0, 1, 4, 0, 0, 0, 0, 0}), bytes("b"));
    // A key shorter than a trailer at a restart point.
    assertEveryReadIsCorrupt(crafted(new int[] {0, 3, 0, 'a', 'b', 'c'}), bytes("a"));
    // A value running into the restart array.
    assertEveryReadIsCorrupt(
        crafted(new int[] {0, 9, 50, 'a', 1, 5, 0, 0, 0, 0, 0, 0}), bytes("a"));
    // An unknown value kind.
    assertEveryReadIsCorrupt(crafted(new int[] {0, 9, 0, 'a', 7, 5, 0, 0, 0, 0, 0, 0}), bytes("a"));
    // A varint running past the entries.
    assertEveryReadIsCorrupt(crafted(new int[] {0x80, 0x80}), bytes("a"));
    // The well-formed first entry alone reads fine.
    Block ok = crafted(first);
    assertArrayEquals(new byte[0], ok.get(bytes("a"), InternalKey.trailer(100, ValueKind.MAX)));
  }

  /**
   * Random damage inside a block whose checksum would still pass (the table checks CRCs first):
   * parsing must end in {@link CorruptionException} or succeed, never another exception.
   */
  @Test
  void damagedContentsOnlyEverThrowCorruption() {
    for (int round = 0; round < 400; round++) {
      long seed = SEED + round;
      Random rnd = new Random(seed);
      Model m = Model.random(rnd, 1 + rnd.nextInt(40), 3, 10);
      BlockBuilder bb = new BlockBuilder(1 + rnd.nextInt(4));
      for (Map.Entry<byte[], byte[]> e : m.map.entrySet()) {
        bb.add(e.getKey(), e.getValue());
      }
      int len = bb.finish();
      byte[] d = Arrays.copyOf(bb.buffer(), len);
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = rnd.nextInt(len);
        d[at] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : d[at] ^ (1 << rnd.nextInt(8)));
      }
      try {
        Block b = Block.decode(d, len, "f.sst", 0);
        exercise(b, rnd, m);
      } catch (CorruptionException e) {
        assertTrue(e.getMessage().contains("f.sst"), e.getMessage());
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": unexpected " + e, e);
      }
    }
  }

  private static void exercise(Block b, Random rnd, Model m) {
    BlockIterator it = new BlockIterator(b);
    int steps = 0;
    for (it.seekToFirst(); it.isValid() && steps < 10_000; it.next()) {
      it.key();
      it.value();
      steps++;
    }
    for (it.seekToLast(); it.isValid() && steps < 20_000; it.prev()) {
      it.key();
      steps++;
    }
    for (int i = 0; i < 20; i++) {
      it.seek(randomTarget(rnd, m));
      if (it.isValid()) {
        it.prev();
      }
      byte[] uk = m.userKeys.get(rnd.nextInt(m.userKeys.size()));
      b.get(uk, InternalKey.trailer(rnd.nextInt(1000), ValueKind.MAX));
    }
  }

  static void assertCorrupt(org.junit.jupiter.api.function.Executable e) {
    assertThrows(CorruptionException.class, e);
  }

  static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
