package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;

class TableIndexTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());
  private static final byte[] ALPHABET = {0, 1, 2, 0x7F, (byte) 0x80, (byte) 0xFF};

  /** Builds an index block from the given separators with consecutive 10-byte blocks. */
  private static TableIndex index(List<byte[]> separators) {
    BlockBuilder b = new BlockBuilder(1);
    long offset = 0;
    for (byte[] sep : separators) {
      byte[] handle = new byte[20];
      int p = Coding.putVarint(handle, 0, offset);
      p = Coding.putVarint(handle, p, 10);
      b.add(sep, Arrays.copyOf(handle, p));
      offset += 15;
    }
    int len = b.finish();
    return TableIndex.decode(b.buffer(), len, offset + 1000, "i.sst", 0);
  }

  @Test
  void findAgreesWithALinearScan() {
    for (int round = 0; round < 300; round++) {
      long seed = SEED + round;
      Random rnd = new Random(seed);
      byte[] prefix = new byte[rnd.nextInt(12)];
      rnd.nextBytes(prefix);
      int n = 1 + rnd.nextInt(60);
      List<byte[]> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] u = Arrays.copyOf(prefix, prefix.length + rnd.nextInt(12));
        for (int j = prefix.length; j < u.length; j++) {
          u[j] = ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        keys.add(InternalKey.encode(u, rnd.nextInt(100), ValueKind.PUT));
      }
      keys.sort(InternalKey::compare);
      List<byte[]> distinct = new ArrayList<>();
      for (byte[] k : keys) {
        if (distinct.isEmpty() || InternalKey.compare(distinct.get(distinct.size() - 1), k) < 0) {
          distinct.add(k);
        }
      }
      if (rnd.nextBoolean()) {
        // As the writer does: the last separator is a short successor of the last key.
        byte[] lastKey = distinct.remove(distinct.size() - 1);
        distinct.add(TableBuilder.successor(lastKey, lastKey.length));
      }
      TableIndex idx = index(distinct);
      assertEquals(distinct.size(), idx.size());
      for (int q = 0; q < 200; q++) {
        byte[] u;
        if (rnd.nextBoolean()) {
          u = InternalKey.userKey(distinct.get(rnd.nextInt(distinct.size())));
          if (rnd.nextBoolean()) {
            u = Arrays.copyOf(u, Math.max(0, u.length + rnd.nextInt(5) - 2));
          }
        } else {
          u = Arrays.copyOf(prefix, rnd.nextInt(prefix.length + 6));
          for (int j = Math.min(prefix.length, u.length) - 1; j >= 0 && rnd.nextInt(4) == 0; j--) {
            u[j] = (byte) rnd.nextInt(256);
          }
        }
        long seq = rnd.nextInt(101);
        byte[] target = InternalKey.seekKey(u, seq);
        int expected = 0;
        while (expected < distinct.size()
            && InternalKey.compare(distinct.get(expected), target) < 0) {
          expected++;
        }
        String msg = "seed " + seed + " target " + Bytes.hex(target);
        assertEquals(expected, idx.find(u, InternalKey.trailer(target)), msg);
        assertEquals(expected, idx.find(target), msg);
      }
    }
  }

  @Test
  void emptyIndex() {
    TableIndex idx = index(List.of());
    assertEquals(0, idx.size());
    assertEquals(0, idx.find(new byte[] {1}, 5));
  }

  @Test
  void handlesMustBeOrderedAndInside() {
    BlockBuilder b = new BlockBuilder(1);
    b.add(InternalKey.encode(new byte[] {1}, 1, ValueKind.PUT), new byte[] {100, 10});
    b.add(InternalKey.encode(new byte[] {2}, 1, ValueKind.PUT), new byte[] {0, 10});
    int len = b.finish();
    byte[] data = Arrays.copyOf(b.buffer(), len);
    CorruptionException e =
        assertThrows(
            CorruptionException.class, () -> TableIndex.decode(data, len, 1000, "h.sst", 5));
    assertEquals("h.sst", e.file());
    BlockBuilder c = new BlockBuilder(1);
    c.add(InternalKey.encode(new byte[] {1}, 1, ValueKind.PUT), new byte[] {100, 10});
    int len2 = c.finish();
    byte[] data2 = Arrays.copyOf(c.buffer(), len2);
    assertThrows(CorruptionException.class, () -> TableIndex.decode(data2, len2, 110, "h", 0));
    TableIndex ok = TableIndex.decode(data2, len2, 115, "h", 0);
    assertEquals(100, ok.blockOffset(0));
    assertEquals(10, ok.blockSize(0));
    // Prefix-shared entries are not allowed in an index block.
    BlockBuilder shared = new BlockBuilder(16);
    shared.add(InternalKey.encode(new byte[] {1, 1}, 1, ValueKind.PUT), new byte[] {0, 10});
    shared.add(InternalKey.encode(new byte[] {1, 2}, 1, ValueKind.PUT), new byte[] {15, 10});
    int len3 = shared.finish();
    byte[] data3 = Arrays.copyOf(shared.buffer(), len3);
    assertThrows(CorruptionException.class, () -> TableIndex.decode(data3, len3, 1000, "h", 0));
  }

  @Test
  void tableWithLongCommonPrefixes() {
    Random rnd = new Random(SEED);
    Model m = new Model();
    byte[] prefix = BlockTest.bytes("a-very-long-common-prefix/");
    for (int i = 0; i < 3000; i++) {
      byte[] u = Arrays.copyOf(prefix, prefix.length + 1 + rnd.nextInt(10));
      for (int j = prefix.length; j < u.length; j++) {
        u[j] = (byte) rnd.nextInt(3);
      }
      m.map.put(InternalKey.encode(u, 1 + rnd.nextInt(5), ValueKind.PUT), new byte[] {(byte) i});
    }
    for (byte[] k : m.map.keySet()) {
      m.userKeys.add(InternalKey.userKey(k));
    }
    m.maxSeq = 6;
    byte[] file = m.build(new TableOptions(128, 4, 0, Compression.NONE), 3);
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), "p.sst", 3, file.length, null)) {
      for (int i = 0; i < 5000; i++) {
        byte[] uk =
            rnd.nextBoolean()
                ? m.userKeys.get(rnd.nextInt(m.userKeys.size()))
                : InternalKey.userKey(BlockTest.randomTarget(rnd, m));
        long snap = rnd.nextInt(8);
        BlockTest.assertLookup(m.get(uk, snap), t.get(uk, snap, true), "seed " + SEED);
      }
      TableRoundTripTest.checkIteration(m, t, rnd, "seed " + SEED);
    }
  }
}
