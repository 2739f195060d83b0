package org.cairndb.ycsb;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that make a record's read-modify-write (YCSB's update, which merges the new fields
 * into the stored ones) atomic against other updates of the same record in this JVM. Two keys may
 * share a stripe; that only serializes them. Thread-safe.
 */
final class KeyLocks {
  private static final int STRIPES = 256;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The lock guarding {@code key}'s stripe. */
  ReentrantLock forKey(byte[] key) {
    int h = Arrays.hashCode(key);
    h ^= h >>> 16;
    return locks[h & (STRIPES - 1)];
  }
}
