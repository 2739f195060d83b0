package org.cairndb.ycsb;

/**
 * The part of an engine's ordered iterator a YCSB scan needs. Not thread-safe; one scan owns it and
 * closes it.
 */
interface ScanCursor extends AutoCloseable {
  /** Positions at the first key {@code >= target}. */
  void seek(byte[] target);

  boolean isValid();

  byte[] key();

  byte[] value();

  void next();

  @Override
  void close();
}
