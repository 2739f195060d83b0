package org.cairndb.internal.wal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Syncs logs on a background thread of its own when asked, so that the sync the engine must do in
 * the writer's path (when it switches to a new log, the old one must be durable first) finds little
 * left to write: without it that sync covers the whole log, tens of milliseconds for 64 MiB, and it
 * lands on one unlucky write.
 *
 * <p>Requests never block: a request while a sync is pending or running is dropped, since that sync
 * will cover (or nearly cover) the same bytes and the next request comes soon. A failed sync is
 * kept and reported by {@link #failure()}; the thread never takes the engine's locks, so the engine
 * may wait in {@link #awaitIdle()} while holding them. The thread starts on the first request.
 *
 * <p>Thread-safe.
 */
public final class LogSyncer implements AutoCloseable {
  private final String threadName;
  private final AtomicLong syncCount;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // Guarded by lock.
  private LogWriter pending;
  private boolean running;
  private boolean stopped;
  private Thread thread;
  private IOException failure;

  /**
   * A syncer whose thread is called {@code threadName}; each completed sync adds one to {@code
   * syncCount}.
   */
  public LogSyncer(String threadName, AtomicLong syncCount) {
    this.threadName = threadName;
    this.syncCount = syncCount;
  }

  /**
   * Asks for a sync of {@code log} unless a sync is already pending or running. The caller must
   * keep {@code log} open until {@link #awaitIdle()} has returned.
   */
  public void request(LogWriter log) {
    lock.lock();
    try {
      if (stopped || pending != null || running) {
        return;
      }
      pending = log;
      if (thread == null) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no sync is pending or running; after it, no log handed in earlier is touched. */
  public void awaitIdle() {
    lock.lock();
    try {
      while (pending != null || running) {
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The first failed sync, or null. A failed sync may have lost written data: latch it. */
  public IOException failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a running sync, drops a pending one and stops the thread. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      stopped = true;
      pending = null;
      changed.signalAll();
      while (running) {
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      LogWriter log;
      lock.lock();
      try {
        while (pending == null && !stopped) {
          changed.awaitUninterruptibly();
        }
        if (stopped) {
          return;
        }
        log = pending;
        pending = null;
        running = true;
      } finally {
        lock.unlock();
      }
      IOException error = null;
      try {
        log.sync();
      } catch (IOException e) {
        error = e;
      }
      lock.lock();
      try {
        running = false;
        if (error == null) {
          syncCount.incrementAndGet();
        } else if (failure == null) {
          failure = error;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
