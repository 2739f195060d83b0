package org.cairndb.internal.version;

import org.cairndb.internal.iter.InternalIterator;

/** Access to the open SSTables of a version (implemented by the engine's table cache). */
public interface TableSource {
  /**
   * Point lookup in one table of {@code level}, per the {@code Lookup} convention (the level is for
   * statistics).
   */
  byte[] get(
      FileMetadata file, int level, byte[] userKey, long keyHash, long sequence, boolean fillCache);

  /** An iterator over one table; the caller closes it. */
  InternalIterator iterator(FileMetadata file, boolean fillCache);
}
