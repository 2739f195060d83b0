package org.cairndb.fs;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A {@link ReadableFile} over a {@link FileChannel} using positional reads only, so concurrent
 * reads never disturb each other. Thread-safe; owns its channel.
 *
 * <p>A {@code FileChannel} is closed for every user when any thread blocked in it is interrupted.
 * One cancelled reader must not break a file shared by the whole engine, so when the channel turns
 * out to be closed by someone else's interrupt it is reopened and the read retried; the reopened
 * file must be the same file (same {@link BasicFileAttributes#fileKey()}) or the read fails rather
 * than return another file's bytes. The interrupted thread itself still gets its {@link
 * ClosedByInterruptException}.
 */
final class NioReadableFile implements ReadableFile {
  /**
   * The last buffer this thread read into, wrapped: point lookups read block after block into the
   * same per-thread array, so one wrapper serves them all instead of one per read.
   */
  private static final ThreadLocal<Wrapped> WRAPPER = new ThreadLocal<>();

  /** An array and the buffer that wraps it whole. */
  private static final class Wrapped {
    final byte[] array;
    final ByteBuffer buffer;

    Wrapped(byte[] array) {
      this.array = array;
      this.buffer = ByteBuffer.wrap(array);
    }
  }

  private final Path path;
  private final Object fileKey;
  private volatile FileChannel channel;
  private volatile boolean closed;

  NioReadableFile(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    Object key;
    try {
      key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    this.fileKey = key;
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (position < 0) {
      throw new EOFException("negative position " + position + " in " + path);
    }
    Wrapped w = WRAPPER.get();
    if (w == null || w.array != dst) {
      w = new Wrapped(dst);
      WRAPPER.set(w);
    }
    ByteBuffer buf = w.buffer;
    buf.limit(off + len).position(off);
    while (buf.hasRemaining()) {
      FileChannel ch = channel;
      long pos = position + (buf.position() - off);
      int n;
      try {
        n = ch.read(buf, pos);
      } catch (ClosedChannelException e) {
        reopenAfter(ch, e);
        continue;
      }
      if (n < 0) {
        throw new EOFException(
            "end of file " + path + " at " + pos + " reading " + len + " bytes at " + position);
      }
    }
  }

  @Override
  public long size() throws IOException {
    while (true) {
      FileChannel ch = channel;
      try {
        return ch.size();
      } catch (ClosedChannelException e) {
        reopenAfter(ch, e);
      }
    }
  }

  /**
   * Called when {@code stale} was found closed: rethrows {@code e} if this file was closed by its
   * owner or the current thread was the one interrupted, otherwise replaces the channel (once, for
   * all threads that saw the same stale channel).
   */
  private synchronized void reopenAfter(FileChannel stale, ClosedChannelException e)
      throws IOException {
    if (closed) {
      IOException closedError = new IOException("closed: " + path);
      closedError.initCause(e);
      throw closedError;
    }
    if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
      throw e;
    }
    if (channel != stale) {
      return;
    }
    FileChannel fresh = FileChannel.open(path, StandardOpenOption.READ);
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      if (fileKey != null && !fileKey.equals(key)) {
        throw new IOException("file was replaced while open, cannot reopen: " + path, e);
      }
    } catch (IOException | RuntimeException failure) {
      fresh.close();
      throw failure;
    }
    channel = fresh;
  }

  @Override
  public void close() throws IOException {
    FileChannel ch;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ch = channel;
    }
    ch.close();
  }

  @Override
  public String toString() {
    return "NioReadableFile[" + path + "]";
  }
}
