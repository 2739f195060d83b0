package org.cairndb.jmh;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keys and values shared by the benchmarks, generated from fixed seeds so every run measures the
 * same data. Keys are {@value #KEY_BYTES} bytes: an 8-byte big-endian number followed by zero
 * padding (the layout cairn-bench uses); values are {@value #VALUE_BYTES} random bytes.
 *
 * <p>Stateless and thread-safe; every method returns fresh arrays owned by the caller.
 */
final class Fixtures {
  static final int KEY_BYTES = 16;
  static final int VALUE_BYTES = 100;

  /** Present keys are even numbers, so an odd number names a key that sorts between two. */
  private static final int KEY_STRIDE = 2;

  private Fixtures() {}

  /** The key for number {@code k}. */
  static byte[] key(long k) {
    byte[] key = new byte[KEY_BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      key[i] = (byte) (k >>> (56 - 8 * i));
    }
    return key;
  }

  /** The {@code i}-th present key: {@code key(2 * i)}. */
  static byte[] presentKey(int i) {
    return key((long) i * KEY_STRIDE);
  }

  /** A key that sorts just after the {@code i}-th present key and is never present. */
  static byte[] absentKey(int i) {
    return key((long) i * KEY_STRIDE + 1);
  }

  /** Present keys 0..n-1 in ascending order. */
  static byte[][] sortedKeys(int n) {
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = presentKey(i);
    }
    return keys;
  }

  /** Present keys 0..n-1 in an order shuffled with {@code seed}. */
  static byte[][] shuffledKeys(int n, long seed) {
    byte[][] keys = sortedKeys(n);
    shuffle(keys, seed);
    return keys;
  }

  /** Absent keys 0..n-1 in an order shuffled with {@code seed}. */
  static byte[][] shuffledAbsentKeys(int n, long seed) {
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = absentKey(i);
    }
    shuffle(keys, seed);
    return keys;
  }

  /** {@code n} random bytes from {@code seed}. */
  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    return b;
  }

  /** A power of two at least {@code n}, for cheap wrap-around indexing with a mask. */
  static int powerOfTwoAtLeast(int n) {
    return Integer.highestOneBit(Math.max(1, n - 1)) << 1;
  }

  /** Copies {@code src} cyclically into a new array of {@code length} (a power of two). */
  static byte[][] cycle(byte[][] src, int length) {
    byte[][] out = new byte[length][];
    for (int i = 0; i < length; i++) {
      out[i] = src[i % src.length];
    }
    return out;
  }

  private static void shuffle(byte[][] a, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      byte[] t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Fails fast when a fixture does not hold what a benchmark relies on. */
  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark fixture broken: " + what);
    }
  }

  /** True if {@code a} and {@code b} hold the same bytes. */
  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
