package org.cairndb.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link WritableFile} over a {@link FileChannel}. Every {@link #append} hands all its bytes to
 * the OS with {@code write} before returning (no user-space buffer), so they survive a process
 * crash. Not thread-safe (one owner, as the interface says); owns its channel.
 */
final class NioWritableFile implements WritableFile {
  private final Path path;
  private final FileChannel channel;
  private long size;
  private boolean closed;

  NioWritableFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  @Override
  public void append(byte[] data, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, data.length);
    ensureOpen();
    ByteBuffer buf = ByteBuffer.wrap(data, off, len);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    size += len;
  }

  @Override
  public void sync() throws IOException {
    ensureOpen();
    channel.force(false);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("closed: " + path);
    }
  }

  @Override
  public String toString() {
    return "NioWritableFile[" + path + "]";
  }
}
