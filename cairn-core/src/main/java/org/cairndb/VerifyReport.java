package org.cairndb;

/**
 * What {@link Cairn#verify()} checked, all of it found intact.
 *
 * @param tables live tables read end to end
 * @param blocks data blocks read from disk and checksum-verified (each table's index, filter and
 *     properties blocks are verified as well but not counted)
 * @param entries entries of the live tables (every version and tombstone)
 * @param levels levels holding at least one table
 * @param tableBytes bytes of the live tables
 * @param logs write-ahead logs read (every fragment checksum and every batch checked)
 * @param logRecords records in those logs
 */
public record VerifyReport(
    int tables,
    long blocks,
    long entries,
    int levels,
    long tableBytes,
    int logs,
    long logRecords) {}
