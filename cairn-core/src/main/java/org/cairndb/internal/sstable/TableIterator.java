package org.cairndb.internal.sstable;

import java.io.IOException;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.ValueSink;
import org.cairndb.internal.key.InternalKey;

/**
 * The two-level iterator of a {@link TableReader}: a position in the in-memory {@link TableIndex}
 * plus a {@link BlockIterator} over the current data block, moving to the neighbouring block when
 * the current one is exhausted in either direction.
 *
 * <p>Not thread-safe. Holds no resources besides the current block, pinned while the iterator is on
 * it; {@link #close} unpins it and invalidates the iterator.
 */
final class TableIterator implements InternalIterator {
  private final TableReader table;
  private final TableIndex index;
  private final boolean fillCache;
  private BlockIterator data;

  /** The block {@code data} reads, pinned until the iterator leaves it; null when none. */
  private Block pinned;

  private int blockIndex = -1;

  /**
   * The read buffer of blocks the cache does not keep, reused from one block to the next: key() and
   * value() hand out copies, so nothing refers to a block once the iterator has left it. A
   * compaction reads every block of its inputs this way without allocating one array per block.
   */
  private final byte[][] readBuffer = new byte[1][];

  TableIterator(TableReader table, TableIndex index, boolean fillCache) {
    this.table = table;
    this.index = index;
    this.fillCache = fillCache;
  }

  @Override
  public boolean isValid() {
    return blockIndex >= 0 && data.isValid();
  }

  @Override
  public void seekToFirst() {
    if (!load(0)) {
      return;
    }
    data.seekToFirst();
    skipForward();
  }

  @Override
  public void seekToLast() {
    if (!load(index.size() - 1)) {
      return;
    }
    data.seekToLast();
    skipBackward();
  }

  @Override
  public void seek(byte[] target) {
    if (target.length < InternalKey.TRAILER_BYTES) {
      throw new IllegalArgumentException("seek target shorter than an internal key");
    }
    if (!load(index.find(target))) {
      return;
    }
    data.seek(target);
    skipForward();
  }

  @Override
  public void next() {
    requireValid();
    data.next();
    skipForward();
  }

  @Override
  public void prev() {
    requireValid();
    data.prev();
    skipBackward();
  }

  @Override
  public byte[] key() {
    requireValid();
    return data.key();
  }

  @Override
  public byte[] value() {
    requireValid();
    return data.value();
  }

  @Override
  public void valueTo(ValueSink sink) throws IOException {
    requireValid();
    data.valueTo(sink);
  }

  @Override
  public void close() {
    blockIndex = -1;
    data = null;
    release();
  }

  private void release() {
    Block b = pinned;
    if (b != null) {
      pinned = null;
      b.unpin();
    }
  }

  private void requireValid() {
    if (!isValid()) {
      throw new IllegalStateException("iterator is not positioned at an entry");
    }
  }

  /** Points {@code data} at block {@code i}; false (invalid) if there is no such block. */
  private boolean load(int i) {
    blockIndex = -1;
    release(); // the current block is left whatever happens next
    if (i < 0 || i >= index.size()) {
      return false;
    }
    Block b = table.dataBlock(i, fillCache, readBuffer);
    pinned = b;
    if (data == null) {
      data = new BlockIterator(b);
    } else {
      data.reset(b);
    }
    blockIndex = i;
    return true;
  }

  private void skipForward() {
    while (!data.isValid()) {
      if (!load(blockIndex + 1)) {
        return;
      }
      data.seekToFirst();
    }
  }

  private void skipBackward() {
    while (!data.isValid()) {
      if (!load(blockIndex - 1)) {
        return;
      }
      data.seekToLast();
    }
  }
}
