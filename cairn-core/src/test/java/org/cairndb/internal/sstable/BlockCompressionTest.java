package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlockCompressionTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  private static byte[] compressible(Random rnd, int len) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (i % 7 == 0 ? rnd.nextInt(4) : 'a' + (i % 5));
    }
    return b;
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"LZ4", "ZSTD", "SNAPPY"})
  void roundTrips(Compression c) {
    Random rnd = new Random(SEED);
    BlockCompression bc = new BlockCompression(c);
    for (int len : new int[] {256, 1000, 4096, 100_000}) {
      byte[] src = compressible(rnd, len);
      int stored = bc.compress(src, len);
      assertTrue(stored > 0 && stored <= len - len / 8, c + " " + len + " -> " + stored);
      byte[] copy = Arrays.copyOf(bc.buffer(), stored);
      byte[] out = BlockCompression.decompress(c.id(), copy, stored, 1 << 20, "c.sst", 0);
      assertArrayEquals(src, out, "seed " + SEED);
    }
    byte[] noise = new byte[4096];
    rnd.nextBytes(noise);
    assertEquals(-1, bc.compress(noise, noise.length), "incompressible data is stored raw");
  }

  @Test
  void noneNeverCompresses() {
    assertEquals(-1, new BlockCompression(Compression.NONE).compress(new byte[4096], 4096));
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"LZ4", "ZSTD", "SNAPPY"})
  void damagedPayloadsAreCorruption(Compression c) {
    Random rnd = new Random(SEED + c.id());
    BlockCompression bc = new BlockCompression(c);
    byte[] src = compressible(rnd, 4096);
    int stored = bc.compress(src, src.length);
    byte[] good = Arrays.copyOf(bc.buffer(), stored);
    for (int round = 0; round < 3000; round++) {
      byte[] bad = good.clone();
      int len = stored;
      switch (round % 3) {
        case 0 -> bad[rnd.nextInt(len)] ^= (byte) (1 + rnd.nextInt(255));
        case 1 -> len = rnd.nextInt(len);
        default -> {
          bad = new byte[5 + rnd.nextInt(200)];
          rnd.nextBytes(bad);
          Coding.putVarint(bad, 0, rnd.nextInt(5000));
          len = bad.length;
        }
      }
      try {
        byte[] out = BlockCompression.decompress(c.id(), bad, len, 1 << 16, "d.sst", 77);
        assertTrue(out.length <= 1 << 16);
      } catch (CorruptionException e) {
        assertTrue(e.getMessage().contains("d.sst") && e.getMessage().contains("77"));
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + SEED + " round " + round + ": " + e, e);
      }
    }
  }

  @Test
  void lengthsAreChecked() {
    byte[] b = new byte[16];
    Coding.putVarint(b, 0, 5000);
    assertThrows(
        CorruptionException.class,
        () -> BlockCompression.decompress(Compression.LZ4.id(), b, 16, 4000, "l.sst", 0));
    assertThrows(
        CorruptionException.class,
        () -> BlockCompression.decompress(9, b, 16, 1 << 20, "l.sst", 0));
    assertThrows(
        CorruptionException.class,
        () -> BlockCompression.decompress(0, b, 16, 1 << 20, "l.sst", 0));
    byte[] truncatedVarint = {(byte) 0x80};
    assertThrows(
        CorruptionException.class,
        () -> BlockCompression.decompress(Compression.LZ4.id(), truncatedVarint, 1, 99, "l", 0));
  }

  /**
   * A damaged length field asking for far more output than the payload can produce is refused
   * before the output array is allocated (LZ4 and Snappy have a maximum expansion ratio).
   */
  @Test
  void impossibleUncompressedLengthIsRefusedBeforeAllocating() {
    for (Compression c : new Compression[] {Compression.LZ4, Compression.SNAPPY}) {
      byte[] stored = new byte[16];
      int p = Coding.putVarint(stored, 0, 64 << 20);
      Arrays.fill(stored, p, stored.length, (byte) 0x1F);
      CorruptionException e =
          assertThrows(
              CorruptionException.class,
              () ->
                  BlockCompression.decompress(
                      c.id(), stored, stored.length, TableFormat.MAX_BLOCK_BYTES, "t.sst", 0));
      assertTrue(e.getMessage().contains("impossible"), c + ": " + e.getMessage());
    }
  }
}
