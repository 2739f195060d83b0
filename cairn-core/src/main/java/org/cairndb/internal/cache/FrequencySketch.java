package org.cairndb.internal.cache;

/**
 * An approximate count of recent accesses per key (a count-min sketch of four rows of 4-bit
 * counters) for the cache's admission test, the TinyLFU idea: when the cache is full, a new block
 * is admitted only if it has been asked for more often, recently, than the block it would evict.
 * Every {@code 10 × width} counted accesses all counters are halved, so old popularity fades.
 *
 * <p>Not thread-safe: its {@link CacheShard} calls it under the shard's lock.
 */
final class FrequencySketch {
  private static final int ROWS = 4;
  private static final int MAX_COUNT = 15;
  private static final int[] SEEDS = {0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F};

  private final byte[] counters;
  private final int widthMask;
  private final int resetAfter;
  private int additions;

  /** A sketch for about {@code expectedEntries} keys held by the cache (at least 16). */
  FrequencySketch(long expectedEntries) {
    int width =
        Integer.highestOneBit((int) Math.min(1 << 24, Math.max(16, expectedEntries)) * 2 - 1);
    this.counters = new byte[ROWS * width];
    this.widthMask = width - 1;
    this.resetAfter = 10 * width;
  }

  /** Counts one access of the key with hash {@code h}. */
  void increment(int h) {
    boolean added = false;
    for (int r = 0; r < ROWS; r++) {
      int i = index(h, r);
      if (counters[i] < MAX_COUNT) {
        counters[i]++;
        added = true;
      }
    }
    if (added && ++additions >= resetAfter) {
      halve();
    }
  }

  /** The estimated recent access count of the key with hash {@code h} (0 to 15). */
  int frequency(int h) {
    int min = MAX_COUNT;
    for (int r = 0; r < ROWS; r++) {
      min = Math.min(min, counters[index(h, r)]);
    }
    return min;
  }

  private int index(int h, int row) {
    int x = h * SEEDS[row];
    x ^= x >>> 15;
    return row * (widthMask + 1) + (x & widthMask);
  }

  private void halve() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = (byte) (counters[i] >>> 1);
    }
    additions /= 2;
  }
}
