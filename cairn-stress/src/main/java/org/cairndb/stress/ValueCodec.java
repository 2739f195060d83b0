package org.cairndb.stress;

import java.util.Arrays;

/**
 * Values as a pure function of (key index, value id), so any value read back can be checked without
 * storing it: bytes 0..3 are the key index and bytes 4..7 the value id (both big-endian), the rest
 * are pseudo-random bytes derived from both. Lengths vary from 16 to 200 bytes (at least 8 derived
 * bytes, so a damaged id is caught too), and one value in 64 is 2 to 10 KiB so that values span
 * data blocks.
 *
 * <p>Stateless and thread-safe.
 */
final class ValueCodec {
  /** What {@link #idOf} returns for bytes that are no value of the key. */
  static final int GARBAGE = Integer.MIN_VALUE;

  private ValueCodec() {}

  /** The value with id {@code id} (at least 1) of key {@code k}. */
  static byte[] value(int k, int id) {
    long h = mix(((long) k << 32) ^ (id & 0xFFFF_FFFFL));
    int len = (h & 63) == 0 ? 2048 + (int) ((h >>> 8) & 8191) : 16 + (int) ((h >>> 8) % 185);
    byte[] out = new byte[len];
    putInt(out, 0, k);
    putInt(out, 4, id);
    long x = h;
    for (int i = 8; i < len; i++) {
      if ((i & 7) == 0) {
        x = mix(x + i);
      }
      out[i] = (byte) (x >>> ((i & 7) * 8));
    }
    return out;
  }

  /**
   * The value id that {@code v} encodes for key {@code k}, or {@link #GARBAGE} when {@code v} is
   * not exactly a value of key {@code k} (wrong key, wrong length, any wrong byte).
   */
  static int idOf(int k, byte[] v) {
    if (v.length < 8 || getInt(v, 0) != k) {
      return GARBAGE;
    }
    int id = getInt(v, 4);
    if (id < 1) {
      return GARBAGE;
    }
    return Arrays.equals(v, value(k, id)) ? id : GARBAGE;
  }

  /** A short description of {@code v} for failure messages. */
  static String describe(int k, byte[] v) {
    if (v == null) {
      return "absent";
    }
    int id = idOf(k, v);
    if (id != GARBAGE) {
      return "value id " + id;
    }
    String head = v.length >= 8 ? " (claims key " + getInt(v, 0) + " id " + getInt(v, 4) + ")" : "";
    return "garbage of " + v.length + " bytes" + head;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
    return z ^ (z >>> 33);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }
}
