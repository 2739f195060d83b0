package org.cairndb.internal.db;

import java.util.concurrent.atomic.AtomicBoolean;
import org.cairndb.CairnException;
import org.cairndb.Snapshot;

/** A pinned sequence number. Thread-safe; close is idempotent. */
final class SnapshotImpl implements Snapshot {
  private final DbImpl db;
  private final long sequence;
  private final AtomicBoolean closed = new AtomicBoolean();

  SnapshotImpl(DbImpl db, long sequence) {
    this.db = db;
    this.sequence = sequence;
  }

  DbImpl db() {
    return db;
  }

  /** The pinned sequence; {@link CairnException} once the snapshot or its database is closed. */
  long sequence() {
    if (closed.get()) {
      throw new CairnException("snapshot is closed");
    }
    db.checkOpen();
    return sequence;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      db.releaseSnapshot(sequence);
    }
  }

  @Override
  public String toString() {
    return "Snapshot@" + sequence;
  }
}
