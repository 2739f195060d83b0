package org.cairndb;

/**
 * An ordered view over the database as of its creation (or its snapshot). Not thread-safe: one
 * thread at a time. It pins the files it reads until closed.
 */
public interface Cursor extends AutoCloseable {
  void seekToFirst();

  void seekToLast();

  /** Positions at the first key {@code >= target}. */
  void seek(byte[] target);

  /** Positions at the last key {@code <= target}. */
  void seekForPrev(byte[] target);

  boolean isValid();

  /** The current key; {@link CairnException} when {@code !isValid()}. */
  byte[] key();

  /** The current value; {@link CairnException} when {@code !isValid()}. */
  byte[] value();

  void next();

  void prev();

  @Override
  void close();
}
