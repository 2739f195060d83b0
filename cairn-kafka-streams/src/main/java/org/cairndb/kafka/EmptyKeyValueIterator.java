package org.cairndb.kafka;

import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** The iterator of an empty range (a lower bound above the upper one). Stateless; holds nothing. */
final class EmptyKeyValueIterator implements KeyValueIterator<Bytes, byte[]> {
  @Override
  public boolean hasNext() {
    return false;
  }

  @Override
  public KeyValue<Bytes, byte[]> next() {
    throw new NoSuchElementException("empty range");
  }

  @Override
  public Bytes peekNextKey() {
    throw new NoSuchElementException("empty range");
  }

  @Override
  public void close() {}
}
