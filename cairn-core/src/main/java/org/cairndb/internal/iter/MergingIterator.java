package org.cairndb.internal.iter;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.cairndb.internal.key.InternalKey;

/**
 * Merges several child iterators (memtables, tables, levels) into one stream in internal-key order,
 * navigable in both directions.
 *
 * <p>Order: entries are ordered by internal key and, for equal internal keys (which the engine
 * never produces, since sequence numbers are unique), by child index, lower first. Backward
 * iteration visits exactly the reverse of that order, so {@code next()} followed by {@code prev()}
 * always returns to the same entry.
 *
 * <p>Invariants while positioned on child {@code c} with key {@code K}: moving forward, every other
 * valid child sits on its first entry after {@code (K, c)}; moving backward, on its last entry
 * before {@code (K, c)}. A change of direction re-seeks every other child to restore the invariant
 * of the new direction. Up to {@value #LINEAR_MAX} children are scanned linearly to pick the next
 * entry; above that a binary heap keyed on the children's current keys (a min-heap forward, a
 * max-heap backward) does it in logarithmic time.
 *
 * <p>Not thread-safe. Ownership: the merging iterator owns its children and closes them all in
 * {@link #close()}. It caches each child's current key (one {@code key()} call per child position)
 * and hands out exactly those arrays, and the children's {@code value()} arrays, unchanged. If a
 * child throws, the exception propagates and this iterator becomes invalid until the next seek.
 * Misuse (moving or reading while not valid, any use after close) throws {@link
 * IllegalStateException}.
 */
public final class MergingIterator implements InternalIterator {
  /** Children counts up to this use a linear scan instead of a heap. */
  private static final int LINEAR_MAX = 4;

  private final InternalIterator[] children;

  /** {@code keys[i]} is child i's current key, or null while child i is not valid. */
  private final byte[][] keys;

  /** Valid children ordered as a binary heap (best at index 0); null on the linear path. */
  private final int[] heap;

  private int heapSize;

  /** The child the merged stream is positioned on, or -1 when not valid. */
  private int current = -1;

  private boolean forward = true;
  private boolean closed;

  /**
   * Takes ownership of {@code children}: they are closed when this iterator is closed, and must not
   * be used directly any more.
   */
  public MergingIterator(List<? extends InternalIterator> children) {
    int n = children.size();
    this.children = new InternalIterator[n];
    for (int i = 0; i < n; i++) {
      this.children[i] = Objects.requireNonNull(children.get(i), "children element");
    }
    this.keys = new byte[n][];
    this.heap = n > LINEAR_MAX ? new int[n] : null;
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return current >= 0;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    boolean ok = false;
    try {
      forward = true;
      for (int i = 0; i < children.length; i++) {
        children[i].seekToFirst();
        refresh(i);
      }
      rebuild();
      ok = true;
    } finally {
      if (!ok) {
        invalidate();
      }
    }
  }

  @Override
  public void seekToLast() {
    checkOpen();
    boolean ok = false;
    try {
      forward = false;
      for (int i = 0; i < children.length; i++) {
        children[i].seekToLast();
        refresh(i);
      }
      rebuild();
      ok = true;
    } finally {
      if (!ok) {
        invalidate();
      }
    }
  }

  @Override
  public void seek(byte[] target) {
    checkOpen();
    Objects.requireNonNull(target, "target");
    boolean ok = false;
    try {
      forward = true;
      for (int i = 0; i < children.length; i++) {
        children[i].seek(target);
        refresh(i);
      }
      rebuild();
      ok = true;
    } finally {
      if (!ok) {
        invalidate();
      }
    }
  }

  @Override
  public void next() {
    checkValid();
    boolean ok = false;
    try {
      if (!forward) {
        turnForward();
      }
      int c = current;
      children[c].next();
      refresh(c);
      advanceBest(c);
      ok = true;
    } finally {
      if (!ok) {
        invalidate();
      }
    }
  }

  @Override
  public void prev() {
    checkValid();
    boolean ok = false;
    try {
      if (forward) {
        turnBackward();
      }
      int c = current;
      children[c].prev();
      refresh(c);
      advanceBest(c);
      ok = true;
    } finally {
      if (!ok) {
        invalidate();
      }
    }
  }

  @Override
  public byte[] key() {
    checkValid();
    return keys[current];
  }

  @Override
  public byte[] value() {
    checkValid();
    return children[current].value();
  }

