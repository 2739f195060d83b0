package org.cairndb.internal.wal;

import static org.cairndb.internal.wal.LogFormat.BLOCK_SIZE;
import static org.cairndb.internal.wal.LogFormat.CRC_OFFSET;
import static org.cairndb.internal.wal.LogFormat.HEADER_SIZE;
import static org.cairndb.internal.wal.LogFormat.TYPE_FIRST;
import static org.cairndb.internal.wal.LogFormat.TYPE_FULL;
import static org.cairndb.internal.wal.LogFormat.TYPE_LAST;
import static org.cairndb.internal.wal.LogFormat.TYPE_ZERO;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.cairndb.CorruptionException;
import org.cairndb.fs.ReadableFile;
import org.cairndb.internal.util.Bytes;
import org.cairndb.internal.util.Coding;

/**
 * Reads the records of a log file written by {@link LogWriter}, in order, checking every fragment.
 *
 * <h2>Damage rules</h2>
 *
 * The reader walks fragments from the start of the file. The log <em>ends cleanly</em> (no
 * exception, {@link #tornTail()} false) when the file ends at a record boundary, or when everything
 * from a record boundary to the end of the file is zero bytes (unwritten or preallocated space;
 * trailers of fewer than 7 bytes at block ends are always zero and skipped).
 *
 * <p>Anything else that stops the walk is <em>damage</em>, found at a file offset: a fragment with
 * an unknown or zero type, a length that overruns its block or the file, a checksum mismatch, a
 * non-zero block trailer, or the end of the file inside a record. Checksum-valid fragments out of
 * sequence (a {@code MIDDLE} or {@code LAST} outside a record, a {@code FULL} or {@code FIRST}
 * inside one, a record above {@link LogFormat#MAX_RECORD_BYTES}) are damage too, and they are
 * themselves proof that valid data follows the damage.
 *
 * <p>A damaged or incomplete record is never returned. What damage means depends on the {@link
 * RecoveryMode}:
 *
 * <ul>
 *   <li>{@link RecoveryMode#POINT_IN_TIME}: reading stops; {@link #tornTail()} is true.
 *   <li>{@link RecoveryMode#ABSOLUTE_CONSISTENCY}: {@link CorruptionException}.
 *   <li>{@link RecoveryMode#TOLERATE_TRUNCATED_TAIL}: like the tolerant mode below, but only when
 *       the damage is the file ending early (inside a header, fragment or record); wrong bytes (a
 *       checksum mismatch, an unknown type, a bad length) are a {@link CorruptionException}.
 *   <li>{@link RecoveryMode#TOLERATE_CORRUPTED_TAIL}: the damage is a <em>torn tail</em> (reading
 *       stops, {@link #tornTail()} true) unless a checksum-valid fragment of any type exists after
 *       it, in which case it is a {@link CorruptionException} naming the damage offset and where
 *       the valid fragment is. The search is exact in the block that holds the damage: every byte
 *       offset after it is tried as a fragment start, because a damaged length field hides where
 *       the next fragment begins. In each later block only the fragment at the block start is
 *       tried: the writer starts every block with a fragment header, so any later block holding
 *       written data reveals it there unless that block is damaged too. Because the checksum covers
 *       the fragment's file offset, bytes inside a record payload cannot pass for a fragment at the
 *       offset where they happen to lie. The search reads the rest of the file once and costs at
 *       most a few hundred megabytes of checksumming in the worst case, only after damage.
 * </ul>
 *
 * <p>A torn tail is what a process crash leaves (a prefix of the last append). Power loss with
 * unsynced appends can also leave holes followed by valid data, which the tolerant mode reports as
 * corruption; {@link RecoveryMode#POINT_IN_TIME} accepts it.
 *
 * <p>Robustness: for any file content, {@link #next()} returns a record, null, or throws {@link
 * CorruptionException} (or {@link IOException} when the file itself cannot be read). Every length
 * is checked against the bytes present before use, and no buffer grows beyond the file size.
 *
 * <p>The file size is taken once, at construction. Not thread-safe: one thread reads. The caller
 * owns the file and closes it.
 */
public final class LogReader {
  private final ReadableFile file;
  private final String fileName;
  private final RecoveryMode mode;
  private final long fileSize;
  private final CRC32C crc = new CRC32C();

  /** The current block; after damage also the scratch buffer of the search for later data. */
  private final byte[] block;

  private long blockStart;
  private int blockLen;
  private int pos;

  /** Reassembly buffer of a multi-fragment record; never longer than the file. */
  private byte[] record = Bytes.EMPTY;

