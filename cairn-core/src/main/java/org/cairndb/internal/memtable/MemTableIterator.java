package org.cairndb.internal.memtable;

import java.io.IOException;
import java.util.Arrays;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.ValueSink;
import org.cairndb.internal.key.InternalKey;

/**
 * An {@link InternalIterator} over a {@link MemTable}. It holds only the current node's address, so
 * it may run concurrently with the memtable's writer: {@link #next()} follows the level-0 link and
 * {@link #prev()} searches for the last node before the current key, so both may or may not see
 * entries added meanwhile, but never a half-built one (see the memtable's design note).
 *
 * <p>Not thread-safe: one thread uses an iterator at a time. {@link #key()} and {@link #value()}
 * return fresh arrays owned by the caller. The iterator pins the memtable in memory until it is
 * closed or dropped.
 */
final class MemTableIterator implements InternalIterator {
  private MemTable table;
  private long node = MemTable.NIL;
  private byte[] chunk;
  private int offset;

  MemTableIterator(MemTable table) {
    this.table = table;
  }

  @Override
  public boolean isValid() {
    return node != MemTable.NIL;
  }

  @Override
  public void seekToFirst() {
    position(open().first());
  }

  @Override
  public void seekToLast() {
    position(open().findLast());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code target} is shorter than a trailer
   */
  @Override
  public void seek(byte[] target) {
    int userLen = target.length - InternalKey.TRAILER_BYTES;
    if (userLen < 0) {
      throw new IllegalArgumentException("seek target shorter than an internal key trailer");
    }
    position(open().findGreaterOrEqual(target, 0, userLen, InternalKey.trailer(target)));
  }

  @Override
  public void next() {
    requireValid();
    position(MemTable.next(chunk, offset, 0));
  }

  @Override
  public void prev() {
    requireValid();
    int keyStart = MemTable.keyStart(offset);
    int userLen = MemTable.keyLength(chunk, offset) - InternalKey.TRAILER_BYTES;
    long trailer = MemTable.trailerAt(chunk, keyStart + userLen);
    position(table.findLessThan(chunk, keyStart, userLen, trailer));
  }

  @Override
  public byte[] key() {
    requireValid();
    int keyStart = MemTable.keyStart(offset);
    return Arrays.copyOfRange(chunk, keyStart, keyStart + MemTable.keyLength(chunk, offset));
  }

  @Override
  public byte[] value() {
    requireValid();
    int valueStart = valueStart();
    return Arrays.copyOfRange(chunk, valueStart, valueStart + MemTable.valueLength(chunk, offset));
  }

  @Override
  public void valueTo(ValueSink sink) throws IOException {
    requireValid();
    sink.accept(chunk, valueStart(), MemTable.valueLength(chunk, offset));
  }

  /** Offset in {@code chunk} of the current entry's value (right after its internal key). */
  private int valueStart() {
    return MemTable.keyStart(offset) + MemTable.keyLength(chunk, offset);
  }

  /** Releases the memtable; the iterator is invalid afterwards and must not be repositioned. */
  @Override
  public void close() {
    position(MemTable.NIL);
    table = null;
  }

  private MemTable open() {
    MemTable t = table;
    if (t == null) {
      throw new IllegalStateException("iterator is closed");
    }
    return t;
  }

  private void position(long address) {
    node = address;
    if (address == MemTable.NIL) {
      chunk = null;
      offset = 0;
    } else {
      chunk = table.chunkOf(address);
      offset = Arena.offset(address);
    }
  }

  private void requireValid() {
    if (node == MemTable.NIL) {
      throw new IllegalStateException("iterator is not positioned on an entry");
    }
  }
}
