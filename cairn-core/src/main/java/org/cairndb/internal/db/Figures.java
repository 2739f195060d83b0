package org.cairndb.internal.db;

/**
 * Receives named figures in order: the one list {@link DbProperties} writes both the text
 * properties and {@link org.cairndb.Statistics} from. Implementations are single-use and not
 * thread-safe.
 */
interface Figures {
  /** A figure that only grows while the database is open. */
  void counter(String name, long value);

  /** A figure that goes up and down (a level, a size). */
  void gauge(String name, long value);

  /** A fraction. */
  void ratio(String name, double value);
}
