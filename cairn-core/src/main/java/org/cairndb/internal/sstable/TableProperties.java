package org.cairndb.internal.sstable;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Coding;
import org.cairndb.internal.util.DecodeException;

/**
 * What a table holds, as recorded in its properties block (encoding in {@link TableFormat}):
 * smallest and largest internal key, counts, sequence range, sizes, creation time, file number,
 * format version and compression. Immutable and thread-safe; key accessors return copies. For a
 * table without entries the keys are empty and the sequence range is {@code [0, 0]}.
 */
public final class TableProperties {
  private final byte[] smallestKey;
  private final byte[] largestKey;
  private final long entryCount;
  private final long deletionCount;
  private final long smallestSequence;
  private final long largestSequence;
  private final long rawKeyBytes;
  private final long rawValueBytes;
  private final long dataBlockCount;
  private final long creationTimeMillis;
  private final long fileNumber;
  private final int formatVersion;
  private final Compression compression;

  @SuppressWarnings("TooManyParameters") // A plain value with one field per property.
  TableProperties(
      byte[] smallestKey,
      byte[] largestKey,
      long entryCount,
      long deletionCount,
      long smallestSequence,
      long largestSequence,
      long rawKeyBytes,
      long rawValueBytes,
      long dataBlockCount,
      long creationTimeMillis,
      long fileNumber,
      int formatVersion,
      Compression compression) {
    this.smallestKey = smallestKey;
    this.largestKey = largestKey;
    this.entryCount = entryCount;
    this.deletionCount = deletionCount;
    this.smallestSequence = smallestSequence;
    this.largestSequence = largestSequence;
    this.rawKeyBytes = rawKeyBytes;
    this.rawValueBytes = rawValueBytes;
    this.dataBlockCount = dataBlockCount;
    this.creationTimeMillis = creationTimeMillis;
    this.fileNumber = fileNumber;
    this.formatVersion = formatVersion;
    this.compression = compression;
  }

  /** The smallest internal key in the table (empty if the table has no entries). */
  public byte[] smallestKey() {
    return smallestKey.clone();
  }

  /** The largest internal key in the table (empty if the table has no entries). */
  public byte[] largestKey() {
    return largestKey.clone();
  }

  public long entryCount() {
    return entryCount;
  }

  /** Number of tombstones. */
  public long deletionCount() {
    return deletionCount;
  }

  public long smallestSequence() {
    return smallestSequence;
  }

  public long largestSequence() {
    return largestSequence;
  }

  /** Sum of the internal key lengths (user key + 8-byte trailer) of all entries. */
  public long rawKeyBytes() {
    return rawKeyBytes;
  }

  public long rawValueBytes() {
    return rawValueBytes;
  }

  public long dataBlockCount() {
    return dataBlockCount;
  }

  public long creationTimeMillis() {
    return creationTimeMillis;
  }

  public long fileNumber() {
    return fileNumber;
  }

  public int formatVersion() {
    return formatVersion;
  }

  /** The codec the table was written with (a block that did not compress well is stored raw). */
  public Compression compression() {
    return compression;
  }

