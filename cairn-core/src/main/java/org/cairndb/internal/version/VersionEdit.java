package org.cairndb.internal.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Coding;
import org.cairndb.internal.util.DecodeException;

/**
 * One change to the tree, recorded as one manifest record: files added and removed per level, and
 * the counters that recovery needs. Encoded as tagged, length-prefixed fields:
 *
 * <pre>
 * Edit  --&gt; Field*
 * Field --&gt; Tag varint, Length varint, Payload[Length]
 * Tag 1  FORMAT_VERSION   varint (the first record of every manifest carries it; this code: 1)
 * Tag 2  LOG_NUMBER       varint64: logs below this number are no longer needed
 * Tag 3  NEXT_FILE_NUMBER varint64
 * Tag 4  LAST_SEQUENCE    varint64
 * Tag 5  DELETED_FILE     Level varint, Number varint64
 * Tag 6  NEW_FILE         Level varint, Number varint64, Size varint64, Smallest, Largest,
 *                         SmallestSeq varint64, LargestSeq varint64
 *                         (Smallest, Largest: internal keys as Length varint + bytes)
 * Tags 7..99   reserved (column families, blob files, ...): unknown ones refuse the manifest
 * Tags 100..199 optional: unknown ones are skipped, so newer writers can add hints
 * </pre>
 */
public final class VersionEdit {
  public static final int FORMAT_VERSION = 1;
  public static final int NUM_LEVELS = 7;

  private static final int TAG_FORMAT_VERSION = 1;
  private static final int TAG_LOG_NUMBER = 2;
  private static final int TAG_NEXT_FILE_NUMBER = 3;
  private static final int TAG_LAST_SEQUENCE = 4;
  private static final int TAG_DELETED_FILE = 5;
  private static final int TAG_NEW_FILE = 6;
  private static final int FIRST_OPTIONAL_TAG = 100;
  private static final int LAST_OPTIONAL_TAG = 199;

  /** A file removed from a level. */
  public record Deleted(int level, long number) {}

  /** A file added to a level. */
  public record Added(int level, FileMetadata file) {}

  private int formatVersion = -1;
  private long logNumber = -1;
  private long nextFileNumber = -1;
  private long lastSequence = -1;
  private final List<Deleted> deleted = new ArrayList<>();
  private final List<Added> added = new ArrayList<>();

  public VersionEdit setFormatVersion(int v) {
    this.formatVersion = v;
    return this;
  }

  public VersionEdit setLogNumber(long n) {
    this.logNumber = n;
    return this;
  }

  public VersionEdit setNextFileNumber(long n) {
    this.nextFileNumber = n;
    return this;
  }

  public VersionEdit setLastSequence(long s) {
    this.lastSequence = s;
    return this;
  }

  public VersionEdit deleteFile(int level, long number) {
    deleted.add(new Deleted(level, number));
    return this;
  }

  public VersionEdit addFile(int level, FileMetadata f) {
    added.add(new Added(level, f));
    return this;
  }

  /** -1 when absent. */
  public int formatVersion() {
    return formatVersion;
  }

  /** -1 when absent. */
  public long logNumber() {
    return logNumber;
  }

  /** -1 when absent. */
  public long nextFileNumber() {
    return nextFileNumber;
  }

  /** -1 when absent. */
  public long lastSequence() {
    return lastSequence;
  }

  public List<Deleted> deleted() {
    return deleted;
  }

  public List<Added> added() {
    return added;
  }

  public byte[] encode() {
    Out out = new Out();
    if (formatVersion >= 0) {
      out.field(TAG_FORMAT_VERSION, new Out().varint(formatVersion));
    }
    if (logNumber >= 0) {
      out.field(TAG_LOG_NUMBER, new Out().varint(logNumber));
    }
    if (nextFileNumber >= 0) {
      out.field(TAG_NEXT_FILE_NUMBER, new Out().varint(nextFileNumber));
    }
    if (lastSequence >= 0) {
      out.field(TAG_LAST_SEQUENCE, new Out().varint(lastSequence));
    }
    for (Deleted d : deleted) {
      out.field(TAG_DELETED_FILE, new Out().varint(d.level()).varint(d.number()));
    }
    for (Added a : added) {
      FileMetadata f = a.file();
      out.field(
          TAG_NEW_FILE,
          new Out()
              .varint(a.level())
              .varint(f.number())
              .varint(f.size())
              .bytes(f.smallest())
              .bytes(f.largest())
              .varint(f.smallestSeq())
              .varint(f.largestSeq()));
    }
    return out.toArray();
  }

