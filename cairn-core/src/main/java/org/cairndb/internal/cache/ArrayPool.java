package org.cairndb.internal.cache;

/**
 * Arrays of evicted cache values, waiting to hold a block read later: a bounded stack, so the pool
 * never holds more than {@code maxArrays} arrays or {@code maxBytes} bytes; arrays beyond that are
 * left to the collector. Thread-safe; the lock is taken while a shard's lock may be held, never the
 * other way round.
 */
final class ArrayPool {
  private final byte[][] arrays;
  private final long maxBytes;
  private int size;
  private long bytes;

  ArrayPool(int maxArrays, long maxBytes) {
    this.arrays = new byte[maxArrays][];
    this.maxBytes = maxBytes;
  }

  synchronized void give(byte[] a) {
    if (size < arrays.length && bytes + a.length <= maxBytes) {
      arrays[size++] = a;
      bytes += a.length;
    }
  }

  /** An array of {@code minLength} to {@code maxLength} bytes from the pool, or null. */
  synchronized byte[] take(int minLength, int maxLength) {
    for (int i = size - 1; i >= 0; i--) {
      byte[] a = arrays[i];
      if (a.length >= minLength && a.length <= maxLength) {
        arrays[i] = arrays[--size];
        arrays[size] = null;
        bytes -= a.length;
        return a;
      }
    }
    return null;
  }

  synchronized int size() {
    return size;
  }
}
