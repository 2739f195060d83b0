package org.cairndb.internal.iter;

import java.io.IOException;

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

  /**
   * Hands the current value to {@code sink} as a slice, without a copy where the iterator can.
   * Requires: {@link #isValid()}.
   */
  default void valueTo(ValueSink sink) throws IOException {
    byte[] v = value();
    sink.accept(v, 0, v.length);
  }

  @Override
  void close();
}
