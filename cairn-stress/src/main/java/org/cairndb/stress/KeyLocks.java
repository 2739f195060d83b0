package org.cairndb.stress;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key. Only the holder of a key's lock writes that key (to the database and to the
 * expected state), and a reader holding it sees no write in flight, so its check is exact. Several
 * keys are always locked in ascending index order, which rules out deadlock.
 *
 * <p>Thread-safe.
 */
final class KeyLocks {
  private final ReentrantLock[] locks;

  KeyLocks(int keys) {
    locks = new ReentrantLock[keys];
    for (int i = 0; i < keys; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Locks the keys in {@code sorted} (ascending, distinct). */
  void lock(int[] sorted) {
    for (int k : sorted) {
      locks[k].lock();
    }
  }

  void unlock(int[] sorted) {
    for (int i = sorted.length - 1; i >= 0; i--) {
      locks[sorted[i]].unlock();
    }
  }

  /** Locks every key in {@code [lo, hi]}. */
  void lockRange(int lo, int hi) {
    for (int k = lo; k <= hi; k++) {
      locks[k].lock();
    }
  }

  void unlockRange(int lo, int hi) {
    for (int k = hi; k >= lo; k--) {
      locks[k].unlock();
    }
  }
}
