package org.cairndb.fs;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@link MemVfs} file open for appending. Appends go straight into the inode (visible to readers
 * and to {@link MemVfs#processCrashClone()} at once); {@link #sync()} marks them as surviving power
 * loss. Not thread-safe (one owner); the inode it writes is thread-safe.
 */
final class MemWritableFile implements WritableFile {
  private final MemVfs vfs;
  private final String name;
  private final MemInode inode;
  private boolean closed;

  MemWritableFile(MemVfs vfs, String name, MemInode inode) {
    this.vfs = vfs;
    this.name = name;
    this.inode = inode;
  }

  @Override
  public void append(byte[] data, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, data.length);
    ensureOpen();
    inode.append(data, off, len);
  }

  @Override
  public void sync() throws IOException {
    ensureOpen();
    inode.sync();
  }

  @Override
  public long size() {
    return inode.length();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
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
    return "MemWritableFile[" + name + "]";
  }
}