  @Override
  public void valueTo(ValueSink sink) throws IOException {
    checkValid();
    children[current].valueTo(sink);
  }

  /** Closes every child, even if some fail; the first failure is thrown, later ones suppressed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    invalidate();
    RuntimeException failure = null;
    for (InternalIterator child : children) {
      try {
        child.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Called while moving backward and positioned on {@code (K, c)}: places every other child on its
   * first entry after {@code (K, c)}, which is its first key {@code > K}, or {@code K} itself for a
   * child with a higher index.
   */
  private void turnForward() {
    int c = current;
    // Re-read the key rather than trusting the cached array: it was handed to the caller.
    byte[] k = children[c].key();
    keys[c] = k;
    for (int i = 0; i < children.length; i++) {
      if (i == c) {
        continue;
      }
      InternalIterator child = children[i];
      child.seek(k);
      refresh(i);
      if (i < c && keys[i] != null && InternalKey.compare(keys[i], k) == 0) {
        child.next();
        refresh(i);
      }
    }
    forward = true;
    rebuild();
  }

  /**
   * Called while moving forward and positioned on {@code (K, c)}: places every other child on its
   * last entry before {@code (K, c)}, which is its last key {@code < K}, or {@code K} itself for a
   * child with a lower index.
   */
  private void turnBackward() {
    int c = current;
    byte[] k = children[c].key();
    keys[c] = k;
    for (int i = 0; i < children.length; i++) {
      if (i == c) {
        continue;
      }
      InternalIterator child = children[i];
      child.seek(k);
      refresh(i);
      if (keys[i] == null) {
        // Every entry of this child is < K: its last entry is the one before (K, c).
        child.seekToLast();
        refresh(i);
      } else if (i > c || InternalKey.compare(keys[i], k) != 0) {
        child.prev();
        refresh(i);
      }
      // A memtable child can gain entries between the two searches above (a concurrent insert
      // sorts anywhere), so step back until the child is truly before (K, c). Entries skipped
      // here were inserted after the cursor's sequence and are invisible to it anyway.
      while (keys[i] != null && after(i, k, c)) {
        child.prev();
        refresh(i);
      }
    }
    forward = false;
    rebuild();
  }

  /** True when child i's current entry sorts at or after position (K, c). */
  private boolean after(int i, byte[] k, int c) {
    int cmp = InternalKey.compare(keys[i], k);
    return cmp > 0 || (cmp == 0 && i > c);
  }

  /** Re-reads child i's position into the key cache. */
  private void refresh(int i) {
    InternalIterator child = children[i];
    keys[i] = child.isValid() ? child.key() : null;
  }

  /** True when child a comes before child b in the current direction. */
  private boolean before(int a, int b) {
    int c = InternalKey.compare(keys[a], keys[b]);
    if (c == 0) {
      c = Integer.compare(a, b);
    }
    return forward ? c < 0 : c > 0;
  }

  /** Recomputes {@link #current} from scratch after several children moved. */
  private void rebuild() {
    if (heap == null) {
      current = linearBest();
      return;
    }
    heapSize = 0;
    for (int i = 0; i < children.length; i++) {
      if (keys[i] != null) {
        heap[heapSize++] = i;
      }
    }
    for (int i = heapSize / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
    current = heapSize > 0 ? heap[0] : -1;
  }

  /** Recomputes {@link #current} after only child {@code moved} (the previous best) moved. */
  private void advanceBest(int moved) {
    if (heap == null) {
      current = linearBest();
      return;
    }
    // The moved child is at the top of the heap: it was the best one.
    if (keys[moved] == null) {
      heapSize--;
      heap[0] = heap[heapSize];
    }
    if (heapSize > 0) {
      siftDown(0);
      current = heap[0];
    } else {
      current = -1;
    }
  }

  private int linearBest() {
    int best = -1;
    for (int i = 0; i < children.length; i++) {
      if (keys[i] != null && (best < 0 || before(i, best))) {
        best = i;
      }
    }
    return best;
  }

  private void siftDown(int pos) {
    int node = heap[pos];
    int half = heapSize >>> 1;
    while (pos < half) {
      int child = 2 * pos + 1;
      int right = child + 1;
      if (right < heapSize && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], node)) {
        break;
      }
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = node;
  }

  private void invalidate() {
    current = -1;
    heapSize = 0;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("iterator is closed");
    }
  }

  private void checkValid() {
    checkOpen();
    if (current < 0) {
      throw new IllegalStateException("iterator is not positioned on an entry");
    }
  }
}
