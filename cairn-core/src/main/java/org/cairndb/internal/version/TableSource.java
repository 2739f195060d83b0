package org.cairndb.internal.version;

import org.cairndb.internal.iter.InternalIterator;

/** Access to the open SSTables of a version (implemented by the engine's table cache). */
public interface TableSource {
  /** The filter hash of a user key, computed once per lookup and reused for every table. */
  long keyHash(byte[] userKey);

  /** Point lookup in one table, per the {@code Lookup} convention. */
  byte[] get(FileMetadata file, byte[] userKey, long keyHash, long sequence, boolean fillCache);

  /** An iterator over one table; the caller closes it. */
  InternalIterator iterator(FileMetadata file, boolean fillCache);
}
