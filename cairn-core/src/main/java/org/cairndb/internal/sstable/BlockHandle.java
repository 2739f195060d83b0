package org.cairndb.internal.sstable;

/**
 * The location of a block in a table file: {@code offset} of its first byte and {@code size} of its
 * stored bytes, excluding the 5-byte block trailer. Immutable value.
 */
record BlockHandle(long offset, long size) {
  /** The handle of an absent block (the filter of a table without one). */
  static final BlockHandle NONE = new BlockHandle(0, 0);

  boolean isNone() {
    return offset == 0 && size == 0;
  }

  /** The offset just past this block's trailer. */
  long end() {
    return offset + size + TableFormat.BLOCK_TRAILER_SIZE;
  }
}
