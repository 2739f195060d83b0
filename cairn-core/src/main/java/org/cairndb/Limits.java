package org.cairndb;

/**
 * The documented size limits. Keys up to {@link #MAX_KEY_BYTES} and values up to {@link
 * #MAX_VALUE_BYTES} are accepted; anything larger is refused with an {@link
 * IllegalArgumentException} naming the limit, and nothing is written.
 */
public final class Limits {
  /** Largest accepted key: 1 MiB. */
  public static final int MAX_KEY_BYTES = 1 << 20;

  /** Largest accepted value: 64 MiB. */
  public static final int MAX_VALUE_BYTES = 64 << 20;

  private Limits() {}

  static void checkKey(byte[] key) {
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key of "
              + key.length
              + " bytes exceeds the key size limit of "
              + MAX_KEY_BYTES
              + " bytes (Limits.MAX_KEY_BYTES)");
    }
  }

  static void checkValue(byte[] value) {
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "value of "
              + value.length
              + " bytes exceeds the value size limit of "
              + MAX_VALUE_BYTES
              + " bytes (Limits.MAX_VALUE_BYTES)");
    }
  }
}
