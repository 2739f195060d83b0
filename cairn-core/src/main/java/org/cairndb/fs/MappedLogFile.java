package org.cairndb.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link WritableFile} for write-ahead logs that appends by copying into a shared memory mapping
 * of the file instead of calling {@code write(2)}: the bytes are in the operating system's page
 * cache as soon as the copy finishes, so they survive a process crash exactly as a write would,
 * without a system call per append (about 1 µs of a small put on Linux).
 *
 * <p>The file grows in regions of {@value #REGION_BYTES} bytes. Before a region is mapped it is
 * filled with zeros by ordinary writes, which makes the file system reserve its blocks: a full disk
 * is then an {@link IOException} here rather than a fault inside a later copy. While the file is
 * open (and after a crash) it therefore ends in up to a region of zero bytes past the last append,
 * which the log format reads as a clean end ({@code LogFormat}: zero bytes at a record boundary end
 * the log). {@link #close} truncates the file to what was appended. Nothing is preallocated until
 * the first append, so a log that never received a record stays empty.
 *
 * <p>Order of bytes after a process crash: one large copy need not store its bytes front to back,
 * so an append is copied in pieces that end at multiples of {@value #PIECE_BYTES} (the log's block
 * size, which no fragment crosses), in file order. A crash then leaves every earlier block of the
 * record complete and later blocks untouched, so the damage is confined to one fragment: a torn
 * tail, as with {@code write(2)}.
 *
 * <p>{@link #sync} is {@code fdatasync} of the file. On Linux that writes out every dirty page of
 * the file, whether it was dirtied by a write or through a shared mapping (the kernel tracks both
 * in the one page cache, and {@code msync} adds nothing to it), which is why {@link NioVfs} maps
 * logs on Linux only.
 *
 * <p>Thread-safety: one owner appends, as for any {@link WritableFile}; the methods that touch the
 * mapping are synchronized anyway, because touching an unmapped region would crash the JVM rather
 * than throw, and a close racing an append must not do that. {@link #sync} may run on another
 * thread while the owner appends (the engine syncs logs in the background); it does not touch the
 * mapping and does not hold the monitor while it waits for the disk.
 */
final class MappedLogFile implements WritableFile {
  /** Size of a mapped region: the file's zero tail is at most this long. */
  static final int REGION_BYTES = 1 << 20;

  /** Appends are copied in pieces that end at multiples of this (the log format's block size). */
  static final int PIECE_BYTES = 32 * 1024;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

  private final Path path;
  private final FileChannel channel;

  /** The mapped region holding the append position, or null before the first append. */
  private MappedByteBuffer region;

  private long regionStart;

  /** Bytes appended: the logical file size. */
  private long size;

  private boolean closed;

  MappedLogFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  @Override
  public synchronized void append(byte[] data, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, data.length);
    ensureOpen();
    int p = off;
    int end = off + len;
    while (p < end) {
      if (region == null || size == regionStart + REGION_BYTES) {
        nextRegion();
      }
      int inRegion = (int) (size - regionStart);
      int toPieceEnd = PIECE_BYTES - (int) (size % PIECE_BYTES);
      int n = Math.min(end - p, Math.min(toPieceEnd, REGION_BYTES - inRegion));
      try {
        region.put(inRegion, data, p, n);
      } catch (InternalError e) {
        // The JVM reports an I/O fault inside a mapped copy (a bad disk) this way.
        throw new IOException("write to the mapped log " + path + " failed: " + e.getMessage(), e);
      }
      p += n;
      size += n;
    }
  }

  @Override
  public void sync() throws IOException {
    synchronized (this) {
      ensureOpen();
    }
    // Outside the monitor, so a background sync never holds up an append.
    channel.force(false);
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (FileChannel ch = channel) {
      releaseRegion();
      ch.truncate(size);
    }
  }

  /** Zero-fills and maps the region that starts at the append position. */
  private void nextRegion() throws IOException {
    releaseRegion();
    long start = size;
    ByteBuffer zeros = ZEROS.duplicate();
    for (long at = start; at < start + REGION_BYTES; ) {
      zeros.clear();
      at += channel.write(zeros, at);
    }
    region = channel.map(FileChannel.MapMode.READ_WRITE, start, REGION_BYTES);
    regionStart = start;
  }

  private void releaseRegion() {
    MappedByteBuffer r = region;
    region = null;
    if (r != null) {
      Unmapper.unmap(r);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("closed: " + path);
    }
  }

  @Override
  public String toString() {
    return "MappedLogFile[" + path + "]";
  }
}
