package org.cairndb;

/**
 * What {@link Cairn#repair} did.
 *
 * @param tablesKept tables that read back intact and are part of the repaired database
 * @param tablesLost damaged tables, moved to the {@code lost} subdirectory of the database
 * @param logsReplayed write-ahead logs whose valid records were written to new tables
 * @param entriesRecovered entries in the repaired database's tables (every version and tombstone)
 */
public record RepairReport(
    int tablesKept, int tablesLost, int logsReplayed, long entriesRecovered) {}
