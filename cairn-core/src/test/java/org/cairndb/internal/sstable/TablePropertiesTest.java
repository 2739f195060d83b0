package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;

class TablePropertiesTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  private static TableProperties sample() {
    return new TableProperties(
        InternalKey.encode(BlockTest.bytes("a"), 3, ValueKind.PUT),
        InternalKey.encode(BlockTest.bytes("z"), 9, ValueKind.DELETE),
        10,
        2,
        3,
        9,
        123,
        4567,
        4,
        1_700_000_000_000L,
        77,
        1,
        Compression.ZSTD);
  }

  private static TableProperties decode(byte[] b) {
    return TableProperties.decode(b, b.length, "p.sst", 500);
  }

  @Test
  void roundTrip() {
    TableProperties p = decode(sample().encode());
    assertArrayEquals(sample().smallestKey(), p.smallestKey());
    assertArrayEquals(sample().largestKey(), p.largestKey());
    assertEquals(10, p.entryCount());
    assertEquals(2, p.deletionCount());
    assertEquals(3, p.smallestSequence());
    assertEquals(9, p.largestSequence());
    assertEquals(123, p.rawKeyBytes());
    assertEquals(4567, p.rawValueBytes());
    assertEquals(4, p.dataBlockCount());
    assertEquals(1_700_000_000_000L, p.creationTimeMillis());
    assertEquals(77, p.fileNumber());
    assertEquals(1, p.formatVersion());
    assertEquals(Compression.ZSTD, p.compression());
    assertTrue(p.toString().contains("entries=10"));
  }

  /** Re-encodes with extra entries appended (count adjusted). */
  private static byte[] withExtra(byte[]... extraEntries) {
    byte[] base = sample().encode();
    int[] pos = {0};
    int version = Coding.getVarint32(base, pos, base.length);
    int count = Coding.getVarint32(base, pos, base.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] v = new byte[10];
    out.write(v, 0, Coding.putVarint(v, 0, version));
    out.write(v, 0, Coding.putVarint(v, 0, count + extraEntries.length));
    out.write(base, pos[0], base.length - pos[0]);
    for (byte[] e : extraEntries) {
      out.write(e, 0, e.length);
    }
    return out.toByteArray();
  }

  @Test
  void unknownPropertiesAreSkipped() {
    byte[] b = withExtra(new byte[] {99, 3, 1, 2, 3}, new byte[] {100, 0});
    assertEquals(10, decode(b).entryCount());
  }

  @Test
  void malformedPropertiesAreCorruption() {
    // A duplicate of a known property.
    assertThrows(CorruptionException.class, () -> decode(withExtra(new byte[] {3, 1, 5})));
    byte[] good = sample().encode();
    // Every truncation.
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      CorruptionException e = assertThrows(CorruptionException.class, () -> decode(cut));
      assertTrue(e.getMessage().contains("p.sst") && e.getMessage().contains("offset"));
    }
    // Trailing garbage.
    assertThrows(CorruptionException.class, () -> decode(Arrays.copyOf(good, good.length + 1)));
    // Unknown properties-block version.
    byte[] v2 = good.clone();
    v2[0] = 2;
    assertThrows(CorruptionException.class, () -> decode(v2));
    // Random damage only ever gives CorruptionException (or a decode that happens to be valid).
    Random rnd = new Random(SEED);
    for (int i = 0; i < 5000; i++) {
      byte[] bad = good.clone();
      bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
      try {
        decode(bad);
      } catch (CorruptionException e) {
        assertTrue(e.getMessage().contains("p.sst"));
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + SEED + ": " + e, e);
      }
    }
  }

  @Test
  void inconsistentValuesAreCorruption() {
    TableProperties swapped =
        new TableProperties(
            InternalKey.encode(BlockTest.bytes("z"), 3, ValueKind.PUT),
            InternalKey.encode(BlockTest.bytes("a"), 9, ValueKind.PUT),
            10,
            2,
            3,
            9,
            1,
            1,
            1,
            1,
            77,
            1,
            Compression.NONE);
    assertThrows(CorruptionException.class, () -> decode(swapped.encode()));
    TableProperties tooManyDeletions =
        new TableProperties(
            new byte[0], new byte[0], 0, 2, 0, 0, 0, 0, 0, 1, 77, 1, Compression.NONE);
    assertThrows(CorruptionException.class, () -> decode(tooManyDeletions.encode()));
  }
}
