package org.cairndb.internal.memtable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.junit.jupiter.api.Test;

/** Edge cases of {@link MemTable} and its iterator. */
final class MemTableTest {
  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void emptyTable() {
    MemTable t = new MemTable();
    assertTrue(t.isEmpty());
    assertEquals(0, t.entryCount());
    assertNull(t.get(b("a"), Long.MAX_VALUE));
    assertNull(t.get(new byte[0], 0));
    try (InternalIterator it = t.iterator()) {
      it.seekToFirst();
      assertFalse(it.isValid());
      it.seekToLast();
      assertFalse(it.isValid());
      it.seek(InternalKey.seekKey(b("a"), 5));
      assertFalse(it.isValid());
      assertThrows(IllegalStateException.class, it::next);
      assertThrows(IllegalStateException.class, it::prev);
      assertThrows(IllegalStateException.class, it::key);
      assertThrows(IllegalStateException.class, it::value);
    }
  }

  @Test
  void versionsAndSnapshots() {
    MemTable t = new MemTable();
    t.add(10, ValueKind.PUT, b("k"), b("v10"));
    t.add(20, ValueKind.DELETE, b("k"), new byte[0]);
    t.add(30, ValueKind.PUT, b("k"), b("v30"));
    t.add(15, ValueKind.PUT, b("j"), b("j15"));
    assertEquals(4, t.entryCount());
    assertFalse(t.isEmpty());
    assertNull(t.get(b("k"), 9));
    assertArrayEquals(b("v10"), t.get(b("k"), 10));
    assertArrayEquals(b("v10"), t.get(b("k"), 19));
    assertSame(Lookup.DELETED, t.get(b("k"), 20));
    assertSame(Lookup.DELETED, t.get(b("k"), 29));
    assertArrayEquals(b("v30"), t.get(b("k"), 30));
    assertArrayEquals(b("v30"), t.get(b("k"), Long.MAX_VALUE));
    assertNull(t.get(b("j"), 14));
    assertArrayEquals(b("j15"), t.get(b("j"), 15));
    // Neither a prefix nor an extension of a present key matches it.
    assertNull(t.get(b(""), Long.MAX_VALUE));
    assertNull(t.get(b("kk"), Long.MAX_VALUE));
    assertNull(t.get(b("l"), Long.MAX_VALUE));
    // Each lookup returns a fresh array.
    byte[] first = t.get(b("k"), 30);
    first[0] = 'X';
    assertArrayEquals(b("v30"), t.get(b("k"), 30));

    try (InternalIterator it = t.iterator()) {
      it.seekToFirst();
      assertArrayEquals(InternalKey.encode(b("j"), 15, ValueKind.PUT), it.key());
      it.next();
      assertArrayEquals(InternalKey.encode(b("k"), 30, ValueKind.PUT), it.key());
      it.next();
      assertArrayEquals(InternalKey.encode(b("k"), 20, ValueKind.DELETE), it.key());
      assertArrayEquals(new byte[0], it.value());
      it.next();
      assertArrayEquals(InternalKey.encode(b("k"), 10, ValueKind.PUT), it.key());
      assertArrayEquals(b("v10"), it.value());
      it.next();
      assertFalse(it.isValid());
      it.seek(InternalKey.seekKey(b("k"), 25));
      assertArrayEquals(InternalKey.encode(b("k"), 20, ValueKind.DELETE), it.key());
      it.prev();
      assertArrayEquals(InternalKey.encode(b("k"), 30, ValueKind.PUT), it.key());
      it.seekToLast();
      assertArrayEquals(InternalKey.encode(b("k"), 10, ValueKind.PUT), it.key());
    }
  }

  @Test
  void emptyKeysAndValuesAndExtremeBytes() {
    MemTable t = new MemTable(1024);
    byte[] ff = {(byte) 0xFF, (byte) 0xFF};
    byte[] zero = {0};
    t.add(1, ValueKind.PUT, new byte[0], new byte[0]);
    t.add(2, ValueKind.PUT, zero, ff);
    t.add(3, ValueKind.PUT, ff, zero);
    t.add(4, ValueKind.DELETE, new byte[0], new byte[0]);
    byte[] empty = t.get(new byte[0], 1);
    assertArrayEquals(new byte[0], empty);
    assertNotSame(Lookup.DELETED, empty);
    assertSame(Lookup.DELETED, t.get(new byte[0], 4));
    assertArrayEquals(ff, t.get(zero, 2));
    assertArrayEquals(zero, t.get(ff, 3));
    assertNull(t.get(new byte[] {(byte) 0xFF}, 3));
    try (InternalIterator it = t.iterator()) {
      it.seekToFirst();
      assertArrayEquals(InternalKey.encode(new byte[0], 4, ValueKind.DELETE), it.key());
      it.seekToLast();
      assertArrayEquals(InternalKey.encode(ff, 3, ValueKind.PUT), it.key());
      it.prev();
      assertArrayEquals(InternalKey.encode(zero, 2, ValueKind.PUT), it.key());
    }
  }

