package org.cairndb.internal.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequence numbers pinned by open snapshots (and cursors), with multiplicity. Compaction keeps,
 * for every pinned sequence, the newest version of each key visible at it. Thread-safe
 * (synchronized; snapshots are opened and closed far less often than data is read).
 */
final class SnapshotList {
  private final TreeMap<Long, Integer> pinned = new TreeMap<>();

  synchronized void add(long seq) {
    pinned.merge(seq, 1, Integer::sum);
  }

  synchronized void remove(long seq) {
    pinned.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
  }

  /** The pinned sequences, ascending, without duplicates. */
  synchronized List<Long> sequences() {
    return new ArrayList<>(pinned.keySet());
  }

  synchronized int size() {
    int n = 0;
    for (Map.Entry<Long, Integer> e : pinned.entrySet()) {
      n += e.getValue();
    }
    return n;
  }
}
