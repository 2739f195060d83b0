package org.cairndb.fs;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@link MemVfs} file open for reading. Reads copy from the inode under the inode's monitor only,
 * never the file system's. Thread-safe.
 */
final class MemReadableFile implements ReadableFile {
  private final MemVfs vfs;
  private final String name;
  private final MemInode inode;
  private volatile boolean closed;

  MemReadableFile(MemVfs vfs, String name, MemInode inode) {
    this.vfs = vfs;
    this.name = name;
    this.inode = inode;
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    ensureOpen();
    inode.read(position, dst, off, len, name);
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return inode.length();
  }

  @Override
  public void close() {
    boolean first;
    synchronized (this) {
      first = !closed;
      closed = true;
    }
    if (first) {
      vfs.handleClosed();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("closed: " + name);
    }
  }

  @Override
  public String toString() {
    return "MemReadableFile[" + name + "]";
  }
}