  @Test
  void valuesLargerThanAChunk() {
    MemTable t = new MemTable();
    byte[] big = new byte[MemTable.DEFAULT_CHUNK_BYTES + 12345];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    byte[] bigKey = new byte[MemTable.DEFAULT_CHUNK_BYTES / 2];
    Arrays.fill(bigKey, (byte) 'c'); // sorts between "big" and "small"
    t.add(1, ValueKind.PUT, b("small"), b("s"));
    long before = t.approximateBytes();
    t.add(2, ValueKind.PUT, b("big"), big);
    t.add(3, ValueKind.PUT, bigKey, b("v"));
    t.add(4, ValueKind.PUT, b("tail"), b("t"));
    assertTrue(t.approximateBytes() >= before + big.length + bigKey.length);
    assertArrayEquals(big, t.get(b("big"), 2));
    assertArrayEquals(b("v"), t.get(bigKey, 3));
    assertArrayEquals(b("s"), t.get(b("small"), 9));
    assertArrayEquals(b("t"), t.get(b("tail"), 9));
    try (InternalIterator it = t.iterator()) {
      it.seek(InternalKey.seekKey(b("big"), 9));
      assertArrayEquals(big, it.value());
      it.next();
      assertArrayEquals(InternalKey.encode(bigKey, 3, ValueKind.PUT), it.key());
    }
  }

  @Test
  void sequencesWithTheTrailerSignBitSet() {
    MemTable t = new MemTable();
    long top = InternalKey.MAX_SEQUENCE;
    long low = (1L << 55) - 1; // below the sign bit of the trailer
    t.add(low, ValueKind.PUT, b("k"), b("low"));
    t.add(top, ValueKind.PUT, b("k"), b("top"));
    t.add(top - 1, ValueKind.DELETE, b("k"), new byte[0]);
    assertArrayEquals(b("top"), t.get(b("k"), Long.MAX_VALUE));
    assertSame(Lookup.DELETED, t.get(b("k"), top - 1));
    assertArrayEquals(b("low"), t.get(b("k"), top - 2));
    assertNull(t.get(b("k"), low - 1));
    try (InternalIterator it = t.iterator()) {
      it.seekToFirst();
      assertEquals(top, InternalKey.sequence(it.key()));
      it.next();
      assertEquals(top - 1, InternalKey.sequence(it.key()));
      it.next();
      assertEquals(low, InternalKey.sequence(it.key()));
    }
  }

  @Test
  void sliceAddCopiesTheSource() {
    MemTable t = new MemTable();
    byte[] src = b("xxKEYvalueyy");
    t.add(7, ValueKind.PUT, src, 2, 3, 5, 5);
    Arrays.fill(src, (byte) 0);
    assertArrayEquals(b("value"), t.get(b("KEY"), 7));
    try (InternalIterator it = t.iterator()) {
      it.seekToFirst();
      assertArrayEquals(InternalKey.encode(b("KEY"), 7, ValueKind.PUT), it.key());
      byte[] k = it.key();
      k[0] = 0;
      assertArrayEquals(InternalKey.encode(b("KEY"), 7, ValueKind.PUT), it.key());
    }
  }

