package org.cairndb.internal.key;

/**
 * Results of a point lookup in one source (memtable or table), without allocating a result object:
 * a lookup returns the value array itself, {@link #DELETED} when the newest visible entry is a
 * tombstone, or {@code null} when the source holds no visible entry for the key.
 */
public final class Lookup {
  /**
   * Sentinel compared by identity ({@code ==}); distinct from every real value, including empty
   * ones.
   */
  @SuppressWarnings("MutablePublicArray")
  public static final byte[] DELETED = new byte[0];

  private Lookup() {}

  public static boolean isDeleted(byte[] result) {
    return result == DELETED;
  }
}
