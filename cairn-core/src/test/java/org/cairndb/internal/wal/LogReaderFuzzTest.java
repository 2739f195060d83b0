package org.cairndb.internal.wal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.cairndb.CorruptionException;
import org.cairndb.FuzzCorpus;
import org.cairndb.Mutator;
import org.cairndb.internal.db.BatchFormat;
import org.cairndb.internal.util.Coding;
import org.cairndb.internal.util.DecodeException;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the log reader (write-ahead log and manifest framing) and the write-batch decoder applied
 * to every record it returns, as recovery does. The mode byte picks the recovery mode and whether
 * fragment checksums are repaired first (random bytes almost never pass a CRC, and the checksum
 * covers the fragment's file offset, so without this the fuzzer would not get past the first
 * header). Contract: records, a clean or torn end, or {@link CorruptionException}; the batch
 * decoder may throw only its documented {@link DecodeException}. Each test run replays the corpus
 * in {@code LogReaderFuzzTestInputs/fuzz} and runs a seeded mutation round; {@code -Pfuzz} fuzzes
 * coverage-guided.
 */
class LogReaderFuzzTest {
  private static final RecoveryMode[] MODES = RecoveryMode.values();

  @FuzzTest(maxDuration = "5m")
  void fuzz(byte[] input) {
    target(input);
  }

  @Test
  void mutations() throws IOException {
    if (FuzzCorpus.writing()) {
      FuzzCorpus.write(getClass(), "fuzz", seeds());
    }
    Mutator.run("log reader", seeds(), 3_000, LogReaderFuzzTest::target);
  }

  static void target(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int mode = input[0] & 0xFF;
    byte[] file = Arrays.copyOfRange(input, 1, input.length);
    if ((mode & 0x80) != 0) {
      fixChecksums(file);
    }
    try {
      LogReader reader = new LogReader(new MemFile(file), "000007.log", MODES[mode % MODES.length]);
      byte[] rec;
      long records = 0;
      while ((rec = reader.next()) != null) {
        if (++records > file.length + 1) {
          throw new AssertionError("more records than bytes");
        }
        try {
          BatchFormat.forEach(rec, rec.length, (seq, kind, r, ko, kl, vo, vl) -> {});
        } catch (DecodeException expected) {
          // The batch decoder's documented failure; recovery maps it to CorruptionException.
        }
      }
      if (reader.validLength() > file.length) {
        throw new AssertionError("valid length beyond the file");
      }
    } catch (CorruptionException expected) {
      // The one permitted failure for a damaged log.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Walks the fragments as a writer lays them out and gives each a correct checksum. */
  static void fixChecksums(byte[] b) {
    CRC32C crc = new CRC32C();
    int pos = 0;
    while (pos + LogFormat.HEADER_SIZE <= b.length) {
      int leftInBlock = LogFormat.BLOCK_SIZE - pos % LogFormat.BLOCK_SIZE;
      if (leftInBlock < LogFormat.HEADER_SIZE) {
        pos += leftInBlock;
        continue;
      }
      int len = LogFormat.payloadLength(b, pos);
      if (len > Math.min(leftInBlock, b.length - pos) - LogFormat.HEADER_SIZE) {
        return;
      }
      Coding.putInt(b, pos + LogFormat.CRC_OFFSET, LogFormat.checksum(crc, pos, b, pos, len));
      pos += LogFormat.HEADER_SIZE + len;
    }
  }

  /** Logs of well-formed batches: small, spanning blocks, with padding; in every mode. */
  static List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    try {
      int[][] shapes = {{1}, {20, 3, 0, 7}, {200, 900}, {32_700, 10}, {5, 33_000}};
      long seq = 1;
      for (int s = 0; s < shapes.length; s++) {
        MemFile f = new MemFile();
        LogWriter w = new LogWriter(f, 7);
        for (int size : shapes[s]) {
          byte[] rep = batch(seq, size);
          seq += BatchFormat.count(rep);
          w.addRecord(rep);
        }
        byte[] content = f.contents();
        out.add(prefixed(s % MODES.length, content));
        out.add(prefixed(0x80 | ((s + 1) % MODES.length), content));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A batch of puts and a delete whose values add up to about {@code size} bytes. */
  private static byte[] batch(long seq, int size) {
    List<byte[]> ops = new ArrayList<>();
    int n = 1 + Math.min(3, size / 10);
    int total = BatchFormat.HEADER_BYTES;
    for (int i = 0; i < n; i++) {
      byte[] key = ("k" + seq + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] value = i == n - 1 && n > 1 ? null : new byte[size / n];
      byte[] op = new byte[(int) BatchFormat.opLength(key, value)];
      BatchFormat.putOp(op, 0, key, value);
      ops.add(op);
      total += op.length;
    }
    byte[] rep = new byte[total];
    BatchFormat.setHeader(rep, seq, n);
    int p = BatchFormat.HEADER_BYTES;
    for (byte[] op : ops) {
      System.arraycopy(op, 0, rep, p, op.length);
      p += op.length;
    }
    return rep;
  }

  private static byte[] prefixed(int mode, byte[] b) {
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) mode;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }
}