  @Test
  void rejectsInvalidArguments() {
    MemTable t = new MemTable();
    byte[] src = new byte[4];
    assertThrows(IllegalArgumentException.class, () -> t.add(-1, ValueKind.PUT, b("k"), b("v")));
    assertThrows(
        IllegalArgumentException.class,
        () -> t.add(InternalKey.MAX_SEQUENCE + 1, ValueKind.PUT, b("k"), b("v")));
    assertThrows(IllegalArgumentException.class, () -> t.add(1, ValueKind.MAX, b("k"), b("v")));
    assertThrows(
        IllegalArgumentException.class, () -> t.add(1, ValueKind.RESERVED_MERGE, b("k"), b("v")));
    assertThrows(IllegalArgumentException.class, () -> t.add(1, ValueKind.DELETE, b("k"), b("v")));
    assertThrows(IndexOutOfBoundsException.class, () -> t.add(1, ValueKind.PUT, src, 2, 3, 0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> t.add(1, ValueKind.PUT, src, 0, 1, 3, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> t.add(1, ValueKind.PUT, src, -1, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> t.get(b("k"), -1));
    assertThrows(IllegalArgumentException.class, () -> new MemTable(Arena.MIN_CHUNK_BYTES - 1));
    assertTrue(t.isEmpty(), "rejected adds must not insert anything");
    assertEquals(0, t.entryCount());
    try (InternalIterator it = t.iterator()) {
      assertThrows(IllegalArgumentException.class, () -> it.seek(new byte[7]));
    }
  }

  @Test
  void duplicateSequenceForTheSameKeyIsAsserted() {
    assumeTrue(MemTable.class.desiredAssertionStatus(), "needs -ea");
    MemTable t = new MemTable();
    t.add(5, ValueKind.PUT, b("k"), b("v"));
    t.add(5, ValueKind.PUT, b("other"), b("v")); // same sequence, different key: allowed here
    assertThrows(AssertionError.class, () -> t.add(5, ValueKind.PUT, b("k"), b("w")));
    assertThrows(AssertionError.class, () -> t.add(5, ValueKind.DELETE, b("k"), new byte[0]));
    assertEquals(2, t.entryCount());
  }

  @Test
  void closedIteratorRefusesRepositioning() {
    MemTable t = new MemTable();
    t.add(1, ValueKind.PUT, b("k"), b("v"));
    InternalIterator it = t.iterator();
    it.seekToFirst();
    assertTrue(it.isValid());
    it.close();
    assertFalse(it.isValid());
    assertThrows(IllegalStateException.class, it::seekToFirst);
  }

  @Test
  void arenaAlignsBlocksInMemory() {
    Arena arena = new Arena(Arena.MIN_CHUNK_BYTES);
    for (int size : new int[] {1, 7, 8, 9, 100, 255, 256, 257, 1000, 3000}) {
      long address = arena.allocate(size);
      assertEquals(0, (Arena.offset(address) + Arena.BASE_MISALIGNMENT) & 7, "size " + size);
      byte[] chunk = arena.chunks()[Arena.chunkIndex(address)];
      assertTrue(Arena.offset(address) + size <= chunk.length, "size " + size);
    }
  }

  @Test
  void keyPrefixesOrderKeysAsTheKeysDo() {
    SplittableRandom rnd = new SplittableRandom(7);
    byte[] alphabet = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF};
    for (int i = 0; i < 200_000; i++) {
      byte[] a = randomKey(rnd, alphabet, 12);
      byte[] k = randomKey(rnd, alphabet, 12);
      int byPrefix =
          Long.compareUnsigned(MemTable.prefix(a, 0, a.length), MemTable.prefix(k, 0, k.length));
      if (byPrefix != 0) {
        assertEquals(
            Integer.signum(Arrays.compareUnsigned(a, k)),
            Integer.signum(byPrefix),
            Arrays.toString(a) + " vs " + Arrays.toString(k));
      }
    }
    byte[] padded = {9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(0x0102030405060708L, MemTable.prefix(padded, 1, 10));
    assertEquals(0x0102000000000000L, MemTable.prefix(padded, 1, 2));
    assertEquals(0, MemTable.prefix(padded, 1, 0));
  }

  /**
   * The writer decides most comparisons by the key prefixes kept beside the links; keys that share
   * their first eight bytes (and keys shorter than eight, whose prefixes are zero-padded) need the
   * full comparison. Random insertion orders over both kinds must still give the sorted order.
   */
  @Test
  void insertsDecidedByPrefixesAndByWholeKeysStaySorted() {
    SplittableRandom rnd = new SplittableRandom(11);
    byte[] alphabet = {0x00, (byte) 0xFF}; // two letters: many keys share their first 8 bytes
    for (int round = 0; round < 20; round++) {
      TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
      while (model.size() < 3000) {
        byte[] key = randomKey(rnd, alphabet, 14);
        model.put(key, Arrays.copyOf(key, rnd.nextInt(20)));
      }
      List<byte[]> order = new ArrayList<>(model.keySet());
      Collections.shuffle(order, new java.util.Random(rnd.nextLong()));
      MemTable t = new MemTable(rnd.nextBoolean() ? 4096 : MemTable.DEFAULT_CHUNK_BYTES);
      long seq = 0;
      for (byte[] key : order) {
        t.add(++seq, ValueKind.PUT, key, model.get(key));
      }
      try (InternalIterator it = t.iterator()) {
        it.seekToFirst();
        for (var e : model.entrySet()) {
          assertTrue(it.isValid());
          assertArrayEquals(e.getKey(), InternalKey.userKey(it.key()));
          assertArrayEquals(e.getValue(), it.value());
          it.next();
        }
        assertFalse(it.isValid());
      }
      for (byte[] key : order) {
        assertArrayEquals(model.get(key), t.get(key, InternalKey.MAX_SEQUENCE));
      }
    }
  }

  /** Keys of 0 to {@code maxLength} bytes drawn from a few values, so they share prefixes. */
  private static byte[] randomKey(SplittableRandom rnd, byte[] alphabet, int maxLength) {
    byte[] k = new byte[rnd.nextInt(maxLength + 1)];
    for (int i = 0; i < k.length; i++) {
      k[i] = alphabet[rnd.nextInt(alphabet.length)];
    }
    return k;
  }
}
