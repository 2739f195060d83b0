package org.cairndb.internal.db;

import java.io.IOException;
import org.cairndb.fs.WritableFile;

/** A table file whose appends first take their bytes from a {@link RateLimiter}. */
final class RateLimitedFile implements WritableFile {
  private final WritableFile delegate;
  private final RateLimiter limiter;

  RateLimitedFile(WritableFile delegate, RateLimiter limiter) {
    this.delegate = delegate;
    this.limiter = limiter;
  }

  @Override
  public void append(byte[] data, int off, int len) throws IOException {
    limiter.acquire(len);
    delegate.append(data, off, len);
  }

  @Override
  public void sync() throws IOException {
    delegate.sync();
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
