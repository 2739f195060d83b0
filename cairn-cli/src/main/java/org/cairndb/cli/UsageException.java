package org.cairndb.cli;

/**
 * A command line the tool cannot act on: an unknown command or option, a missing argument, a value
 * that does not parse. Reported as one line and exit code 2.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
