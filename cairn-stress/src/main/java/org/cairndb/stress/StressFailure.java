package org.cairndb.stress;

/**
 * The database disagreed with the expected state (or misbehaved in a way the stress test forbids).
 * The message names the key, what was expected, what was found, and the seed to replay.
 */
final class StressFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StressFailure(String message) {
    super(message);
  }

  StressFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
