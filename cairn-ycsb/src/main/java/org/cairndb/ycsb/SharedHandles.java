package org.cairndb.ycsb;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import site.ycsb.DBException;

/**
 * One open database per directory per JVM, shared by every YCSB client thread that names it and
 * closed when the last of them calls {@link #release}. YCSB makes one binding instance per client
 * thread; an embedded engine allows one open instance per directory (it locks the directory), so
 * the threads must share it.
 *
 * <p>Thread-safe: all methods lock the registry. The registry owns the handles; {@link #acquire}
 * returns the same handle to every caller for a directory until its count drops to zero.
 *
 * @param <T> the open database and whatever it needs closed with it
 */
final class SharedHandles<T extends AutoCloseable> {
  /** Opens a handle; may fail with a message for YCSB. */
  interface Opener<T> {
    T open() throws DBException;
  }

  private static final class Entry<T> {
    final T handle;
    int refs;

    Entry(T handle) {
      this.handle = handle;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Path, Entry<T>> open = new HashMap<>();

  /**
   * The handle for {@code dir}, opened by {@code opener} if no caller holds it; the first opener's
   * settings win for as long as the handle stays open.
   */
  T acquire(Path dir, Opener<T> opener) throws DBException {
    lock.lock();
    try {
      Entry<T> e = open.get(dir);
      if (e == null) {
        e = new Entry<>(opener.open());
        open.put(dir, e);
      }
      e.refs++;
      return e.handle;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back one reference to {@code dir}'s handle; the last one closes it. */
  void release(Path dir) throws DBException {
    lock.lock();
    try {
      Entry<T> e = open.get(dir);
      if (e == null) {
        throw new DBException("no open database for " + dir);
      }
      if (--e.refs > 0) {
        return;
      }
      open.remove(dir);
      try {
        e.handle.close();
      } catch (Exception ex) {
        throw new DBException("closing the database in " + dir + " failed: " + ex.getMessage(), ex);
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many callers hold {@code dir}'s handle (0 when closed). */
  int references(Path dir) {
    lock.lock();
    try {
      Entry<T> e = open.get(dir);
      return e == null ? 0 : e.refs;
    } finally {
      lock.unlock();
    }
  }
}
