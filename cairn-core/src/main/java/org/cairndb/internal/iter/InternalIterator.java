package org.cairndb.internal.iter;

/**
 * An iterator over internal keys ({@code userKey || trailer}) in internal-key order, as produced by
 * memtables, blocks, tables and merges of them.
 *
 * <p>Not thread-safe. I/O failures surface as {@code CairnException} and damaged data as {@code
 * CorruptionException}. The arrays returned by {@link #key()} and {@link #value()} belong to the
 * caller (they are never modified by the iterator afterwards).
 */
public interface InternalIterator extends AutoCloseable {
  boolean isValid();

  void seekToFirst();

  void seekToLast();

  /** Positions at the first entry whose internal key is {@code >= target}. */
  void seek(byte[] target);

  /** Requires: {@link #isValid()}. */
  void next();

  /** Requires: {@link #isValid()}. */
  void prev();

  /** The current internal key. Requires: {@link #isValid()}. */
  byte[] key();

  /** The current value. Requires: {@link #isValid()}. */
  byte[] value();

  @Override
  void close();
}
