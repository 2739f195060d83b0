package org.cairndb.jmh;

import org.cairndb.fs.WritableFile;

/**
 * A {@link WritableFile} that counts the bytes appended and keeps none of them, so table-building
 * benchmarks measure the encoding and not the storage. Not thread-safe; one owner.
 */
final class DiscardFile implements WritableFile {
  private long size;

  @Override
  public void append(byte[] data, int off, int len) {
    size += len;
  }

  @Override
  public void sync() {}

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() {}
}
