package org.cairndb.kafka;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.cairndb.CairnException;
import org.cairndb.Cursor;

/**
 * A bounded, ordered iteration over one Cairn {@link Cursor}, in either direction. It sees the
 * store as of its creation (the cursor's implicit snapshot). It owns the cursor and closes it on
 * {@link #close()}, after which it tells its store through {@code onClose} so the store stops
 * tracking it. Once closed, every method but {@code close} throws {@link
 * InvalidStateStoreException}.
 *
 * <p>Thread-safety: methods are synchronized so the store can close the iterator from another
 * thread while a reader uses it; iterating from several threads is not meaningful.
 *
 * <p>Invariant: {@code next} holds the entry the next call to {@link #next()} returns, or null when
 * the iteration is exhausted; every key it yields lies within the bounds.
 */
final class CairnKeyValueIterator implements KeyValueIterator<Bytes, byte[]> {
  private final String storeName;
  private final Cursor cursor;
  private final byte[] lower;
  private final byte[] upper;
  private final boolean upperInclusive;
  private final boolean forward;
  private final Consumer<CairnKeyValueIterator> onClose;
  private KeyValue<Bytes, byte[]> next;
  private boolean closed;

  /**
   * Positions {@code cursor} at the first entry of the range in the iteration's direction.
   *
   * @param lower inclusive lower bound, or null for none
   * @param upper upper bound, or null for none
   * @param upperInclusive whether {@code upper} itself belongs to the range
   */
  CairnKeyValueIterator(
      String storeName,
      Cursor cursor,
      byte[] lower,
      byte[] upper,
      boolean upperInclusive,
      boolean forward,
      Consumer<CairnKeyValueIterator> onClose) {
    this.storeName = storeName;
    this.cursor = cursor;
    this.lower = lower;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
    this.forward = forward;
    this.onClose = onClose;
    try {
      position();
      next = current();
    } catch (CairnException e) {
      cursor.close();
      throw new ProcessorStateException("Error iterating over store " + storeName, e);
    }
  }

  private void position() {
    if (forward) {
      if (lower == null) {
        cursor.seekToFirst();
      } else {
        cursor.seek(lower);
      }
      return;
    }
    if (upper == null) {
      cursor.seekToLast();
      return;
    }
    cursor.seekForPrev(upper);
    if (!upperInclusive && cursor.isValid() && Arrays.equals(cursor.key(), upper)) {
      cursor.prev();
    }
  }

  /** The cursor's entry if it is within bounds, else null. */
  private KeyValue<Bytes, byte[]> current() {
    if (!cursor.isValid()) {
      return null;
    }
    byte[] key = cursor.key();
    if (forward ? !belowUpper(key) : !aboveLower(key)) {
      return null;
    }
    return KeyValue.pair(Bytes.wrap(key), cursor.value());
  }

  private boolean belowUpper(byte[] key) {
    if (upper == null) {
      return true;
    }
    int c = Arrays.compareUnsigned(key, upper);
    return upperInclusive ? c <= 0 : c < 0;
  }

  private boolean aboveLower(byte[] key) {
    return lower == null || Arrays.compareUnsigned(key, lower) >= 0;
  }

  @Override
  public synchronized boolean hasNext() {
    checkOpen();
    return next != null;
  }

  @Override
  public synchronized KeyValue<Bytes, byte[]> next() {
    checkOpen();
    KeyValue<Bytes, byte[]> result = next;
    if (result == null) {
      throw new NoSuchElementException("no more entries in store " + storeName);
    }
    try {
      if (forward) {
        cursor.next();
      } else {
        cursor.prev();
      }
      next = current();
    } catch (CairnException e) {
      throw new ProcessorStateException("Error iterating over store " + storeName, e);
    }
    return result;
  }

  @Override
  public synchronized Bytes peekNextKey() {
    checkOpen();
    if (next == null) {
      throw new NoSuchElementException("no more entries in store " + storeName);
    }
    return next.key;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      next = null;
      cursor.close();
    }
    // Outside the lock: the store's bookkeeping takes its own locks.
    onClose.accept(this);
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new InvalidStateStoreException("Cairn iterator for store " + storeName + " is closed");
    }
  }
}
