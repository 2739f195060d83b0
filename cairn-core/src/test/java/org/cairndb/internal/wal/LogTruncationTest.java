package org.cairndb.internal.wal;

import static org.cairndb.internal.wal.LogFormat.BLOCK_SIZE;
import static org.cairndb.internal.wal.LogFormat.HEADER_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cuts a log at every offset, as a crash in the middle of an append would. */
class LogTruncationTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  /**
   * A small log with an empty record, a record crossing a block boundary, a record leaving a 3-byte
   * trailer, and a record starting a block.
   */
  static LogTesting.Written smallLog(Random random) throws IOException {
    List<byte[]> records = new ArrayList<>();
    records.add(LogTesting.randomBytes(random, 5));
    records.add(new byte[0]);
    records.add(LogTesting.randomBytes(random, 40_000));
    long used = 0;
    for (byte[] r : records) {
      used += LogWriter.framedLength(used, r.length);
    }
    int left = BLOCK_SIZE - (int) (used % BLOCK_SIZE);
    records.add(LogTesting.randomBytes(random, left - HEADER_SIZE - 3));
    records.add(new byte[0]);
    records.add(LogTesting.randomBytes(random, 300));
    records.add(LogTesting.randomBytes(random, 1));
    return LogTesting.write(records);
  }

  @Test
  void cutAtEveryOffset() throws IOException {
    LogTesting.Written log = smallLog(new Random(SEED));
    byte[] bytes = log.bytes();
    for (int cut = 0; cut <= bytes.length; cut++) {
      String context = "cut=" + cut + " seed=" + SEED;
      int whole = log.recordsBefore(cut);
      long lastEnd = whole == 0 ? 0 : log.end(whole - 1);
      // Only the writer's zero trailer can sit between a record's end and the next header.
      boolean torn = !LogTesting.allZero(bytes, (int) lastEnd, cut);
      MemFile file = MemFile.prefix(bytes, cut);
      for (RecoveryMode mode : RecoveryMode.values()) {
        LogTesting.Outcome out = LogTesting.read(file, mode);
        if (mode == RecoveryMode.ABSOLUTE_CONSISTENCY && torn) {
          assertNotNull(out.error(), context);
          assertTrue(out.error().getMessage().contains(LogTesting.NAME), context);
          assertTrue(
              LogTesting.isPrefix(out.records(), log.records()) && out.records().size() == whole,
              context);
          continue;
        }
        assertNull(out.error(), () -> mode + " " + context + " " + out.error());
        assertEquals(whole, out.records().size(), mode + " " + context);
        assertTrue(LogTesting.isPrefix(out.records(), log.records()), mode + " " + context);
        assertEquals(torn, out.tornTail(), mode + " " + context);
        assertEquals(lastEnd, out.validLength(), mode + " " + context);
        assertEquals(whole, out.recordsRead(), mode + " " + context);
      }
    }
  }
}
