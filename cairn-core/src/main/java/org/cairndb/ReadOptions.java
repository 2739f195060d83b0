package org.cairndb;

import java.util.Objects;

/** Options for one read: which snapshot to read at, and whether to fill the block cache. */
public final class ReadOptions {
  public static final ReadOptions DEFAULT = new ReadOptions(null, true);

  private final Snapshot snapshot;
  private final boolean fillCache;

  private ReadOptions(Snapshot snapshot, boolean fillCache) {
    this.snapshot = snapshot;
    this.fillCache = fillCache;
  }

  /** Reads as of this snapshot. */
  public static ReadOptions snapshot(Snapshot s) {
    Objects.requireNonNull(s, "snapshot");
    return new ReadOptions(s, true);
  }

  /** A copy of these options that leaves the block cache alone when {@code fill} is false. */
  public ReadOptions fillCache(boolean fill) {
    return new ReadOptions(snapshot, fill);
  }

  /** The snapshot to read at, or null for the latest state. */
  public Snapshot snapshot() {
    return snapshot;
  }

  public boolean fillCache() {
    return fillCache;
  }
}
