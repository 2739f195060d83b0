package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * A lock held through {@link NioVfs#lock}: owns the one channel this JVM keeps open on the lock
 * file, the OS lock on it, and the lock file's entry in the in-JVM registry. {@link #close()}
 * releases all three (registry last, so nobody in this JVM can reopen the file while the OS lock is
 * still held) and is idempotent. Thread-safe.
 */
final class NioLock implements Closeable {
  private final String key;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  NioLock(String key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  @Override
  public synchronized void close() throws IOException {
    if (released) {
      return;
    }
    released = true;
    try (channel) {
      lock.release();
    } finally {
      NioVfs.releaseKey(key);
    }
  }

  @Override
  public String toString() {
    return "NioLock[" + key + (released ? ", released]" : "]");
  }
}
