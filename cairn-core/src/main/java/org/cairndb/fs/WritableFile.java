package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file open for appending. Not thread-safe; one owner. {@link #append} hands bytes to the
 * operating system before it returns (no user-space buffering), so appended data survives a process
 * crash; {@link #sync} makes it survive power loss.
 */
public interface WritableFile extends Closeable {
  void append(byte[] data, int off, int len) throws IOException;

  default void append(byte[] data) throws IOException {
    append(data, 0, data.length);
  }

  /** Forces appended data to stable storage (fsync / fdatasync). */
  void sync() throws IOException;

  /** Bytes appended so far (the file size). */
  long size();
}
