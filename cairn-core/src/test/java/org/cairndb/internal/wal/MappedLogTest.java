package org.cairndb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cairndb.fs.NioVfs;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.WritableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs written through {@link NioVfs#createLog} (memory-mapped where the platform allows): what a
 * crash leaves (the file as it is while the writer is still open, zero tail included) reads back as
 * every record and a clean end in every recovery mode, and so does a record whose later blocks
 * never got their bytes.
 */
final class MappedLogTest {
  @TempDir Path tmp;

  @Test
  void theOpenFileReadsBackCleanlyInEveryMode() throws IOException {
    Random random = new Random(5);
    Path path = tmp.resolve(LogTesting.NAME);
    List<byte[]> records = new ArrayList<>();
    try (LogWriter writer = new LogWriter(NioVfs.get().createLog(path), 7)) {
      for (int i = 0; i < 3000; i++) {
        byte[] r =
            LogTesting.randomBytes(
                random, i % 97 == 0 ? random.nextInt(100_000) : random.nextInt(200));
        writer.addRecord(r);
        records.add(r);
      }
      for (RecoveryMode mode : RecoveryMode.values()) {
        assertSameRecords(records, readAll(path, mode, false));
      }
    }
    for (RecoveryMode mode : RecoveryMode.values()) {
      assertSameRecords(records, readAll(path, mode, false));
    }
  }

  /**
   * A crash in the middle of copying a record that spans blocks: its first blocks are complete and
   * the rest still zero (the copy runs block by block, in order). That is a torn tail.
   */
  @Test
  void aRecordCutAtABlockBoundaryIsATornTail() throws IOException {
    Random random = new Random(6);
    Path path = tmp.resolve(LogTesting.NAME);
    byte[] small = LogTesting.randomBytes(random, 50);
    byte[] big = LogTesting.randomBytes(random, 3 * LogFormat.BLOCK_SIZE);
    WritableFile file = NioVfs.get().createLog(path);
    try (LogWriter writer = new LogWriter(file, 7)) {
      writer.addRecord(small);
      writer.addRecord(big);
    }
    byte[] image = Files.readAllBytes(path);
    byte[] crashed = Arrays.copyOf(image, 4 * LogFormat.BLOCK_SIZE);
    Arrays.fill(crashed, 2 * LogFormat.BLOCK_SIZE, crashed.length, (byte) 0);
    Files.write(path, crashed);
    for (RecoveryMode mode :
        new RecoveryMode[] {RecoveryMode.TOLERATE_CORRUPTED_TAIL, RecoveryMode.POINT_IN_TIME}) {
      List<byte[]> got = readAll(path, mode, true);
      assertEquals(1, got.size(), mode.toString());
      assertArrayEquals(small, got.get(0));
    }
  }

  private static void assertSameRecords(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }

  private static List<byte[]> readAll(Path path, RecoveryMode mode, boolean expectTorn)
      throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (ReadableFile in = NioVfs.get().open(path)) {
      LogReader reader = new LogReader(in, LogTesting.NAME, mode);
      for (byte[] r = reader.next(); r != null; r = reader.next()) {
        out.add(r);
      }
      assertNull(reader.next());
      if (expectTorn) {
        assertTrue(reader.tornTail());
      } else {
        assertFalse(reader.tornTail());
      }
    }
    return out;
  }
}
