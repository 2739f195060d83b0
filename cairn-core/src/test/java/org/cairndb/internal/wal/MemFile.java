package org.cairndb.internal.wal;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.WritableFile;

/**
 * A byte-array file for log tests: appendable like a {@link WritableFile}, readable like a {@link
 * ReadableFile}, and counting its appends. Not thread-safe.
 */
final class MemFile implements WritableFile, ReadableFile {
  private byte[] data;
  private int size;
  private int appends;

  MemFile() {
    this(new byte[0]);
  }

  /** A file holding {@code content} (not copied). */
  MemFile(byte[] content) {
    this.data = content;
    this.size = content.length;
  }

  /** A readable file over the first {@code length} bytes of {@code content} (not copied). */
  static MemFile prefix(byte[] content, int length) {
    MemFile f = new MemFile(content);
    f.size = length;
    return f;
  }

  @Override
  public void append(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    if (size + len > data.length) {
      data = Arrays.copyOf(data, Math.max(size + len, 2 * data.length));
    }
    System.arraycopy(src, off, data, size, len);
    size += len;
    appends++;
  }

  @Override
  public void sync() {}

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (position < 0 || position + len > size) {
      throw new EOFException("read of " + len + " bytes at " + position + " past end " + size);
    }
    System.arraycopy(data, (int) position, dst, off, len);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() {}

  int appends() {
    return appends;
  }

  byte[] contents() {
    return Arrays.copyOf(data, size);
  }
}
