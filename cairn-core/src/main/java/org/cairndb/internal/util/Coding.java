package org.cairndb.internal.util;

/**
 * Little-endian fixed-width integers and LEB128 varints over byte arrays. Decoders that read from
 * files take an explicit limit and report overruns through {@link DecodeException}, which callers
 * turn into a {@code CorruptionException} naming the file.
 */
public final class Coding {
  private Coding() {}

  public static void putInt(byte[] dst, int off, int v) {
    dst[off] = (byte) v;
    dst[off + 1] = (byte) (v >>> 8);
    dst[off + 2] = (byte) (v >>> 16);
    dst[off + 3] = (byte) (v >>> 24);
  }

  public static int getInt(byte[] src, int off) {
    return (src[off] & 0xFF)
        | (src[off + 1] & 0xFF) << 8
        | (src[off + 2] & 0xFF) << 16
        | (src[off + 3] & 0xFF) << 24;
  }

  public static void putLong(byte[] dst, int off, long v) {
    putInt(dst, off, (int) v);
    putInt(dst, off + 4, (int) (v >>> 32));
  }

  public static long getLong(byte[] src, int off) {
    return (getInt(src, off) & 0xFFFFFFFFL) | ((long) getInt(src, off + 4) << 32);
  }

  /** Number of bytes {@link #putVarint} writes for {@code v} (treated as unsigned). */
  public static int varintLength(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Writes {@code v} (unsigned) as a varint at {@code off}; returns the offset after it. */
  public static int putVarint(byte[] dst, int off, long v) {
    while ((v & ~0x7FL) != 0) {
      dst[off++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[off++] = (byte) v;
    return off;
  }

  /**
   * Reads an unsigned 32-bit varint at {@code pos[0]}, not past {@code limit}; advances pos.
   * Rejects encodings longer than 5 bytes and values that do not fit in a non-negative int.
   */
  public static int getVarint32(byte[] src, int[] pos, int limit) {
    long v = getVarint64(src, pos, limit, 5);
    if (v > Integer.MAX_VALUE) {
      throw new DecodeException("varint32 out of range at offset " + (pos[0] - 1));
    }
    return (int) v;
  }

  /** Reads an unsigned 64-bit varint (at most 10 bytes) at {@code pos[0]}; advances pos. */
  public static long getVarint64(byte[] src, int[] pos, int limit) {
    return getVarint64(src, pos, limit, 10);
  }

  private static long getVarint64(byte[] src, int[] pos, int limit, int maxBytes) {
    int p = pos[0];
    long result = 0;
    for (int shift = 0, i = 0; i < maxBytes; i++, shift += 7) {
      if (p >= limit || p < 0) {
        throw new DecodeException("truncated varint at offset " + p);
      }
      int b = src[p++] & 0xFF;
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        pos[0] = p;
        return result;
      }
    }
    throw new DecodeException("varint longer than " + maxBytes + " bytes at offset " + pos[0]);
  }
}