  @Override
  public String toString() {
    return "TableProperties{file="
        + fileNumber
        + ", entries="
        + entryCount
        + ", deletions="
        + deletionCount
        + ", seq=["
        + smallestSequence
        + ", "
        + largestSequence
        + "], rawKeyBytes="
        + rawKeyBytes
        + ", rawValueBytes="
        + rawValueBytes
        + ", dataBlocks="
        + dataBlockCount
        + ", version="
        + formatVersion
        + ", compression="
        + compression
        + "}";
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + smallestKey.length * 2);
    putVarint(out, TableFormat.PROPERTIES_VERSION);
    putVarint(out, TableFormat.PROP_MAX_KNOWN);
    putBytes(out, TableFormat.PROP_SMALLEST_KEY, smallestKey);
    putBytes(out, TableFormat.PROP_LARGEST_KEY, largestKey);
    putNumber(out, TableFormat.PROP_ENTRY_COUNT, entryCount);
    putNumber(out, TableFormat.PROP_DELETION_COUNT, deletionCount);
    putNumber(out, TableFormat.PROP_SMALLEST_SEQ, smallestSequence);
    putNumber(out, TableFormat.PROP_LARGEST_SEQ, largestSequence);
    putNumber(out, TableFormat.PROP_RAW_KEY_BYTES, rawKeyBytes);
    putNumber(out, TableFormat.PROP_RAW_VALUE_BYTES, rawValueBytes);
    putNumber(out, TableFormat.PROP_DATA_BLOCK_COUNT, dataBlockCount);
    putNumber(out, TableFormat.PROP_CREATION_TIME, creationTimeMillis);
    putNumber(out, TableFormat.PROP_FILE_NUMBER, fileNumber);
    putNumber(out, TableFormat.PROP_FORMAT_VERSION, formatVersion);
    putNumber(out, TableFormat.PROP_COMPRESSION, compression.id());
    return out.toByteArray();
  }

  private static void putVarint(ByteArrayOutputStream out, long v) {
    byte[] b = new byte[10];
    int n = Coding.putVarint(b, 0, v);
    out.write(b, 0, n);
  }

  private static void putBytes(ByteArrayOutputStream out, int tag, byte[] value) {
    putVarint(out, tag);
    putVarint(out, value.length);
    out.write(value, 0, value.length);
  }

  private static void putNumber(ByteArrayOutputStream out, int tag, long value) {
    putVarint(out, tag);
    putVarint(out, Coding.varintLength(value));
    putVarint(out, value);
  }

  /** Decodes a properties block {@code data[0, len)}; unknown tags are skipped. */
  static TableProperties decode(byte[] data, int len, String fileName, long fileOffset) {
    try {
      return decodeChecked(data, len, fileName, fileOffset);
    } catch (DecodeException e) {
      throw new CorruptionException(
          fileName, "bad properties block at offset " + fileOffset + ": " + e.getMessage(), e);
    }
  }

  private static TableProperties decodeChecked(
      byte[] data, int len, String fileName, long fileOffset) {
    int[] pos = {0};
    int version = Coding.getVarint32(data, pos, len);
    if (version != TableFormat.PROPERTIES_VERSION) {
      throw bad(fileName, fileOffset, "unsupported properties version " + version);
    }
    int count = Coding.getVarint32(data, pos, len);
    byte[][] keys = new byte[3][];
    long[] numbers = new long[TableFormat.PROP_MAX_KNOWN + 1];
    boolean[] seen = new boolean[TableFormat.PROP_MAX_KNOWN + 1];
    for (int i = 0; i < count; i++) {
      int tag = Coding.getVarint32(data, pos, len);
      int length = Coding.getVarint32(data, pos, len);
      int start = pos[0];
      if (length > len - start) {
        throw bad(fileName, fileOffset, "property " + tag + " overruns the block");
      }
      int end = start + length;
      pos[0] = end;
      if (tag < 1 || tag > TableFormat.PROP_MAX_KNOWN) {
        continue;
      }
      if (seen[tag]) {
        throw bad(fileName, fileOffset, "duplicate property " + tag);
      }
      seen[tag] = true;
      if (tag == TableFormat.PROP_SMALLEST_KEY || tag == TableFormat.PROP_LARGEST_KEY) {
        if (length != 0 && length < InternalKey.TRAILER_BYTES) {
          throw bad(fileName, fileOffset, "property " + tag + " is not an internal key");
        }
        keys[tag] = Arrays.copyOfRange(data, start, end);
      } else {
        int[] p = {start};
        long v = Coding.getVarint64(data, p, end);
        if (p[0] != end || v < 0) {
          throw bad(fileName, fileOffset, "bad value of property " + tag);
        }
        numbers[tag] = v;
      }
    }
    if (pos[0] != len) {
      throw bad(fileName, fileOffset, "trailing bytes after properties");
    }
    for (int tag = 1; tag <= TableFormat.PROP_MAX_KNOWN; tag++) {
      if (!seen[tag]) {
        throw bad(fileName, fileOffset, "missing property " + tag);
      }
    }
    long entries = numbers[TableFormat.PROP_ENTRY_COUNT];
    byte[] smallest = keys[TableFormat.PROP_SMALLEST_KEY];
    byte[] largest = keys[TableFormat.PROP_LARGEST_KEY];
    long smallestSeq = numbers[TableFormat.PROP_SMALLEST_SEQ];
    long largestSeq = numbers[TableFormat.PROP_LARGEST_SEQ];
    boolean keysOk =
        entries == 0
            ? smallest.length == 0 && largest.length == 0
            : smallest.length != 0
                && largest.length != 0
                && InternalKey.compare(smallest, largest) <= 0;
    if (!keysOk
        || numbers[TableFormat.PROP_DELETION_COUNT] > entries
        || smallestSeq > largestSeq
        || largestSeq > InternalKey.MAX_SEQUENCE) {
      throw bad(fileName, fileOffset, "inconsistent properties");
    }
    long version2 = numbers[TableFormat.PROP_FORMAT_VERSION];
    Compression compression = Compression.fromId((int) numbers[TableFormat.PROP_COMPRESSION]);
    if (compression == null
        || numbers[TableFormat.PROP_COMPRESSION] > 255
        || version2 > Integer.MAX_VALUE) {
      throw bad(fileName, fileOffset, "bad compression or version property");
    }
    return new TableProperties(
        smallest,
        largest,
        entries,
        numbers[TableFormat.PROP_DELETION_COUNT],
        smallestSeq,
        largestSeq,
        numbers[TableFormat.PROP_RAW_KEY_BYTES],
        numbers[TableFormat.PROP_RAW_VALUE_BYTES],
        numbers[TableFormat.PROP_DATA_BLOCK_COUNT],
        numbers[TableFormat.PROP_CREATION_TIME],
        numbers[TableFormat.PROP_FILE_NUMBER],
        (int) version2,
        compression);
  }

  private static CorruptionException bad(String fileName, long fileOffset, String what) {
    return new CorruptionException(fileName, what + " in properties block at offset " + fileOffset);
  }
}
