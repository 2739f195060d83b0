package org.cairndb.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keys and values. Key {@code k} is its 8-byte big-endian number followed by zero padding up to the
 * key size, so keys sort by number. The absent key of {@code k} is that key plus one 0x00 byte: it
 * sorts between {@code k} and {@code k + 1} (like db_bench's key plus "."), so neither range checks
 * nor end-of-file checks can dismiss it: only a filter or a block search can.
 */
final class Keys {
  private Keys() {}

  static byte[] key(long k, int keySize) {
    byte[] b = new byte[keySize];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (k >>> (56 - 8 * i));
    }
    return b;
  }

  static byte[] missingKey(long k, int keySize) {
    byte[] b = new byte[keySize + 1];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (k >>> (56 - 8 * i));
    }
    return b;
  }

  /**
   * Values: copies of random slices of one pool of bytes (as db_bench does), so that making a value
   * costs one small copy rather than a random number per 8 bytes. The pool is large (8 MiB or more)
   * so two values in one block (or one LZ4 window) share bytes only with a negligible probability.
   * With a compression ratio r below 1 the pool is made of {@value #PIECE}-byte pieces, each {@code
   * ceil(r * PIECE)} random bytes repeated to fill it (db_bench's compressible strings), and values
   * start at a piece, so a codec shrinks them to about r of their size (a slice across two pieces
   * would hold the random bytes of both); at 1 every byte is random and values start anywhere.
   * Immutable after construction; safe for any number of threads.
   */
  static final class Values {
    private static final int MIN_POOL = 8 << 20;
    static final int PIECE = 100;

    private final byte[] pool;
    private final int size;

    /** Values start at multiples of this: 1, or {@link #PIECE} for compressible values. */
    private final int alignment;

    Values(long seed, int size) {
      this(seed, size, 1.0);
    }

    Values(long seed, int size, double compressionRatio) {
      this.size = size;
      this.alignment = compressionRatio < 1 ? PIECE : 1;
      this.pool = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(MIN_POOL, 4L * size))];
      fillRandom(pool, new SplittableRandom(seed));
      if (compressionRatio < 1) {
        int raw = Math.max(1, (int) Math.ceil(compressionRatio * PIECE));
        for (int piece = 0; piece < pool.length; piece += PIECE) {
          int end = Math.min(pool.length, piece + PIECE);
          for (int i = piece + raw; i < end; i++) {
            pool[i] = pool[i - raw];
          }
        }
      }
    }

    private static void fillRandom(byte[] pool, SplittableRandom rnd) {
      int i = 0;
      while (i + 8 <= pool.length) {
        long x = rnd.nextLong();
        for (int j = 0; j < 8; j++) {
          pool[i++] = (byte) (x >>> (8 * j));
        }
      }
      while (i < pool.length) {
        pool[i++] = (byte) rnd.nextInt();
      }
    }

    /** A new value of {@code size} bytes. */
    byte[] next(SplittableRandom rnd) {
      int off = rnd.nextInt((pool.length - size) / alignment + 1) * alignment;
      return Arrays.copyOfRange(pool, off, off + size);
    }
  }

  /** The numbers 0..n-1 in a random order (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
