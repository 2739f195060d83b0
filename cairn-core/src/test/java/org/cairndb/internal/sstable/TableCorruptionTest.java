package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Checksums;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TableCorruptionTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());
  private static final String NAME = "000042.sst";

  private static Model smallModel(long seed) {
    return Model.random(new Random(seed), 30, 2, 40);
  }

  private static TableOptions smallOptions(Compression c) {
    return new TableOptions(128, 4, 10, c);
  }

  /** Opens and reads everything, asserting every answer equals the model. */
  private static void openAndReadAll(byte[] file, long fileSize, Model m) {
    try (TableReader t =
        TableReader.open(new MemFile.Reader(file), NAME, 42, fileSize, new BlockCache(1 << 20))) {
      for (byte[] k : m.map.keySet()) {
        byte[] uk = InternalKey.userKey(k);
        long seq = InternalKey.sequence(k);
        BlockTest.assertLookup(m.get(uk, seq), t.get(uk, seq, true), "get");
        BlockTest.assertLookup(m.get(uk, seq - 1), t.get(uk, seq - 1, false), "get");
      }
      List<byte[]> keys = List.copyOf(m.map.keySet());
      try (InternalIterator it = t.iterator(false)) {
        it.seekToFirst();
        for (byte[] k : keys) {
          assertTrue(it.isValid());
          assertArrayEquals(k, it.key());
          assertArrayEquals(m.map.get(k), it.value());
          it.next();
        }
        assertFalse(it.isValid());
        it.seekToLast();
        for (int i = keys.size() - 1; i >= 0; i--) {
          assertArrayEquals(keys.get(i), it.key());
          it.prev();
        }
        assertFalse(it.isValid());
      }
    }
  }

  /** Opens and touches everything without a model: only termination and exception types matter. */
  private static void openAndTouchAll(byte[] file, Model m) {
    try (TableReader t =
        TableReader.open(
            new MemFile.Reader(file), NAME, 42, file.length, new BlockCache(1 << 20))) {
      for (byte[] k : m.map.keySet()) {
        byte[] uk = InternalKey.userKey(k);
        t.get(uk, InternalKey.sequence(k), true);
        t.mayContain(uk);
      }
      try (InternalIterator it = t.iterator(true)) {
        int steps = 0;
        for (it.seekToFirst(); it.isValid() && steps < 100_000; it.next(), steps++) {
          it.key();
          it.value();
        }
        for (it.seekToLast(); it.isValid() && steps < 200_000; it.prev(), steps++) {
          it.key();
        }
        for (byte[] k : m.map.keySet()) {
          it.seek(k);
          if (it.isValid()) {
            it.prev();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everySingleByteFlipIsDetected(Compression c) {
    long seed = SEED + c.id();
    Model m = smallModel(seed);
    byte[] good = m.build(smallOptions(c), 42);
    openAndReadAll(good, good.length, m);
    int[] patterns = {0xFF, 0x01, 0x80};
    int detected = 0;
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) patterns[i % patterns.length];
      try {
        openAndReadAll(bad, bad.length, m);
      } catch (CorruptionException e) {
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        detected++;
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + ": flip at " + i + " gave " + e, e);
      }
    }
    // Every byte is under a block checksum, the footer checksum or the exact magic check.
    assertEquals(good.length, detected, "seed " + seed);
  }

  @Test
  void truncationAtEveryOffsetIsCorruption() {
    long seed = SEED;
    Model m = smallModel(seed);
    byte[] good = m.build(smallOptions(Compression.LZ4), 42);
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      int l = len;
      CorruptionException e =
          assertThrows(
              CorruptionException.class,
              () -> openAndReadAll(cut, l, m),
              "seed " + seed + " length " + len);
      assertTrue(e.getMessage().contains(NAME), e.getMessage());
      // The caller believes the file is whole, but the bytes end early.
      assertThrows(
          CorruptionException.class,
          () -> openAndReadAll(cut, good.length, m),
          "seed " + seed + " length " + len);
    }
  }

  @Test
  void misplacedFileIsDetected() {
    Model m = smallModel(SEED);
    byte[] file = m.build(smallOptions(Compression.NONE), 42);
    CorruptionException e =
        assertThrows(
            CorruptionException.class,
            () -> TableReader.open(new MemFile.Reader(file), "000043.sst", 43, file.length, null));
    assertTrue(e.getMessage().contains("000043.sst"), e.getMessage());
    assertTrue(e.getMessage().contains("misplaced"), e.getMessage());
    assertEquals("000043.sst", e.file());
  }

  @Test
  void unknownFormatVersionIsReported() {
    Model m = smallModel(SEED);
    byte[] file = m.build(smallOptions(Compression.NONE), 42);
    int footer = file.length - TableFormat.FOOTER_SIZE;
    Coding.putInt(file, footer + 56, 2);
    Coding.putInt(file, footer + 60, Checksums.mask(Checksums.crc32c(file, footer, 60)));
    CorruptionException e =
        assertThrows(
            CorruptionException.class,
            () -> TableReader.open(new MemFile.Reader(file), NAME, 42, file.length, null));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    assertTrue(e.getMessage().contains("supports version 1"), e.getMessage());
    assertTrue(e.getMessage().contains(NAME), e.getMessage());
  }

  @Test
  void badMagicAndShortFilesAreReported() {
    Model m = smallModel(SEED);
    byte[] file = m.build(smallOptions(Compression.NONE), 42);
    file[file.length - 1] ^= 0x20;
    CorruptionException e =
        assertThrows(
            CorruptionException.class,
            () -> TableReader.open(new MemFile.Reader(file), NAME, 42, file.length, null));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    byte[] tiny = new byte[10];
    e =
        assertThrows(
            CorruptionException.class,
            () -> TableReader.open(new MemFile.Reader(tiny), NAME, 42, tiny.length, null));
    assertTrue(e.getMessage().contains("too short") && e.getMessage().contains(NAME));
  }

  /**
   * Damage that keeps every checksum valid (a buggy writer, or a crafted file): the structural
   * checks alone must turn it into a {@link CorruptionException}, never another exception, a hang
   * or an oversized allocation.
   */
  @ParameterizedTest
  @EnumSource(Compression.class)
  void damageBehindValidChecksumsOnlyThrowsCorruption(Compression c) {
    int corrupt = 0;
    for (int round = 0; round < 1500; round++) {
      long seed = SEED * 31 + round + 1000L * c.id();
      Random rnd = new Random(seed);
      Model m = Model.random(rnd, 5 + rnd.nextInt(30), 2, 60);
      TableOptions opts = new TableOptions(64 + rnd.nextInt(400), 1 + rnd.nextInt(4), 10, c);
      byte[] file = m.build(opts, 42);
      TableLayout layout = new TableLayout(file);
      int flips = 1 + rnd.nextInt(3);
      for (int f = 0; f < flips; f++) {
        if (rnd.nextInt(6) == 0) {
          // A footer field, with the footer checksum recomputed.
          int footer = file.length - TableFormat.FOOTER_SIZE;
          int at = footer + rnd.nextInt(56);
          file[at] =
              (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : file[at] ^ 1 << rnd.nextInt(8));
          Coding.putInt(file, footer + 60, Checksums.mask(Checksums.crc32c(file, footer, 60)));
        } else {
          List<BlockHandle> blocks = layout.allBlocks();
          BlockHandle h = blocks.get(rnd.nextInt(blocks.size()));
          int at = (int) (h.offset() + rnd.nextInt((int) h.size() + 1));
          file[at] =
              (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : file[at] ^ 1 << rnd.nextInt(8));
          TableLayout.fixChecksum(file, h);
        }
      }
      try {
        openAndTouchAll(file, m);
      } catch (CorruptionException e) {
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        corrupt++;
      } catch (RuntimeException | OutOfMemoryError e) {
        throw new AssertionError("seed " + seed + ": unexpected " + e, e);
      }
    }
    assertTrue(corrupt > 100, "most structural damage is detected: " + corrupt);
  }

  @Test
  void propertiesMustMatchTheFooter() {
    Model m = smallModel(SEED);
    MemFile.Writer w = new MemFile.Writer();
    TableBuilder b = new TableBuilder(w, NAME, 42, smallOptions(Compression.NONE));
    for (Map.Entry<byte[], byte[]> e : m.map.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    b.finish();
    byte[] file = w.bytes();
    // Rewrite the footer's file number (checksum fixed): the properties block disagrees.
    int footer = file.length - TableFormat.FOOTER_SIZE;
    Coding.putLong(file, footer + 48, 7);
    Coding.putInt(file, footer + 60, Checksums.mask(Checksums.crc32c(file, footer, 60)));
    CorruptionException e =
        assertThrows(
            CorruptionException.class,
            () -> TableReader.open(new MemFile.Reader(file), NAME, 7, file.length, null));
    assertTrue(e.getMessage().contains("properties"), e.getMessage());
  }
}
