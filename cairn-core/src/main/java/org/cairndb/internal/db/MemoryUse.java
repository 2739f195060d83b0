package org.cairndb.internal.db;

import org.cairndb.internal.cache.SharedMemory;

/**
 * What the memtables hold and may hold, in bytes, for {@code cairn.memory}: the budget (0 = none),
 * the size at which a memtable is flushed, the active memtable and those waiting for a flush, and
 * the memory shared with other databases (null when this database has its own). An immutable value.
 */
record MemoryUse(
    long budget, long memtableLimit, long active, long immutable, SharedMemory shared) {}
