package org.cairndb.internal.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cairndb.CorruptionException;

/** Helpers shared by the log tests: writing a log in memory and reading one back completely. */
final class LogTesting {
  static final String NAME = "000007.log";

  private LogTesting() {}

  /** A log written in memory: its bytes, its records, and the file offset where each ends. */
  static final class Written {
    private final byte[] bytes;
    private final List<byte[]> records;
    private final long[] ends;

    Written(byte[] bytes, List<byte[]> records, long[] ends) {
      this.bytes = bytes;
      this.records = records;
      this.ends = ends;
    }

    /** A fresh copy of the log's bytes, free to damage. */
    byte[] bytes() {
      return bytes.clone();
    }

    List<byte[]> records() {
      return records;
    }

    /** The file offset just past record {@code i}. */
    long end(int i) {
      return ends[i];
    }

    int size() {
      return ends.length;
    }

    /** The index of the record whose span {@code [end of previous, end)} holds {@code offset}. */
    int recordAt(long offset) {
      for (int i = 0; i < ends.length; i++) {
        if (offset < ends[i]) {
          return i;
        }
      }
      throw new IllegalArgumentException("offset " + offset + " is past the log");
    }

    /** The number of records that end at or before {@code offset}. */
    int recordsBefore(long offset) {
      int k = 0;
      while (k < ends.length && ends[k] <= offset) {
        k++;
      }
      return k;
    }
  }

  /** What a complete read of a log produced. */
  record Outcome(
      List<byte[]> records,
      boolean tornTail,
      long validLength,
      long recordsRead,
      CorruptionException error) {}

  static Written write(List<byte[]> records) throws IOException {
    MemFile file = new MemFile();
    long[] ends = new long[records.size()];
    try (LogWriter writer = new LogWriter(file, 7)) {
      for (int i = 0; i < records.size(); i++) {
        writer.addRecord(records.get(i));
        ends[i] = writer.size();
      }
    }
    return new Written(file.contents(), records, ends);
  }

  static Outcome read(byte[] bytes, RecoveryMode mode) throws IOException {
    return read(MemFile.prefix(bytes, bytes.length), mode);
  }

  static Outcome read(MemFile file, RecoveryMode mode) throws IOException {
    LogReader reader = new LogReader(file, NAME, mode);
    List<byte[]> out = new ArrayList<>();
    CorruptionException error = null;
    try {
      for (byte[] r = reader.next(); r != null; r = reader.next()) {
        out.add(r);
      }
    } catch (CorruptionException e) {
      error = e;
    }
    return new Outcome(out, reader.tornTail(), reader.validLength(), reader.recordsRead(), error);
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Whether {@code actual} equals the first {@code actual.size()} records of {@code expected}. */
  static boolean isPrefix(List<byte[]> actual, List<byte[]> expected) {
    if (actual.size() > expected.size()) {
      return false;
    }
    for (int i = 0; i < actual.size(); i++) {
      if (!Arrays.equals(actual.get(i), expected.get(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
