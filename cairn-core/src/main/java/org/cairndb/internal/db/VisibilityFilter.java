package org.cairndb.internal.db;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;

/**
 * Decides which entries a flush or compaction keeps, fed the input in internal-key order.
 *
 * <p>Open snapshots split the sequence space into stripes: the stripe of an entry is the oldest
 * snapshot that can see it (or "latest" when no snapshot can). Within one user key, only the newest
 * entry of each stripe is visible to anyone, so older entries of the same stripe are dropped. A
 * tombstone is itself dropped when it lies in the oldest stripe (no snapshot predates it, so no
 * reader can see anything older) and no deeper level may hold the key (the caller's {@code
 * bottommost} test), because then there is nothing left for it to hide.
 *
 * <p>Not thread-safe; one per job.
 */
public final class VisibilityFilter {
  private final long[] snapshots;
  private final Predicate<byte[]> bottommost;

  /**
   * The first internal key seen of the current user key (whose first {@code currentUserLength}
   * bytes are the user key). Kept by reference, not copied: an iterator's keys belong to the caller
   * and never change, and one copy per entry was a large share of what a compaction allocates.
   */
  private byte[] currentKey;

  private int currentUserLength;
  private int lastStripe = -1;

  /**
   * @param snapshots pinned sequences, ascending
   * @param bottommost tells, for a user key, that no level below the output may contain it; null
   *     when tombstones must always be kept (flushes)
   */
  public VisibilityFilter(List<Long> snapshots, Predicate<byte[]> bottommost) {
    this.snapshots = new long[snapshots.size()];
    for (int i = 0; i < this.snapshots.length; i++) {
      this.snapshots[i] = snapshots.get(i);
    }
    this.bottommost = bottommost;
  }

  /**
   * True to keep the entry; must be called for every input entry in order, with arrays the caller
   * does not modify afterwards.
   */
  boolean keep(byte[] internalKey) {
    int userLen = InternalKey.userKeyLength(internalKey);
    if (currentKey == null
        || !Arrays.equals(currentKey, 0, currentUserLength, internalKey, 0, userLen)) {
      currentKey = internalKey;
      currentUserLength = userLen;
      lastStripe = -1;
    }
    int stripe = stripe(InternalKey.sequence(internalKey));
    if (stripe == lastStripe) {
      return false;
    }
    lastStripe = stripe;
    return InternalKey.kind(internalKey) != ValueKind.DELETE
        || stripe != 0
        || bottommost == null
        || !bottommost.test(Arrays.copyOf(internalKey, userLen));
  }

  /** Index of the first snapshot >= seq, or snapshots.length when none. */
  private int stripe(long seq) {
    int lo = 0;
    int hi = snapshots.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (snapshots[mid] < seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
