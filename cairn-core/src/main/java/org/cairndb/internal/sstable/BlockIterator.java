package org.cairndb.internal.sstable;

import java.io.IOException;
import java.util.Arrays;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.ValueSink;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;

/**
 * An {@link InternalIterator} over the entries of one data {@link Block}. Seeks binary-search the
 * restart points (comparing restart keys in place) and then scan forward; {@link #prev} rescans
 * from the restart point before the current entry. The current key is rebuilt in a private buffer;
 * {@link #key()} and {@link #value()} return fresh copies. Entries whose kind is neither PUT nor
 * DELETE are reported as corruption.
 *
 * <p>Not thread-safe. It can be pointed at another block with {@link #reset}, reusing its buffer.
 */
final class BlockIterator implements InternalIterator {
  private Block block;
  private byte[] data;
  private int limit;

  /** Offset of the current entry; {@code limit} when not valid. */
  private int current;

  /** Offset just past the current entry. */
  private int next;

  /** Index of the last restart point at or before {@code current}. */
  private int restartIndex;

  private byte[] key = new byte[64];
  private int keyLen;
  private int valueOffset;
  private int valueLen;

  BlockIterator(Block block) {
    reset(block);
  }

  void reset(Block b) {
    this.block = b;
    this.data = b.data;
    this.limit = b.limit;
    this.current = limit;
    this.next = limit;
    this.restartIndex = 0;
    this.keyLen = 0;
  }

  @Override
  public boolean isValid() {
    return current < limit;
  }

  @Override
  public void seekToFirst() {
    if (block.numRestarts == 0) {
      current = limit;
      return;
    }
    seekToRestart(0);
    parseNext();
  }

  @Override
  public void seekToLast() {
    if (block.numRestarts == 0) {
      current = limit;
      return;
    }
    seekToRestart(block.numRestarts - 1);
    while (parseNext() && next < limit) {
      // Advance to the last entry.
    }
  }

  @Override
  public void seek(byte[] target) {
    if (target.length < InternalKey.TRAILER_BYTES) {
      throw new IllegalArgumentException("seek target shorter than an internal key");
    }
    int n = block.numRestarts;
    if (n == 0) {
      current = limit;
      return;
    }
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (block.compareRestartKey(mid, target) < 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    seekToRestart(lo);
    while (parseNext()) {
      if (InternalKey.compare(key, 0, keyLen, target, 0, target.length) >= 0) {
        return;
      }
    }
  }

  @Override
  public void next() {
    requireValid();
    parseNext();
  }

  @Override
  public void prev() {
    requireValid();
    int original = current;
    while (block.restartPoint(restartIndex) >= original) {
      if (restartIndex == 0) {
        current = limit;
        next = limit;
        return;
      }
      restartIndex--;
    }
    seekToRestart(restartIndex);
    while (parseNext() && next < original) {
      // Advance to the entry just before the original one.
    }
  }

  @Override
  public byte[] key() {
    requireValid();
    return Arrays.copyOf(key, keyLen);
  }

  @Override
  public byte[] value() {
    requireValid();
    return Arrays.copyOfRange(data, valueOffset, valueOffset + valueLen);
  }

  @Override
  public void valueTo(ValueSink sink) throws IOException {
    requireValid();
    sink.accept(data, valueOffset, valueLen);
  }

  @Override
  public void close() {
    current = limit;
  }

  private void requireValid() {
    if (current >= limit) {
      throw new IllegalStateException("iterator is not positioned at an entry");
    }
  }

  private void seekToRestart(int i) {
    restartIndex = i;
    keyLen = 0;
    next = block.restartPoint(i);
    current = next;
  }

  /** Decodes the entry at {@code next}; returns false (and invalidates) at the end. */
  private boolean parseNext() {
    int p = next;
    if (p >= limit) {
      current = limit;
      next = limit;
      return false;
    }
    int entry = p;
    long v = Block.varint32(data, p, limit);
    if (v < 0) {
      throw block.corrupt("bad entry header", entry);
    }
    int shared = (int) (v >>> 32);
    v = Block.varint32(data, (int) v, limit);
    if (v < 0) {
      throw block.corrupt("bad entry header", entry);
    }
    int unshared = (int) (v >>> 32);
    v = Block.varint32(data, (int) v, limit);
    if (v < 0) {
      throw block.corrupt("bad entry header", entry);
    }
    int vlen = (int) (v >>> 32);
    p = (int) v;
    // The previous user key is key[0, keyLen - 8); right after a restart there is none.
    int prevUserLen = Math.max(0, keyLen - InternalKey.TRAILER_BYTES);
    if (shared > prevUserLen
        || unshared < InternalKey.TRAILER_BYTES
        || (long) unshared + vlen > limit - p) {
      throw block.corrupt("bad entry", entry);
    }
    int newLen = shared + unshared;
    if (newLen > key.length) {
      key = Arrays.copyOf(key, Math.max(newLen, 2 * key.length));
    }
    System.arraycopy(data, p, key, shared, unshared);
    keyLen = newLen;
    int kind = key[newLen - InternalKey.TRAILER_BYTES] & 0xFF;
    if (kind != ValueKind.PUT && kind != ValueKind.DELETE) {
      throw block.corrupt("unknown value kind " + kind, entry);
    }
    valueOffset = p + unshared;
    valueLen = vlen;
    current = entry;
    next = valueOffset + vlen;
    int n = block.numRestarts;
    while (restartIndex + 1 < n && block.restartPoint(restartIndex + 1) <= entry) {
      restartIndex++;
    }
    return true;
  }
}
