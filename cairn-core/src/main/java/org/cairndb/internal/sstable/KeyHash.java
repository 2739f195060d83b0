package org.cairndb.internal.sstable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Key hash v1: a fast, well-mixed 64-bit hash of a byte range, read eight bytes at a time. It is
 * part of the on-disk format (filter blocks store bits chosen by it), so its definition in {@link
 * TableFormat} must never change; a different hash needs a new filter kind. Stateless and
 * thread-safe.
 */
public final class KeyHash {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long P1 = 0x9E3779B97F4A7C15L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;

  private KeyHash() {}

  public static long hash(byte[] key) {
    return hash(key, 0, key.length);
  }

  public static long hash(byte[] b, int off, int len) {
    long h = P3 ^ (len * P1);
    int i = off;
    int end = off + len;
    for (; end - i >= 8; i += 8) {
      h = round(h, (long) LONG_LE.get(b, i));
    }
    int r = end - i;
    if (r > 0) {
      long w;
      int shift;
      if (r >= 4) {
        w = ((int) INT_LE.get(b, i)) & 0xFFFFFFFFL;
        i += 4;
        shift = 32;
      } else {
        w = 0;
        shift = 0;
      }
      for (; i < end; i++, shift += 8) {
        w |= (b[i] & 0xFFL) << shift;
      }
      h = round(h, w);
    }
    return finish(h);
  }

  private static long round(long h, long w) {
    long m = Long.rotateLeft(w * P2, 31) * P1;
    return Long.rotateLeft(h ^ m, 27) * P1 + P3;
  }

  /** A 64-bit finalizer that makes every input bit affect every output bit. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
