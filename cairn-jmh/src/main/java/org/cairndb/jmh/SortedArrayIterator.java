package org.cairndb.jmh;

import java.util.Arrays;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;

/**
 * An {@link InternalIterator} over arrays of internal keys (sorted ascending in internal-key order)
 * and their values: the cheapest possible input, so a merge benchmark measures the merge. Not
 * thread-safe; it shares the arrays it was given and never modifies them.
 */
final class SortedArrayIterator implements InternalIterator {
  private final byte[][] keys;
  private final byte[][] values;
  private int pos = -1;

  SortedArrayIterator(byte[][] keys, byte[][] values) {
    this.keys = keys;
    this.values = values;
  }

  @Override
  public boolean isValid() {
    return pos >= 0 && pos < keys.length;
  }

  @Override
  public void seekToFirst() {
    pos = 0;
  }

  @Override
  public void seekToLast() {
    pos = keys.length - 1;
  }

  @Override
  public void seek(byte[] target) {
    int i = Arrays.binarySearch(keys, target, InternalKey::compare);
    pos = i >= 0 ? i : -i - 1;
  }

  @Override
  public void next() {
    pos++;
  }

  @Override
  public void prev() {
    pos--;
  }

  @Override
  public byte[] key() {
    return keys[pos];
  }

  @Override
  public byte[] value() {
    return values[pos];
  }

  @Override
  public void close() {}
}
