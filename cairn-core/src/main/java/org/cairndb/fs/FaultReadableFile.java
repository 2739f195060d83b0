package org.cairndb.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file from {@link FaultInjectingVfs#open}: consults the owner's policy before each operation and
 * forwards to the wrapped file. Thread-safe if the wrapped file is; owns it.
 */
final class FaultReadableFile implements ReadableFile {
  private final FaultInjectingVfs owner;
  private final Path path;
  private final ReadableFile delegate;

  FaultReadableFile(FaultInjectingVfs owner, Path path, ReadableFile delegate) {
    this.owner = owner;
    this.path = path;
    this.delegate = delegate;
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    owner.before(FaultInjectingVfs.Op.READ, path);
    delegate.readFully(position, dst, off, len);
  }

  @Override
  public long size() throws IOException {
    owner.before(FaultInjectingVfs.Op.SIZE, path);
    return delegate.size();
  }

  @Override
  public void close() throws IOException {
    owner.closeThrough(path, delegate);
  }

  @Override
  public String toString() {
    return "FaultReadableFile[" + delegate + "]";
  }
}
