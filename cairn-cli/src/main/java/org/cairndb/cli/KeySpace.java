package org.cairndb.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Places user keys on a line from 0 to 1 for drawing key ranges. The scale is ordinal: the distinct
 * boundary keys of the tree's files (each file's smallest and largest) are spread evenly, in key
 * order, so files show where they overlap and how they are ordered whatever the keys look like (a
 * numeric scale would crowd keys sharing a long prefix into one point). Immutable.
 */
final class KeySpace {
  private final byte[][] bounds;

  KeySpace(Collection<byte[]> boundaryKeys) {
    TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
    sorted.addAll(boundaryKeys);
    this.bounds = sorted.toArray(new byte[0][]);
  }

  /** The key's place in [0, 1]: its position among the boundary keys. */
  double at(byte[] key) {
    if (bounds.length <= 1) {
      return 0;
    }
    int i = Arrays.binarySearch(bounds, key, Arrays::compareUnsigned);
    double rank = i >= 0 ? i : -i - 1.5;
    return Math.max(0, Math.min(1, rank / (bounds.length - 1)));
  }
}
