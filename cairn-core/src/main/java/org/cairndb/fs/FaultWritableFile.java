package org.cairndb.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file from {@link FaultInjectingVfs#create}: consults the owner's policy before each operation
 * and forwards to the wrapped file. Not thread-safe, like any {@link WritableFile}; owns the
 * wrapped file.
 */
final class FaultWritableFile implements WritableFile {
  private final FaultInjectingVfs owner;
  private final Path path;
  private final WritableFile delegate;

  FaultWritableFile(FaultInjectingVfs owner, Path path, WritableFile delegate) {
    this.owner = owner;
    this.path = path;
    this.delegate = delegate;
  }

  @Override
  public void append(byte[] data, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, data.length);
    owner.beforeAppend(path, len);
    delegate.append(data, off, len);
  }

  @Override
  public void sync() throws IOException {
    owner.before(FaultInjectingVfs.Op.SYNC, path);
    delegate.sync();
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public void close() throws IOException {
    owner.closeThrough(path, delegate);
  }

  @Override
  public String toString() {
    return "FaultWritableFile[" + delegate + "]";
  }
}
