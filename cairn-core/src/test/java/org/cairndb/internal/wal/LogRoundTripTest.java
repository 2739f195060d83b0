package org.cairndb.internal.wal;

import static org.cairndb.internal.wal.LogFormat.BLOCK_SIZE;
import static org.cairndb.internal.wal.LogFormat.HEADER_SIZE;
import static org.cairndb.internal.wal.LogFormat.MAX_FRAGMENT_PAYLOAD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cairndb.fs.WritableFile;
import org.junit.jupiter.api.Test;

class LogRoundTripTest {
  private static final long BASE_SEED = Long.getLong("cairn.seed", System.nanoTime());

  @Test
  void emptyFileHasNoRecords() throws IOException {
    for (RecoveryMode mode : RecoveryMode.values()) {
      LogReader reader = new LogReader(new MemFile(), LogTesting.NAME, mode);
      assertNull(reader.next());
      assertNull(reader.next());
      assertFalse(reader.tornTail());
      assertEquals(0, reader.validLength());
      assertEquals(0, reader.recordsRead());
    }
  }

  /**
   * Every interesting record size, starting at every interesting distance from the end of a block
   * (including the distances below the header size, where the writer pads).
   */
  @Test
  void boundarySizesAtEveryBlockPosition() throws IOException {
    int[] sizes = {
      0,
      1,
      2,
      HEADER_SIZE,
      100,
      MAX_FRAGMENT_PAYLOAD - 1,
      MAX_FRAGMENT_PAYLOAD,
      MAX_FRAGMENT_PAYLOAD + 1,
      BLOCK_SIZE,
      2 * MAX_FRAGMENT_PAYLOAD - 1,
      2 * MAX_FRAGMENT_PAYLOAD,
      2 * MAX_FRAGMENT_PAYLOAD + 1,
      3 * BLOCK_SIZE + 5
    };
    Random random = new Random(BASE_SEED);
    for (int left = 0; left <= 2 * HEADER_SIZE + 1; left++) {
      for (int size : sizes) {
        // A filler record that leaves exactly `left` bytes in block 0 (left == 0: fills it).
        List<byte[]> records = new ArrayList<>();
        records.add(LogTesting.randomBytes(random, BLOCK_SIZE - left - HEADER_SIZE));
        records.add(LogTesting.randomBytes(random, size));
        records.add(LogTesting.randomBytes(random, 3));
        records.add(LogTesting.randomBytes(random, size));
        checkRoundTrip(records, "left=" + left + " size=" + size + " seed=" + BASE_SEED);
      }
    }
  }

  @Test
  void randomRecordSizesManySeeds() throws IOException {
    for (int i = 0; i < 150; i++) {
      long seed = BASE_SEED + i;
      // Consecutive seeds give correlated first draws from java.util.Random: mix them first.
      Random random = new Random(new java.util.SplittableRandom(seed).nextLong());
      List<byte[]> records = new ArrayList<>();
      long offset = 0;
      int count = random.nextInt(40);
      for (int r = 0; r < count; r++) {
        int size = pickSize(random, offset);
        records.add(LogTesting.randomBytes(random, size));
        offset += LogWriter.framedLength(offset, size);
      }
      checkRoundTrip(records, "seed=" + seed);
    }
  }

