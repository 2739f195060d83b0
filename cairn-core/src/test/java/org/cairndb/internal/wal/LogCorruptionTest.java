package org.cairndb.internal.wal;

import static org.cairndb.internal.wal.LogFormat.BLOCK_SIZE;
import static org.cairndb.internal.wal.LogFormat.HEADER_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.cairndb.CorruptionException;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;

/** Damaged logs: bit flips, zero tails, bad lengths, holes, garbage. */
class LogCorruptionTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  /** Several records of a few hundred bytes, all in the first block. */
  private static LogTesting.Written oneBlockLog(Random random) throws IOException {
    List<byte[]> records = new ArrayList<>();
    int[] sizes = {17, 0, 250, 3, 1, 120, 0, 64};
    for (int size : sizes) {
      records.add(LogTesting.randomBytes(random, size));
    }
    return LogTesting.write(records);
  }

  @Test
  void bitFlipAtEveryByteOfASmallLog() throws IOException {
    Random random = new Random(SEED);
    LogTesting.Written log = oneBlockLog(random);
    int length = log.bytes().length;
    for (int offset = 0; offset < length; offset++) {
      checkFlip(log, offset, 1 << random.nextInt(8), "seed=" + SEED);
    }
  }

  /**
   * Flips in a log of multi-block records: every byte near each block boundary and record boundary
   * (headers, trailers), plus random offsets elsewhere.
   */
  @Test
  void bitFlipsInAMultiBlockLog() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> records = new ArrayList<>();
    int[] sizes = {100, 40_000, 50, 70_000, 0, 32_000, 10, 33_000};
    for (int size : sizes) {
      records.add(LogTesting.randomBytes(random, size));
    }
    checkFlipsNearBoundaries(LogTesting.write(records), random);
  }

  /** Flips in the log of the truncation test, which has a 3-byte zero trailer in block 1. */
  @Test
  void bitFlipsInABlockTrailer() throws IOException {
    Random random = new Random(SEED);
    LogTesting.Written log = LogTruncationTest.smallLog(random);
    byte[] bytes = log.bytes();
    int trailer = 2 * BLOCK_SIZE - 3;
    assertTrue(LogTesting.allZero(bytes, trailer, 2 * BLOCK_SIZE), "the log has a trailer");
    LogTesting.Outcome strict = LogTesting.read(bytes, RecoveryMode.ABSOLUTE_CONSISTENCY);
    assertNull(strict.error());
    for (int offset = trailer; offset < 2 * BLOCK_SIZE; offset++) {
      byte[] damaged = log.bytes();
      damaged[offset] = 1;
      LogTesting.Outcome out = LogTesting.read(damaged, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
      assertNotNull(out.error(), "offset " + offset);
      assertTrue(out.error().getMessage().contains("trailer"), out.error()::getMessage);
    }
    checkFlipsNearBoundaries(log, random);
  }

  private static void checkFlipsNearBoundaries(LogTesting.Written log, Random random)
      throws IOException {
    int length = log.bytes().length;
    Set<Integer> offsets = new TreeSet<>();
    for (int b = 0; b < length; b += BLOCK_SIZE) {
      addWindow(offsets, b, length);
    }
    for (int i = 0; i < log.size(); i++) {
      addWindow(offsets, (int) log.end(i), length);
    }
    for (int i = 0; i < 300; i++) {
      offsets.add(random.nextInt(length));
    }
    for (int offset : offsets) {
      checkFlip(log, offset, 1 << random.nextInt(8), "seed=" + SEED);
    }
  }

  private static void addWindow(Set<Integer> offsets, int center, int length) {
    for (int o = Math.max(0, center - 2 * HEADER_SIZE); o < Math.min(length, center + 20); o++) {
      offsets.add(o);
    }
  }

  /**
   * A flipped byte in record i (its span includes the trailer padding before it): the tolerant
   * reader throws, or, only when i is the last record, stops at a torn tail after exactly the
   * records before i. The absolute reader always throws; the point-in-time reader never throws and
   * returns exactly the records before i.
   */
  private static void checkFlip(LogTesting.Written log, int offset, int bit, String seed)
      throws IOException {
    byte[] bytes = log.bytes();
    bytes[offset] ^= (byte) bit;
    int damaged = log.recordAt(offset);
    boolean last = damaged == log.size() - 1;
    String context = "offset=" + offset + " bit=" + bit + " record=" + damaged + " " + seed;

    LogTesting.Outcome tolerant = LogTesting.read(bytes, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
    assertTrue(LogTesting.isPrefix(tolerant.records(), log.records()), context);
    assertEquals(damaged, tolerant.records().size(), context);
    if (tolerant.error() == null) {
      assertTrue(last, "damage before the last record must throw; " + context);
      assertTrue(tolerant.tornTail(), context);
      assertEquals(damaged == 0 ? 0 : log.end(damaged - 1), tolerant.validLength(), context);
    } else {
      assertTrue(tolerant.error().getMessage().contains(LogTesting.NAME), context);
      assertTrue(tolerant.error().getMessage().contains("offset"), context);
    }

    LogTesting.Outcome absolute = LogTesting.read(bytes, RecoveryMode.ABSOLUTE_CONSISTENCY);
    assertNotNull(absolute.error(), context);
    assertEquals(damaged, absolute.records().size(), context);
    assertTrue(LogTesting.isPrefix(absolute.records(), log.records()), context);

    LogTesting.Outcome pit = LogTesting.read(bytes, RecoveryMode.POINT_IN_TIME);
    assertNull(pit.error(), context);
    assertTrue(pit.tornTail(), context);
    assertEquals(damaged, pit.records().size(), context);
    assertTrue(LogTesting.isPrefix(pit.records(), log.records()), context);
  }

  @Test
  void zeroFilledTailIsACleanEnd() throws IOException {
    Random random = new Random(SEED);
    LogTesting.Written log = oneBlockLog(random);
    int[] tails = {1, 3, HEADER_SIZE, 100, BLOCK_SIZE, 3 * BLOCK_SIZE + 11};
    for (int tail : tails) {
      byte[] bytes = Arrays.copyOf(log.bytes(), log.bytes().length + tail);
      for (RecoveryMode mode : RecoveryMode.values()) {
        LogTesting.Outcome out = LogTesting.read(bytes, mode);
        String context = "tail=" + tail + " " + mode + " seed=" + SEED;
        assertNull(out.error(), context);
        assertFalse(out.tornTail(), context);
        assertEquals(log.size(), out.records().size(), context);
        assertTrue(LogTesting.isPrefix(out.records(), log.records()), context);
        assertEquals(log.end(log.size() - 1), out.validLength(), context);
      }
    }
    for (RecoveryMode mode : RecoveryMode.values()) {
      LogTesting.Outcome zeros = LogTesting.read(new byte[2 * BLOCK_SIZE + 5], mode);
      assertNull(zeros.error());
      assertFalse(zeros.tornTail());
      assertEquals(0, zeros.records().size());
    }
  }

  /** A record cut short (in the middle of its second block) and followed by preallocated zeros. */
  @Test
  void tornRecordFollowedByZeros() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> records = new ArrayList<>();
    records.add(LogTesting.randomBytes(random, 20));
    records.add(LogTesting.randomBytes(random, 100_000));
    LogTesting.Written log = LogTesting.write(records);
    byte[] bytes = log.bytes();
    Arrays.fill(bytes, BLOCK_SIZE + 500, bytes.length, (byte) 0);
    bytes = Arrays.copyOf(bytes, bytes.length + 2 * BLOCK_SIZE);

    LogTesting.Outcome tolerant = LogTesting.read(bytes, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
    assertNull(tolerant.error());
    assertTrue(tolerant.tornTail());
    assertEquals(1, tolerant.records().size());
    assertEquals(log.end(0), tolerant.validLength());
    assertNotNull(LogTesting.read(bytes, RecoveryMode.ABSOLUTE_CONSISTENCY).error());
    LogTesting.Outcome pit = LogTesting.read(bytes, RecoveryMode.POINT_IN_TIME);
    assertTrue(pit.tornTail());
    assertEquals(1, pit.records().size());
  }

  @Test
  void hugeLengthField() throws IOException {
    Random random = new Random(SEED);
    LogTesting.Written log = oneBlockLog(random);
    // Record 2's header starts where record 1 ends.
    int header = (int) log.end(1);
    byte[] bytes = log.bytes();
    bytes[header + 1] = (byte) 0xFF;
    bytes[header + 2] = (byte) 0xFF;
    LogTesting.Outcome tolerant = LogTesting.read(bytes, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
    assertNotNull(tolerant.error(), "later records exist, so this is corruption");
    assertTrue(
        tolerant.error().getMessage().contains("offset " + header), tolerant.error()::getMessage);
    assertEquals(2, tolerant.records().size());

    // The same damage in the last record is a torn tail.
    int lastHeader = (int) log.end(log.size() - 2);
    byte[] tail = log.bytes();
    tail[lastHeader + 1] = (byte) 0xFF;
    tail[lastHeader + 2] = (byte) 0x7F;
    LogTesting.Outcome torn = LogTesting.read(tail, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
    assertNull(torn.error());
    assertTrue(torn.tornTail());
    assertEquals(log.size() - 1, torn.records().size());
  }

  /** The first fragment of a multi-block record is lost: its later fragments prove corruption. */
  @Test
  void orphanContinuationFragments() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> records = new ArrayList<>();
    records.add(LogTesting.randomBytes(random, 10));
    records.add(LogTesting.randomBytes(random, 3 * BLOCK_SIZE));
    LogTesting.Written log = LogTesting.write(records);
    byte[] bytes = log.bytes();
    int first = (int) log.end(0);
    bytes[first + HEADER_SIZE + 5] ^= 1;
    LogTesting.Outcome tolerant = LogTesting.read(bytes, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
    assertNotNull(tolerant.error());
    assertTrue(
        tolerant.error().getMessage().contains("offset " + BLOCK_SIZE),
        tolerant.error()::getMessage);
    LogTesting.Outcome pit = LogTesting.read(bytes, RecoveryMode.POINT_IN_TIME);
    assertTrue(pit.tornTail());
    assertEquals(1, pit.records().size());

    // A log that starts with a checksum-valid continuation fragment: out of sequence.
    for (int type : new int[] {LogFormat.TYPE_MIDDLE, LogFormat.TYPE_LAST}) {
      byte[] crafted = new byte[HEADER_SIZE + 5];
      crafted[0] = (byte) type;
      crafted[1] = 5;
      Coding.putInt(crafted, 3, LogFormat.checksum(new CRC32C(), 0, crafted, 0, 5));
      LogTesting.Outcome out = LogTesting.read(crafted, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
      assertNotNull(out.error(), "type " + type);
      assertTrue(out.error().getMessage().contains("outside any record"), out.error()::getMessage);
      LogTesting.Outcome stop = LogTesting.read(crafted, RecoveryMode.POINT_IN_TIME);
      assertTrue(stop.tornTail());
      assertEquals(0, stop.records().size());
    }
  }

  /** Zeros in the middle (a hole left by out-of-order write-back) with records after it. */
  @Test
  void holeFollowedByRecords() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      records.add(LogTesting.randomBytes(random, 20_000));
    }
    LogTesting.Written log = LogTesting.write(records);
    byte[] bytes = log.bytes();
    Arrays.fill(bytes, (int) log.end(1), (int) log.end(2), (byte) 0);
    LogTesting.Outcome tolerant = LogTesting.read(bytes, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
    assertNotNull(tolerant.error());
    assertEquals(2, tolerant.records().size());
    LogTesting.Outcome pit = LogTesting.read(bytes, RecoveryMode.POINT_IN_TIME);
    assertNull(pit.error());
    assertTrue(pit.tornTail());
    assertEquals(2, pit.records().size());
    assertEquals(log.end(1), pit.validLength());
  }

  /**
   * A record whose payload is itself a log, torn after several of the embedded fragments: those
   * fragments sit at other offsets than they were written for, so they do not pass for later data.
   */
  @Test
  void embeddedLogInATornRecordIsNotMistakenForLaterData() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> inner = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inner.add(LogTesting.randomBytes(random, random.nextInt(200)));
    }
    byte[] innerLog = LogTesting.write(inner).bytes();
    for (int prefix = 0; prefix < 40; prefix++) {
      List<byte[]> records = new ArrayList<>();
      records.add(LogTesting.randomBytes(random, prefix));
      records.add(innerLog);
      LogTesting.Written log = LogTesting.write(records);
      int cut = (int) log.end(1) - 10;
      MemFile file = MemFile.prefix(log.bytes(), cut);
      LogTesting.Outcome out = LogTesting.read(file, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
      String context = "prefix=" + prefix + " seed=" + SEED;
      assertNull(out.error(), () -> context + " " + out.error());
      assertTrue(out.tornTail(), context);
      assertEquals(1, out.records().size(), context);
    }
  }

  @Test
  void readerKeepsFailingAfterCorruption() throws IOException {
    LogTesting.Written log = oneBlockLog(new Random(SEED));
    byte[] bytes = log.bytes();
    bytes[3] ^= 1;
    LogReader reader =
        new LogReader(
            MemFile.prefix(bytes, bytes.length),
            LogTesting.NAME,
            RecoveryMode.ABSOLUTE_CONSISTENCY);
    CorruptionException first = assertThrows(CorruptionException.class, reader::next);
    assertEquals(LogTesting.NAME, first.file());
    CorruptionException second = assertThrows(CorruptionException.class, reader::next);
    assertSame(first, second);
  }

  /**
   * Thousands of damaged or random files: only records, null, or CorruptionException come out, and
   * the records of a damaged log are always a prefix of what was written.
   */
  @Test
  void garbageYieldsOnlyRecordsNullOrCorruption() throws IOException {
    Random shapes = new Random(SEED);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(LogTesting.randomBytes(shapes, shapes.nextInt(4) == 0 ? 20_000 : 300));
    }
    LogTesting.Written log = LogTesting.write(records);
    int[] seen = new int[3]; // records returned, torn tails, corruption errors
    for (int i = 0; i < 3000; i++) {
      long seed = SEED + i;
      // Consecutive seeds give correlated first draws from java.util.Random: mix them first.
      Random random = new Random(new java.util.SplittableRandom(seed).nextLong());
      boolean mutated = random.nextBoolean();
      byte[] bytes = mutated ? mutate(log.bytes().clone(), random) : garbage(random);
      for (RecoveryMode mode : RecoveryMode.values()) {
        String context = "seed=" + seed + " " + mode;
        LogTesting.Outcome out;
        try {
          out = LogTesting.read(bytes, mode);
        } catch (RuntimeException | IOException e) {
          throw new AssertionError("unexpected exception; " + context, e);
        }
        if (mutated) {
          assertTrue(LogTesting.isPrefix(out.records(), log.records()), context);
        }
        if (out.error() != null) {
          assertTrue(out.error().getMessage().contains(LogTesting.NAME), context);
          seen[2]++;
        }
        seen[0] += out.records().size();
        seen[1] += out.tornTail() ? 1 : 0;
      }
    }
    // The inputs must exercise every outcome, or the test proves little.
    assertTrue(seen[0] > 0 && seen[1] > 0 && seen[2] > 0, Arrays.toString(seen) + " seed=" + SEED);
  }

  private static byte[] garbage(Random random) {
    int size = random.nextInt(3) == 0 ? random.nextInt(40) : random.nextInt(3 * BLOCK_SIZE);
    byte[] bytes = LogTesting.randomBytes(random, size);
    if (random.nextBoolean()) {
      // Plausible headers: valid types and lengths that may or may not fit.
      for (int n = random.nextInt(50); n > 0 && size > HEADER_SIZE; n--) {
        int at = random.nextInt(size - HEADER_SIZE);
        bytes[at] = (byte) (1 + random.nextInt(4));
        int len = random.nextInt(3) == 0 ? 0xFFFF : random.nextInt(BLOCK_SIZE);
        bytes[at + 1] = (byte) len;
        bytes[at + 2] = (byte) (len >>> 8);
      }
    }
    return bytes;
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      int at = random.nextInt(bytes.length);
      int len = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 5000));
      switch (random.nextInt(5)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> Arrays.fill(bytes, at, at + len, (byte) 0);
        case 2 -> {
          for (int i = at; i < at + len; i++) {
            bytes[i] = (byte) random.nextInt(256);
          }
        }
        case 3 -> {
          // Copy a region of the log over another place (as a misdirected write would).
          int from = random.nextInt(bytes.length - len + 1);
          System.arraycopy(bytes.clone(), from, bytes, at, len);
        }
        default -> bytes = Arrays.copyOf(bytes, at);
      }
      if (bytes.length == 0) {
        break;
      }
    }
    return bytes;
  }
}
