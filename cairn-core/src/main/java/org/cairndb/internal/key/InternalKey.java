package org.cairndb.internal.key;

import java.util.Arrays;
import org.cairndb.internal.util.Coding;

/**
 * Internal keys: {@code userKey || trailer}, where the trailer is a little-endian fixed64 holding
 * {@code sequence << 8 | kind}. Internal keys order by user key ascending (unsigned bytes), then by
 * trailer descending, so the newest version of a key comes first.
 */
public final class InternalKey {
  public static final int TRAILER_BYTES = 8;

  /** Sequence numbers use 56 bits. */
  public static final long MAX_SEQUENCE = (1L << 56) - 1;

  private InternalKey() {}

  public static long trailer(long sequence, int kind) {
    return (sequence << 8) | (kind & 0xFF);
  }

  public static byte[] encode(byte[] userKey, long sequence, int kind) {
    byte[] out = Arrays.copyOf(userKey, userKey.length + TRAILER_BYTES);
    Coding.putLong(out, userKey.length, trailer(sequence, kind));
    return out;
  }

  /** A seek target that sorts before every entry of {@code userKey} visible at {@code sequence}. */
  public static byte[] seekKey(byte[] userKey, long sequence) {
    return encode(userKey, sequence, ValueKind.MAX);
  }

  public static byte[] userKey(byte[] internalKey) {
    return Arrays.copyOf(internalKey, internalKey.length - TRAILER_BYTES);
  }

  public static int userKeyLength(byte[] internalKey) {
    return internalKey.length - TRAILER_BYTES;
  }

  public static long trailer(byte[] internalKey) {
    return Coding.getLong(internalKey, internalKey.length - TRAILER_BYTES);
  }

  public static long sequence(byte[] internalKey) {
    return trailer(internalKey) >>> 8;
  }

  public static int kind(byte[] internalKey) {
    return (int) (trailer(internalKey) & 0xFF);
  }

  public static int compare(byte[] a, byte[] b) {
    return compare(a, 0, a.length, b, 0, b.length);
  }

  /** Compares the internal keys {@code a[aOff, aOff+aLen)} and {@code b[bOff, bOff+bLen)}. */
  public static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    int aUserEnd = aOff + aLen - TRAILER_BYTES;
    int bUserEnd = bOff + bLen - TRAILER_BYTES;
    int c = Arrays.compareUnsigned(a, aOff, aUserEnd, b, bOff, bUserEnd);
    if (c != 0) {
      return c;
    }
    // Larger trailer (newer) first; trailers use all 64 bits, so compare them unsigned.
    return Long.compareUnsigned(Coding.getLong(b, bUserEnd), Coding.getLong(a, aUserEnd));
  }

  /** Compares only the user-key parts of two internal keys. */
  public static int compareUserKeys(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, 0, a.length - TRAILER_BYTES, b, 0, b.length - TRAILER_BYTES);
  }
}
