package org.cairndb.cli;

/**
 * Places user keys on a line from 0 (the smallest key of the tree) to 1 (the largest), for drawing
 * key ranges. Keys are compared from the first byte where the tree's smallest and largest keys
 * differ, through the next eight bytes read as an unsigned number, which is exact enough to draw.
 * Immutable.
 */
final class KeySpace {
  private final int prefix;
  private final double lo;
  private final double span;

  KeySpace(byte[] min, byte[] max) {
    int p = 0;
    while (p < min.length && p < max.length && min[p] == max[p]) {
      p++;
    }
    this.prefix = p;
    this.lo = value(min, p);
    double hi = value(max, p);
    this.span = hi > lo ? hi - lo : 0;
  }

  /** The key's place in [0, 1]. */
  double at(byte[] key) {
    if (span == 0) {
      return 0;
    }
    double f = (value(key, prefix) - lo) / span;
    return Math.max(0, Math.min(1, f));
  }

  private static double value(byte[] key, int from) {
    double v = 0;
    for (int i = 0; i < 8; i++) {
      int b = from + i < key.length ? key[from + i] & 0xFF : 0;
      v = v * 256 + b;
    }
    return v;
  }
}
