package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;

/** A file open for positional reads. Thread-safe: reads at different offsets may run at once. */
public interface ReadableFile extends Closeable {
  /**
   * Reads exactly {@code len} bytes at {@code position} into {@code dst[off..]}; throws {@link
   * java.io.EOFException} if the file ends first.
   */
  void readFully(long position, byte[] dst, int off, int len) throws IOException;

  long size() throws IOException;
}