  private int recordLen;
  private boolean inRecord;
  private long recordStart;

  private long validLength;
  private boolean tornTail;
  private long recordsRead;
  private boolean finished;
  private CorruptionException failure;

  /**
   * Creates a reader over the whole of {@code file} as it is now. {@code fileName} names the file
   * in exceptions (for example {@code 000012.log}).
   */
  public LogReader(ReadableFile file, String fileName, RecoveryMode mode) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.mode = Objects.requireNonNull(mode, "mode");
    long size = file.size();
    if (size < 0) {
      throw new IOException("negative size " + size + " reported for " + fileName);
    }
    this.fileSize = size;
    this.block = new byte[(int) Math.min(BLOCK_SIZE, size)];
  }

  /**
   * The next record's payload, or null when the log ends (cleanly or at a torn tail). Once it has
   * returned null it keeps returning null; once it has thrown it keeps throwing the same exception.
   *
   * @throws CorruptionException if the log is damaged in a way the recovery mode does not accept
   * @throws IOException if the file cannot be read
   */
  public byte[] next() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (finished) {
      return null;
    }
    return read();
  }

  /** The file offset just past the last record returned (0 before the first). */
  public long validLength() {
    return validLength;
  }

  /** Whether reading stopped at damage that was accepted as the log's end. */
  public boolean tornTail() {
    return tornTail;
  }

  /** The number of records returned so far. */
  public long recordsRead() {
    return recordsRead;
  }

  private byte[] read() throws IOException {
    while (true) {
      if (pos == blockLen) {
        long nextBlock = blockStart + blockLen;
        if (nextBlock >= fileSize) {
          return endOfFile();
        }
        loadBlock(nextBlock);
      }
      long at = blockStart + pos;
      int remaining = blockLen - pos;
      if (remaining < HEADER_SIZE) {
        if (blockLen == BLOCK_SIZE && allZero(block, pos, blockLen)) {
          pos = blockLen;
          continue;
        }
        return damage(
            at,
            blockLen == BLOCK_SIZE
                ? "non-zero bytes in a block trailer"
                : "the file ends inside a fragment header",
            false,
            blockLen != BLOCK_SIZE);
      }
      int type = block[pos] & 0xFF;
      if (type == TYPE_ZERO) {
        return damage(at, "zero fragment type (unwritten space)", false, false);
      }
      if (type > TYPE_LAST) {
        return damage(at, "unknown fragment type " + type, false, false);
      }
      int len = LogFormat.payloadLength(block, pos);
      if (len > remaining - HEADER_SIZE) {
        boolean cutShort = len <= BLOCK_SIZE - pos - HEADER_SIZE;
        return damage(
            at,
            cutShort
                ? "fragment of " + len + " bytes cut short by the end of the file"
                : "fragment length " + len + " overruns its block",
            false,
            cutShort);
      }
      if (Coding.getInt(block, pos + CRC_OFFSET) != LogFormat.checksum(crc, at, block, pos, len)) {
        return damage(at, "fragment checksum mismatch", false, false);
      }
      int payload = pos + HEADER_SIZE;
      pos = payload + len;
      long end = at + HEADER_SIZE + len;
      if (type == TYPE_FULL || type == TYPE_FIRST) {
        if (inRecord) {
          return damage(
              at,
              "the record starting at offset " + recordStart + " is cut short by another",
              true,
              false);
        }
        if (type == TYPE_FULL) {
          return complete(
              end, len == 0 ? Bytes.EMPTY : Arrays.copyOfRange(block, payload, payload + len));
        }
        inRecord = true;
        recordStart = at;
        recordLen = 0;
      } else if (!inRecord) {
        return damage(at, "a continuation fragment outside any record", true, false);
      }
      if (recordLen + len > LogFormat.MAX_RECORD_BYTES) {
        return damage(
            at,
            "the record starting at offset "
                + recordStart
                + " grows beyond the maximum of "
                + LogFormat.MAX_RECORD_BYTES
                + " bytes",
            true,
            false);
      }
      append(payload, len);
      if (type == TYPE_LAST) {
        inRecord = false;
        return complete(end, Arrays.copyOf(record, recordLen));
      }
    }
  }

  private byte[] complete(long end, byte[] payload) {
    validLength = end;
    recordsRead++;
    return payload;
  }

  private void append(int payload, int len) {
    int needed = recordLen + len;
    if (needed > record.length) {
      // needed never exceeds the file size (each byte came from the file), so neither does this.
      long capacity = Math.max(needed, 2L * record.length);
      capacity = Math.min(capacity, Math.min(fileSize, LogFormat.MAX_RECORD_BYTES));
      record = Arrays.copyOf(record, (int) capacity);
    }
    System.arraycopy(block, payload, record, recordLen, len);
    recordLen = needed;
  }

  private byte[] endOfFile() throws IOException {
    if (inRecord) {
      return damage(
          fileSize,
          "the file ends inside the record starting at offset " + recordStart,
          false,
          true);
    }
    finished = true;
    return null;
  }

  private void loadBlock(long start) throws IOException {
    int n = (int) Math.min(BLOCK_SIZE, fileSize - start);
    file.readFully(start, block, 0, n);
    blockStart = start;
    blockLen = n;
    pos = 0;
  }

  /**
   * Ends reading at damage found at {@code at} (an offset in the current block, or the end of the
   * current block when that is the end of the file): returns null for a clean end or an accepted
   * torn tail, otherwise throws. {@code provenLater} says the damage is a checksum-valid fragment
   * out of sequence, so valid data follows it; {@code truncation} says the damage is only the file
   * ending early (as opposed to wrong bytes).
   */
  private byte[] damage(long at, String what, boolean provenLater, boolean truncation)
      throws IOException {
    finished = true;
    boolean restOfBlockZero = !provenLater && allZero(block, (int) (at - blockStart), blockLen);
    // laterBlocksZero() reuses the block buffer, but only when the rest of this block is zero and
    // so needs no search below.
    if (!provenLater && !inRecord && restOfBlockZero && laterBlocksZero()) {
      return null;
    }
    String message = what + " at offset " + at;
    if (mode == RecoveryMode.POINT_IN_TIME) {
      tornTail = true;
      return null;
    }
    if (mode == RecoveryMode.ABSOLUTE_CONSISTENCY
        || provenLater
        || (mode == RecoveryMode.TOLERATE_TRUNCATED_TAIL && !truncation)) {
      throw fail(message);
    }
    long later = restOfBlockZero ? -1 : searchBlock(at);
    if (later < 0) {
      later = searchLaterBlocks();
    }
    if (later >= 0) {
      throw fail(
          message
              + "; a valid fragment follows at offset "
              + later
              + ", so this is not a torn tail");
    }
    tornTail = true;
    return null;
  }

  private CorruptionException fail(String message) {
    failure = new CorruptionException(fileName, message);
    return failure;
  }

  /** Whether every block after the current one holds only zero bytes. Overwrites the block. */
  private boolean laterBlocksZero() throws IOException {
    for (long b = blockStart + blockLen; b < fileSize; b += BLOCK_SIZE) {
      int n = (int) Math.min(BLOCK_SIZE, fileSize - b);
      file.readFully(b, block, 0, n);
      if (!allZero(block, 0, n)) {
        return false;
      }
    }
    return true;
  }

  /** The first offset after {@code at} in the current block holding a valid fragment, or -1. */
  private long searchBlock(long at) {
    for (int q = (int) (at - blockStart) + 1; q <= blockLen - HEADER_SIZE; q++) {
      if (validFragment(q, blockLen, blockStart + q)) {
        return blockStart + q;
      }
    }
    return -1;
  }

  /** The first later block that starts with a valid fragment, or -1. Overwrites the block. */
  private long searchLaterBlocks() throws IOException {
    for (long b = blockStart + blockLen; b < fileSize; b += BLOCK_SIZE) {
      int n = (int) Math.min(BLOCK_SIZE, fileSize - b);
      if (n < HEADER_SIZE) {
        break;
      }
      file.readFully(b, block, 0, HEADER_SIZE);
      int type = block[0] & 0xFF;
      int len = LogFormat.payloadLength(block, 0);
      if (type < TYPE_FULL || type > TYPE_LAST || len > n - HEADER_SIZE) {
        continue;
      }
      file.readFully(b + HEADER_SIZE, block, HEADER_SIZE, len);
      if (validFragment(0, HEADER_SIZE + len, b)) {
        return b;
      }
    }
    return -1;
  }

  /** Whether {@code block[q, limit)} starts with a fragment valid at file offset {@code at}. */
  private boolean validFragment(int q, int limit, long at) {
    int type = block[q] & 0xFF;
    if (type < TYPE_FULL || type > TYPE_LAST) {
      return false;
    }
    int len = LogFormat.payloadLength(block, q);
    return len <= limit - q - HEADER_SIZE
        && Coding.getInt(block, q + CRC_OFFSET) == LogFormat.checksum(crc, at, block, q, len);
  }

  private static boolean allZero(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
