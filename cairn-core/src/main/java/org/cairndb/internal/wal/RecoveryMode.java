package org.cairndb.internal.wal;

/**
 * How a {@link LogReader} treats bytes after the last good record that do not form a valid record.
 * In every mode, zero bytes starting at a record boundary and running to the end of the file are
 * unwritten (preallocated) space: the log ends cleanly there and {@link LogReader#tornTail()} stays
 * false. The exact damage rules are in the {@link LogReader} class documentation.
 */
public enum RecoveryMode {
  /**
   * The default. Damage at the end of the log, with no valid fragment anywhere after it, is the
   * torn tail a crash leaves behind: reading stops cleanly and {@link LogReader#tornTail()} reports
   * it. Damage followed by valid data is corruption and throws.
   */
  TOLERATE_CORRUPTED_TAIL,

  /**
   * Every byte up to the end of the file must belong to a complete, valid record: any damage, a
   * torn tail included, throws. For logs that were synced after every record and must be intact.
   */
  ABSOLUTE_CONSISTENCY,

  /**
   * Stops at the first damage whatever follows it and never throws for damage: the log is read as
   * the longest intact prefix. For logs whose unsynced tail may have been written out of order by
   * power loss, where valid records after a hole carry no guarantee anyway.
   */
  POINT_IN_TIME,

  /**
   * For the manifest, whose every record is synced before it takes effect: a tail that merely ends
   * early (an append cut short by a crash) ends the log cleanly as in the tolerant mode, but wrong
   * bytes anywhere, the last record included, throw. A damaged final record may describe a change
   * already acted on (a log deleted after a flush), so dropping it silently could lose data.
   */
  TOLERATE_TRUNCATED_TAIL
}
