package org.cairndb.internal.wal;

import static org.cairndb.internal.wal.LogFormat.BLOCK_SIZE;
import static org.cairndb.internal.wal.LogFormat.CRC_OFFSET;
import static org.cairndb.internal.wal.LogFormat.HEADER_SIZE;
import static org.cairndb.internal.wal.LogFormat.LENGTH_OFFSET;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.util.Coding;

/**
 * Appends records to a log file in the {@link LogFormat} layout.
 *
 * <p>Each {@link #addRecord} frames the whole record (block padding, fragment headers, checksums)
 * into one byte array and hands it to the file in exactly one {@link WritableFile#append}: a group
 * commit costs one system call, and a process crash leaves at most a prefix of the last record. The
 * framing buffer is kept and reused for records up to {@value #RETAINED_BUFFER_BYTES} bytes; larger
 * records get a one-off buffer so a rare huge batch does not pin its memory for the writer's life.
 *
 * <p>The writer starts at the file's current size, so it can continue a log whose bytes all form
 * complete records (for example one truncated to {@link LogReader#validLength()}); appending after
 * a torn tail would bury the damage under valid records and make the log unreadable.
 *
 * <p>If an append fails the file may end in a partial record, so the writer refuses every later
 * {@link #addRecord}; the owner must switch to a new log file.
 *
 * <p>Not thread-safe: one owner (the thread that holds the commit lock) calls it. The writer owns
 * the file: {@link #close} closes it (without syncing).
 */
public final class LogWriter implements Closeable {
  /** Framing buffers up to this size are kept for reuse. */
  static final int RETAINED_BUFFER_BYTES = 1 << 20;

  private final WritableFile file;
  private final long logNumber;
  private final CRC32C crc = new CRC32C();
  private byte[] buffer = new byte[0];

  /** File offset at which the next appended byte lands. */
  private long offset;

  private boolean failed;

  /**
   * Creates a writer appending to {@code file} from its current size. {@code logNumber} names the
   * log in messages (the file number the engine gave it).
   */
  public LogWriter(WritableFile file, long logNumber) {
    this.file = Objects.requireNonNull(file, "file");
    this.logNumber = logNumber;
    this.offset = file.size();
  }

  /** The log's file number, as given to the constructor. */
  public long logNumber() {
    return logNumber;
  }

  /** Appends one record: the whole of {@code data}. */
  public void addRecord(byte[] data) throws IOException {
    addRecord(data, 0, data.length);
  }

  /**
   * Appends one record, the bytes {@code data[off, off+len)}, with a single append to the file. The
   * record is in the operating system when this returns; {@link #sync} makes it durable.
   *
   * @throws IllegalArgumentException if {@code len} exceeds {@link LogFormat#MAX_RECORD_BYTES}
   * @throws IOException if the append fails, or failed earlier on this writer
   */
  public void addRecord(byte[] data, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, data.length);
    if (len > LogFormat.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "log record of "
              + len
              + " bytes exceeds the maximum of "
              + LogFormat.MAX_RECORD_BYTES
              + " bytes");
    }
    if (failed) {
      throw new IOException(
          "log "
              + logNumber
              + " is unusable: an earlier append failed and may have left a partial"
              + " record");
    }
    int framed = framedLength(offset, len);
    byte[] out = framingBuffer(framed);
    frame(out, data, off, len);
    try {
      file.append(out, 0, framed);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
    offset += framed;
  }

  /** Forces every appended record to stable storage. */
  public void sync() throws IOException {
    file.sync();
  }

  /** The size of the log file in bytes (everything appended so far). */
  public long size() {
    return file.size();
  }

  /** Closes the file. Does not sync: call {@link #sync} first if the tail must be durable. */
  @Override
  public void close() throws IOException {
    file.close();
  }

  /**
   * The number of bytes {@link #addRecord} appends for a record of {@code len} bytes when the file
   * currently ends at {@code fileOffset}: trailer padding, if any, plus headers and payload.
   */
  static int framedLength(long fileOffset, int len) {
    int blockOffset = (int) (fileOffset % BLOCK_SIZE);
    int total = 0;
    int remaining = len;
    do {
      int leftover = BLOCK_SIZE - blockOffset;
      if (leftover < HEADER_SIZE) {
        total += leftover;
        blockOffset = 0;
      }
      int fragment = Math.min(BLOCK_SIZE - blockOffset - HEADER_SIZE, remaining);
      total += HEADER_SIZE + fragment;
      blockOffset += HEADER_SIZE + fragment;
      remaining -= fragment;
    } while (remaining > 0);
    return total;
  }

  private byte[] framingBuffer(int framed) {
    if (framed <= buffer.length) {
      return buffer;
    }
    if (framed > RETAINED_BUFFER_BYTES) {
      return new byte[framed];
    }
    buffer = new byte[Math.max(framed, Math.min(2 * buffer.length, RETAINED_BUFFER_BYTES))];
    return buffer;
  }

  /** Writes the framing of {@code data[off, off+len)} into {@code out} from index 0. */
  private void frame(byte[] out, byte[] data, int off, int len) {
    int blockOffset = (int) (offset % BLOCK_SIZE);
    int p = 0;
    int src = off;
    int remaining = len;
    boolean begin = true;
    do {
      int leftover = BLOCK_SIZE - blockOffset;
      if (leftover < HEADER_SIZE) {
        // The buffer is reused, so the trailer must be zeroed explicitly.
        Arrays.fill(out, p, p + leftover, (byte) 0);
        p += leftover;
        blockOffset = 0;
      }
      int fragment = Math.min(BLOCK_SIZE - blockOffset - HEADER_SIZE, remaining);
      boolean end = fragment == remaining;
      int type;
      if (begin) {
        type = end ? LogFormat.TYPE_FULL : LogFormat.TYPE_FIRST;
      } else {
        type = end ? LogFormat.TYPE_LAST : LogFormat.TYPE_MIDDLE;
      }
      out[p] = (byte) type;
      out[p + LENGTH_OFFSET] = (byte) fragment;
      out[p + LENGTH_OFFSET + 1] = (byte) (fragment >>> 8);
      System.arraycopy(data, src, out, p + HEADER_SIZE, fragment);
      Coding.putInt(out, p + CRC_OFFSET, LogFormat.checksum(crc, offset + p, out, p, fragment));
      p += HEADER_SIZE + fragment;
      blockOffset += HEADER_SIZE + fragment;
      src += fragment;
      remaining -= fragment;
      begin = false;
    } while (remaining > 0);
  }
}
