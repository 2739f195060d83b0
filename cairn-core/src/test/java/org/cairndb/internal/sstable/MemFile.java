package org.cairndb.internal.sstable;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.WritableFile;

/** A tiny in-memory {@link WritableFile}/{@link ReadableFile} pair for table tests. */
final class MemFile {
  private MemFile() {}

  /** Appends into a growable array. */
  static final class Writer implements WritableFile {
    private byte[] buf = new byte[256];
    private int size;
    int appends;

    @Override
    public void append(byte[] data, int off, int len) {
      if (size + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + len, buf.length * 2));
      }
      System.arraycopy(data, off, buf, size, len);
      size += len;
      appends++;
    }

    @Override
    public void sync() {}

    @Override
    public long size() {
      return size;
    }

    @Override
    public void close() {}

    byte[] bytes() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** Positional reads over a fixed array; counts reads. */
  static final class Reader implements ReadableFile {
    private final byte[] data;
    int reads;
    boolean closed;

    Reader(byte[] data) {
      this.data = data;
    }

    @Override
    public void readFully(long position, byte[] dst, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("closed");
      }
      reads++;
      if (position < 0 || position + len > data.length) {
        throw new EOFException("read past end: " + position + "+" + len + " > " + data.length);
      }
      System.arraycopy(data, (int) position, dst, off, len);
    }

    @Override
    public long size() {
      return data.length;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
