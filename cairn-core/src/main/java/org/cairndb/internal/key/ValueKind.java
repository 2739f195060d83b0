package org.cairndb.internal.key;

/**
 * The kind byte stored in every internal key trailer and WAL batch operation. Ids are part of the
 * on-disk format and never change; unused ids are reserved for later features (merge operands,
 * range deletions, column-family scoped operations) so old files stay readable.
 */
public final class ValueKind {
  /** A tombstone: hides older values of the key. */
  public static final int DELETE = 0;

  /** A regular value. */
  public static final int PUT = 1;

  /** Reserved: a merge operand. */
  public static final int RESERVED_MERGE = 2;

  /** Reserved: a range deletion [key, value). */
  public static final int RESERVED_RANGE_DELETE = 3;

  /**
   * The highest kind; a seek target built with it sorts before every entry of the same user key and
   * sequence number, since kinds sort descending.
   */
  public static final int MAX = 0xFF;

  private ValueKind() {}

  /** True for the kinds this version of Cairn writes and understands. */
  public static boolean isKnown(int kind) {
    return kind == DELETE || kind == PUT;
  }
}
