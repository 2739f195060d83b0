package org.cairndb.internal.iter;

/**
 * An internal iterator over no entries, for sources that are known to be empty. It is never valid:
 * seeks leave it unpositioned, and moving or reading throws {@link IllegalStateException}.
 *
 * <p>Stateless, hence thread-safe; closing it has no effect and it stays usable.
 */
public final class EmptyIterator implements InternalIterator {
  @Override
  public boolean isValid() {
    return false;
  }

  @Override
  public void seekToFirst() {}

  @Override
  public void seekToLast() {}

  @Override
  public void seek(byte[] target) {}

  @Override
  public void next() {
    throw notPositioned();
  }

  @Override
  public void prev() {
    throw notPositioned();
  }

  @Override
  public byte[] key() {
    throw notPositioned();
  }

  @Override
  public byte[] value() {
    throw notPositioned();
  }

  @Override
  public void close() {}

  private static IllegalStateException notPositioned() {
    return new IllegalStateException("empty iterator is never positioned");
  }
}
