package org.cairndb.cli;

/** The process exit codes of the {@code cairn} command line, stable for scripts. */
final class ExitCode {
  /** The command did what was asked. */
  static final int OK = 0;

  /** {@code get} found no value for the key. */
  static final int NOT_FOUND = 1;

  /** The command line was wrong (unknown command or option, bad argument, malformed input). */
  static final int USAGE = 2;

  /** A file of the database is damaged ({@link org.cairndb.CorruptionException}). */
  static final int CORRUPTION = 3;

  /** Any other failure (I/O error, database locked or missing, ...). */
  static final int OTHER = 4;

  private ExitCode() {}
}
