package org.cairndb;

/**
 * How recovery treats damage in the write-ahead log (chosen with {@link
 * Options.Builder#walRecoveryMode}).
 */
public enum WalRecoveryMode {
  /**
   * The default. An incomplete or damaged record at the very end of the newest log (a torn write
   * from a crash) is dropped; damage anywhere before it fails the open with {@link
   * CorruptionException}.
   */
  TOLERATE_CORRUPTED_TAIL,
  /**
   * Any damage in a log, including a torn tail, fails the open with {@link CorruptionException}.
   */
  ABSOLUTE_CONSISTENCY,
  /**
   * Lenient: replay stops at the first damaged record, wherever it is, and the database opens with
   * the state as of that point (a prefix of the acknowledged writes). Later records are discarded.
   */
  POINT_IN_TIME
}
