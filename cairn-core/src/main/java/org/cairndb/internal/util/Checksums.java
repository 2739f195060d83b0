package org.cairndb.internal.util;

import java.util.zip.CRC32C;

/**
 * CRC32C (hardware-accelerated by the JDK) with LevelDB's masking: a stored checksum is rotated and
 * offset so that a CRC computed over data that itself embeds CRCs stays well distributed.
 */
public final class Checksums {
  private static final int MASK_DELTA = 0xa282ead8;

  private Checksums() {}

  public static int crc32c(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    return (int) crc.getValue();
  }

  /** CRC32C of a one-byte prefix followed by {@code data[off, off+len)}. */
  public static int crc32c(byte prefix, byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(prefix);
    crc.update(data, off, len);
    return (int) crc.getValue();
  }

  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  public static int unmask(int masked) {
    int rot = masked - MASK_DELTA;
    return (rot >>> 17) | (rot << 15);
  }
}