  /** Sizes mixing tiny records, block-sized ones and ones that end just short of a block end. */
  private static int pickSize(Random random, long offset) {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(64);
      case 1 -> MAX_FRAGMENT_PAYLOAD - 10 + random.nextInt(21);
      case 2 -> random.nextInt(3 * BLOCK_SIZE);
      case 3 -> {
        // Ends 0..HEADER_SIZE+1 bytes before the end of the block the record starts in.
        int left = BLOCK_SIZE - (int) (offset % BLOCK_SIZE);
        yield Math.max(0, left - HEADER_SIZE - random.nextInt(HEADER_SIZE + 2));
      }
      default -> random.nextInt(1000);
    };
  }

  @Test
  void fiveMebibyteRecord() throws IOException {
    Random random = new Random(BASE_SEED);
    List<byte[]> records = new ArrayList<>();
    records.add(LogTesting.randomBytes(random, 10));
    records.add(LogTesting.randomBytes(random, 5 << 20));
    records.add(LogTesting.randomBytes(random, 10));
    checkRoundTrip(records, "seed=" + BASE_SEED);
  }

  @Test
  void paddingIsZeroAndGoesOutWithTheNextRecord() throws IOException {
    MemFile file = new MemFile();
    LogWriter writer = new LogWriter(file, 3);
    writer.addRecord(new byte[BLOCK_SIZE - HEADER_SIZE - 3]);
    assertEquals(BLOCK_SIZE - 3, file.size());
    // Make the reused buffer dirty, then check the trailer still comes out as zeros.
    byte[] ones = new byte[50];
    Arrays.fill(ones, (byte) 0xFF);
    writer.addRecord(ones);
    assertEquals(2, file.appends());
    byte[] bytes = file.contents();
    assertEquals(BLOCK_SIZE + HEADER_SIZE + 50, bytes.length);
    assertTrue(LogTesting.allZero(bytes, BLOCK_SIZE - 3, BLOCK_SIZE));
    assertEquals(LogFormat.TYPE_FULL, bytes[BLOCK_SIZE]);
    assertEquals(50, LogFormat.payloadLength(bytes, BLOCK_SIZE));
  }

  @Test
  void emptyRecordFitsExactlyInAHeaderSizedGap() throws IOException {
    MemFile file = new MemFile();
    LogWriter writer = new LogWriter(file, 3);
    writer.addRecord(new byte[BLOCK_SIZE - 2 * HEADER_SIZE]);
    writer.addRecord(new byte[0]);
    assertEquals(BLOCK_SIZE, file.size());
    writer.addRecord(new byte[] {1, 2});
    // A non-empty record in a header-sized gap starts with an empty FIRST fragment.
    MemFile second = new MemFile();
    LogWriter w2 = new LogWriter(second, 4);
    w2.addRecord(new byte[BLOCK_SIZE - 2 * HEADER_SIZE]);
    w2.addRecord(new byte[] {9});
    byte[] bytes = second.contents();
    assertEquals(LogFormat.TYPE_FIRST, bytes[BLOCK_SIZE - HEADER_SIZE]);
    assertEquals(0, LogFormat.payloadLength(bytes, BLOCK_SIZE - HEADER_SIZE));
    assertEquals(LogFormat.TYPE_LAST, bytes[BLOCK_SIZE]);
    LogTesting.Outcome a = LogTesting.read(file.contents(), RecoveryMode.ABSOLUTE_CONSISTENCY);
    assertEquals(3, a.records().size());
    assertArrayEquals(new byte[] {1, 2}, a.records().get(2));
    LogTesting.Outcome b = LogTesting.read(bytes, RecoveryMode.ABSOLUTE_CONSISTENCY);
    assertArrayEquals(new byte[] {9}, b.records().get(1));
  }

  @Test
  void writerContinuesAnExistingLog() throws IOException {
    Random random = new Random(BASE_SEED);
    List<byte[]> records = new ArrayList<>();
    MemFile file = new MemFile();
    for (int session = 0; session < 4; session++) {
      LogWriter writer = new LogWriter(file, session);
      for (int i = 0; i < 5; i++) {
        byte[] r = LogTesting.randomBytes(random, random.nextInt(20_000));
        records.add(r);
        writer.addRecord(r);
      }
    }
    LogTesting.Outcome out = LogTesting.read(file.contents(), RecoveryMode.ABSOLUTE_CONSISTENCY);
    assertEquals(records.size(), out.records().size(), "seed=" + BASE_SEED);
    for (int i = 0; i < records.size(); i++) {
      assertArrayEquals(records.get(i), out.records().get(i), "seed=" + BASE_SEED);
    }
  }

  @Test
  void addRecordHonoursOffsetAndLength() throws IOException {
    MemFile file = new MemFile();
    LogWriter writer = new LogWriter(file, 1);
    byte[] data = {0, 1, 2, 3, 4, 5};
    writer.addRecord(data, 2, 3);
    assertEquals(1, writer.logNumber());
    assertThrows(IndexOutOfBoundsException.class, () -> writer.addRecord(data, 4, 3));
    LogTesting.Outcome out = LogTesting.read(file.contents(), RecoveryMode.ABSOLUTE_CONSISTENCY);
    assertEquals(1, out.records().size());
    assertArrayEquals(new byte[] {2, 3, 4}, out.records().get(0));
  }

  @Test
  void failedAppendMakesTheWriterUnusable() throws IOException {
    FailingFile file = new FailingFile();
    LogWriter writer = new LogWriter(file, 9);
    writer.addRecord(new byte[10]);
    file.fail = true;
    assertThrows(IOException.class, () -> writer.addRecord(new byte[10]));
    file.fail = false;
    IOException e = assertThrows(IOException.class, () -> writer.addRecord(new byte[10]));
    assertTrue(e.getMessage().contains("log 9"), e.getMessage());
    assertEquals(2, file.attempts);
  }

  private static void checkRoundTrip(List<byte[]> records, String context) throws IOException {
    MemFile file = new MemFile();
    LogWriter writer = new LogWriter(file, 42);
    long expectedSize = 0;
    for (byte[] r : records) {
      expectedSize += LogWriter.framedLength(expectedSize, r.length);
      writer.addRecord(r);
      assertEquals(expectedSize, writer.size(), context);
    }
    writer.sync();
    assertEquals(records.size(), file.appends(), "one append per record; " + context);
    long lastEnd = file.size();
    for (RecoveryMode mode : RecoveryMode.values()) {
      LogReader reader = new LogReader(file, LogTesting.NAME, mode);
      for (int i = 0; i < records.size(); i++) {
        byte[] got = reader.next();
        assertArrayEquals(records.get(i), got, "record " + i + " " + mode + " " + context);
      }
      assertNull(reader.next(), context);
      assertNull(reader.next(), context);
      assertFalse(reader.tornTail(), context);
      assertEquals(records.size(), reader.recordsRead(), context);
      assertEquals(lastEnd, reader.validLength(), context);
    }
  }

  /** A file whose appends fail on demand. */
  private static final class FailingFile implements WritableFile {
    boolean fail;
    int attempts;
    long size;

    @Override
    public void append(byte[] data, int off, int len) throws IOException {
      attempts++;
      if (fail) {
        throw new IOException("injected");
      }
      size += len;
    }

    @Override
    public void sync() {}

    @Override
    public long size() {
      return size;
    }

    @Override
    public void close() {}
  }
}
