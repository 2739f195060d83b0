package org.cairndb.stress;

import java.util.Arrays;

/**
 * The stress test's keys: key {@code k} (for {@code 0 <= k < size}) is the 8-byte big-endian
 * encoding of {@code k * STRIDE} followed by {@code k % 3} suffix bytes. Distinct 8-byte prefixes
 * make unsigned byte order equal index order; the stride puts bytes of 0x80 and above in most keys
 * (so signed comparison would misorder them) and the suffix varies key lengths.
 *
 * <p>Immutable and thread-safe.
 */
final class KeySpace {
  /** An odd multiplier that spreads indexes over the whole 64-bit range of prefixes. */
  private static final long STRIDE = 0x9E37_79B9L;

  private final int size;

  KeySpace(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("key space size must be at least 1: " + size);
    }
    this.size = size;
  }

  int size() {
    return size;
  }

  /** The key with index {@code k}. */
  byte[] key(int k) {
    byte[] out = new byte[8 + k % 3];
    writePrefix(k, out);
    for (int i = 8; i < out.length; i++) {
      out[i] = (byte) (k * 31 + i);
    }
    return out;
  }

  /**
   * A seek target between key {@code k - 1} and key {@code k} (equal to key k when it has none).
   */
  byte[] before(int k) {
    byte[] out = new byte[8];
    writePrefix(k, out);
    return out;
  }

  /** A seek target between key {@code k} and key {@code k + 1}. */
  byte[] after(int k) {
    byte[] key = key(k);
    byte[] out = new byte[key.length + 1];
    System.arraycopy(key, 0, out, 0, key.length);
    out[key.length] = (byte) 0xFF;
    return out;
  }

  /** The index of {@code key}, or -1 when it is not one of this space's keys. */
  int indexOf(byte[] key) {
    if (key.length < 8 || key.length > 10) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (key[i] & 0xFF);
    }
    if (v < 0 || v % STRIDE != 0 || v / STRIDE >= size) {
      return -1;
    }
    int k = (int) (v / STRIDE);
    return Arrays.equals(key, key(k)) ? k : -1;
  }

  private static void writePrefix(int k, byte[] out) {
    long v = k * STRIDE;
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) v;
      v >>>= 8;
    }
  }
}
