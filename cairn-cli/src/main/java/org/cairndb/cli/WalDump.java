package org.cairndb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.cairndb.CorruptionException;
import org.cairndb.fs.NioVfs;
import org.cairndb.fs.ReadableFile;
import org.cairndb.internal.db.BatchFormat;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.DecodeException;
import org.cairndb.internal.wal.LogReader;
import org.cairndb.internal.wal.RecoveryMode;

/**
 * {@code cairn dump wal FILE}: prints each record of a write-ahead log (its offset, first sequence,
 * operation count and operations), read as recovery reads it: a torn tail ends the dump with a
 * note, damage followed by valid records is a {@link CorruptionException}. Stateless.
 */
final class WalDump {
  /** Log block size and fragment header size (docs/format.md, "Log files"). */
  private static final int BLOCK = 32768;

  private static final int HEADER = 7;

  private WalDump() {}

  static void dump(Path path, ByteFormat f, PrintStream out) throws IOException {
    String name = path.getFileName().toString();
    try (ReadableFile file = NioVfs.get().open(path)) {
      LogReader reader = new LogReader(file, name, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
      out.printf("file %s (%d bytes)%n", name, file.size());
      long ops = 0;
      while (true) {
        long offset = recordStart(reader.validLength());
        byte[] rec = reader.next();
        if (rec == null) {
          break;
        }
        ops += record(rec, offset, name, f, out);
      }
      out.printf(
          "%d records, %d operations, %d valid bytes%s%n",
          reader.recordsRead(),
          ops,
          reader.validLength(),
          reader.tornTail() ? ", then a torn tail (an interrupted last write, ignored)" : "");
    }
  }

  /** Where the record after {@code end} starts: the next block when too few bytes remain. */
  private static long recordStart(long end) {
    long left = BLOCK - end % BLOCK;
    return left < HEADER ? end + left : end;
  }

  private static long record(byte[] rec, long offset, String name, ByteFormat f, PrintStream out) {
    if (rec.length < BatchFormat.HEADER_BYTES) {
      throw new CorruptionException(
          name, "record at offset " + offset + " is shorter than a batch header");
    }
    out.printf(
        "record at offset %d: sequence %d, %d operations, %d bytes%n",
        offset, BatchFormat.sequence(rec), BatchFormat.count(rec), rec.length);
    try {
      BatchFormat.forEach(
          rec,
          rec.length,
          (seq, kind, r, keyOff, keyLen, valOff, valLen) -> {
            String key = f.show(Arrays.copyOfRange(r, keyOff, keyOff + keyLen));
            if (kind == ValueKind.PUT) {
              String value = f.show(Arrays.copyOfRange(r, valOff, valOff + valLen));
              out.printf("  @%d PUT %s => %s%n", seq, key, value);
            } else {
              out.printf("  @%d %s %s%n", seq, InternalKeys.kind(kind), key);
            }
          });
    } catch (DecodeException e) {
      throw new CorruptionException(
          name, "record at offset " + offset + ": bad write batch: " + e.getMessage(), e);
    }
    return BatchFormat.count(rec);
  }
}
