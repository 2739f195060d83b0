package org.cairndb.internal.db;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairndb.internal.memtable.MemTable;
import org.cairndb.internal.version.Version;

/**
 * Everything a reader needs, published as one immutable unit: the active memtable, the immutable
 * memtables (newest first) and the current version. Readers take a reference for the duration of a
 * get or for the life of a cursor; the last reference released lets go of the version, so its files
 * can be deleted. Thread-safe.
 */
final class SuperVersion {
  final MemTable mem;
  final List<MemTable> imms;
  final Version version;
  private final AtomicInteger refs = new AtomicInteger(1);

  SuperVersion(MemTable mem, List<MemTable> imms, Version version) {
    this.mem = mem;
    this.imms = List.copyOf(imms);
    this.version = version;
    version.ref();
  }

  /** Takes a reference unless the last one is already gone (the caller then re-reads). */
  boolean tryRef() {
    while (true) {
      int r = refs.get();
      if (r == 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Drops one reference; returns true when it was the last (the version may now be obsolete). */
  boolean release() {
    int r = refs.decrementAndGet();
    if (r == 0) {
      version.unref();
      return true;
    } else if (r < 0) {
      throw new IllegalStateException("super version released too often");
    }
    return false;
  }
}