  /** Decodes one manifest record; damage becomes a {@link CorruptionException} naming the file. */
  public static VersionEdit decode(byte[] rec, String fileName) {
    try {
      return decode(rec);
    } catch (DecodeException e) {
      throw new CorruptionException(fileName, "bad manifest record: " + e.getMessage(), e);
    }
  }

  private static VersionEdit decode(byte[] rec) {
    VersionEdit e = new VersionEdit();
    int[] pos = {0};
    while (pos[0] < rec.length) {
      int tag = Coding.getVarint32(rec, pos, rec.length);
      int len = Coding.getVarint32(rec, pos, rec.length);
      int start = pos[0];
      if (len > rec.length - start) {
        throw new DecodeException("field " + tag + " length " + len + " overruns the record");
      }
      int end = start + len;
      switch (tag) {
        case TAG_FORMAT_VERSION -> e.formatVersion = Coding.getVarint32(rec, pos, end);
        case TAG_LOG_NUMBER ->
            e.logNumber = nonNegative(Coding.getVarint64(rec, pos, end), "log number");
        case TAG_NEXT_FILE_NUMBER ->
            e.nextFileNumber = nonNegative(Coding.getVarint64(rec, pos, end), "next file number");
        case TAG_LAST_SEQUENCE ->
            e.lastSequence = nonNegative(Coding.getVarint64(rec, pos, end), "last sequence");
        case TAG_DELETED_FILE ->
            e.deleted.add(new Deleted(level(rec, pos, end), number(rec, pos, end)));
        case TAG_NEW_FILE -> e.added.add(newFile(rec, pos, end));
        default -> {
          if (tag < FIRST_OPTIONAL_TAG || tag > LAST_OPTIONAL_TAG) {
            throw new DecodeException(
                "unknown required field " + tag + " (written by a newer version of Cairn?)");
          }
          pos[0] = end;
        }
      }
      if (pos[0] != end) {
        throw new DecodeException("field " + tag + " has " + (end - pos[0]) + " stray bytes");
      }
    }
    return e;
  }

  private static Added newFile(byte[] rec, int[] pos, int end) {
    int level = level(rec, pos, end);
    long number = number(rec, pos, end);
    long size = nonNegative(Coding.getVarint64(rec, pos, end), "file size");
    byte[] smallest = internalKey(rec, pos, end);
    byte[] largest = internalKey(rec, pos, end);
    long smallestSeq = nonNegative(Coding.getVarint64(rec, pos, end), "sequence");
    long largestSeq = nonNegative(Coding.getVarint64(rec, pos, end), "sequence");
    if (InternalKey.compare(smallest, largest) > 0) {
      throw new DecodeException("file " + number + " has smallest key > largest key");
    }
    return new Added(
        level, new FileMetadata(number, size, smallest, largest, smallestSeq, largestSeq));
  }

  private static int level(byte[] rec, int[] pos, int end) {
    int level = Coding.getVarint32(rec, pos, end);
    if (level >= NUM_LEVELS) {
      throw new DecodeException("level " + level + " out of range");
    }
    return level;
  }

  private static long number(byte[] rec, int[] pos, int end) {
    long n = Coding.getVarint64(rec, pos, end);
    if (n <= 0 || n > org.cairndb.internal.db.FileNames.MAX_FILE_NUMBER) {
      throw new DecodeException("file number " + n + " out of range");
    }
    return n;
  }

  private static long nonNegative(long v, String what) {
    if (v < 0) {
      throw new DecodeException(what + " out of range");
    }
    return v;
  }

  private static byte[] internalKey(byte[] rec, int[] pos, int end) {
    int len = Coding.getVarint32(rec, pos, end);
    if (len < InternalKey.TRAILER_BYTES || len > end - pos[0]) {
      throw new DecodeException("bad internal key length " + len);
    }
    byte[] k = Arrays.copyOfRange(rec, pos[0], pos[0] + len);
    pos[0] += len;
    return k;
  }

  /** A small growable byte buffer for encoding. */
  private static final class Out {
    private byte[] buf = new byte[32];
    private int size;

    Out varint(long v) {
      ensure(10);
      size = Coding.putVarint(buf, size, v);
      return this;
    }

    Out bytes(byte[] b) {
      varint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    Out field(int tag, Out payload) {
      varint(tag);
      varint(payload.size);
      ensure(payload.size);
      System.arraycopy(payload.buf, 0, buf, size, payload.size);
      size += payload.size;
      return this;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }
  }
}
