package org.cairndb.internal.db;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the engine's work, read by {@code property("cairn.stats")}. Thread-safe. */
final class DbStats {
  final AtomicLong userBytesWritten = new AtomicLong();
  final AtomicLong walBytesWritten = new AtomicLong();
  final AtomicLong walSyncs = new AtomicLong();
  final AtomicLong walBackgroundSyncs = new AtomicLong();
  final AtomicLong writeGroups = new AtomicLong();
  final AtomicLong writesBatched = new AtomicLong();
  final AtomicLong flushCount = new AtomicLong();
  final AtomicLong flushBytesWritten = new AtomicLong();
  final AtomicLong compactionCount = new AtomicLong();
  final AtomicLong trivialMoves = new AtomicLong();
  final AtomicLong compactionBytesRead = new AtomicLong();
  final AtomicLong compactionBytesWritten = new AtomicLong();
  final AtomicLong compactionNanos = new AtomicLong();
  final AtomicLong stallCount = new AtomicLong();
  final AtomicLong stallNanos = new AtomicLong();
  final AtomicLong pendingStallCount = new AtomicLong();
  final AtomicLong slowdownCount = new AtomicLong();
  final AtomicLong slowdownNanos = new AtomicLong();
  // Bumped on every get from many threads: a LongAdder avoids one contended cache line.
  final LongAdder gets = new LongAdder();
  final AtomicLong cursorsOpened = new AtomicLong();
  final AtomicLong filesDeleted = new AtomicLong();
  final ReadStats reads = new ReadStats();

  long tableBytesWritten() {
    return flushBytesWritten.get() + compactionBytesWritten.get();
  }

  /** Bytes written to storage (WAL and tables) per user byte written; 0 before any write. */
  double writeAmplification() {
    long user = userBytesWritten.get();
    return user == 0 ? 0 : (walBytesWritten.get() + tableBytesWritten()) / (double) user;
  }
}
