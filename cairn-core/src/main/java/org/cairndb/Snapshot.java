package org.cairndb;

/**
 * A consistent point-in-time view of the database, used through {@link ReadOptions#snapshot}.
 * Holding a snapshot keeps the versions it can see from being compacted away: close it when done.
 */
public interface Snapshot extends AutoCloseable {
  @Override
  void close();
}
