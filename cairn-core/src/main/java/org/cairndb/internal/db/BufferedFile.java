package org.cairndb.internal.db;

import java.io.IOException;
import java.util.Objects;
import org.cairndb.fs.WritableFile;

/**
 * A table file being written, with its appends gathered in a buffer and handed on in pieces of the
 * buffer's size. A table builder appends one data block (about 4 KiB) at a time, and each append of
 * an unbuffered file is a {@code write} system call; a flush of a 64 MiB memtable made about 16,000
 * of them. Nobody reads a table before it is finished and synced, so holding up to one buffer of it
 * in memory changes nothing but the number of calls. {@link #sync} and {@link #close} hand the
 * buffered bytes on first. Not thread-safe, like every {@link WritableFile}.
 */
final class BufferedFile implements WritableFile {
  private final WritableFile delegate;
  private final byte[] buffer;
  private int buffered;

  /** Buffers appends to {@code delegate} in {@code buffer}, which it uses until closed. */
  BufferedFile(WritableFile delegate, byte[] buffer) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.buffer = Objects.requireNonNull(buffer, "buffer");
  }

  @Override
  public void append(byte[] data, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, data.length);
    if (len > buffer.length - buffered) {
      drain();
      if (len >= buffer.length) {
        delegate.append(data, off, len); // larger than the buffer: no point in copying it
        return;
      }
    }
    System.arraycopy(data, off, buffer, buffered, len);
    buffered += len;
  }

  @Override
  public void sync() throws IOException {
    drain();
    delegate.sync();
  }

  @Override
  public long size() {
    return delegate.size() + buffered;
  }

  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      delegate.close();
    }
  }

  private void drain() throws IOException {
    if (buffered > 0) {
      int n = buffered;
      buffered = 0; // even if the append fails: the file is broken then and gets abandoned
      delegate.append(buffer, 0, n);
    }
  }
}
