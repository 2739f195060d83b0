package org.cairndb.internal.iter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;

/**
 * A test {@link InternalIterator} over a list of (internal key, value) entries, sorted on
 * construction. It returns the stored arrays themselves (so callers can check they are passed on
 * without copies) and is strict about its contract: moving or reading while not valid, use after
 * close and duplicate keys throw {@link IllegalStateException}. A failure can be armed to be thrown
 * by the next positioning call, to test error propagation.
 */
final class ListIterator implements InternalIterator {
  /** One entry; arrays are shared, not copied. */
  static final class Entry {
    final byte[] key;
    final byte[] value;

    Entry(byte[] key, byte[] value) {
      this.key = key;
      this.value = value;
    }
  }

  private final List<Entry> entries;
  private int pos = -1;
  private int closeCount;
  private RuntimeException armed;
  private RuntimeException failOnClose;

  ListIterator(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> InternalKey.compare(a.key, b.key));
    for (int i = 1; i < sorted.size(); i++) {
      if (InternalKey.compare(sorted.get(i - 1).key, sorted.get(i).key) == 0) {
        throw new IllegalStateException("duplicate internal key in one child");
      }
    }
    this.entries = sorted;
  }

  static ListIterator of(Entry... entries) {
    return new ListIterator(List.of(entries));
  }

  static Entry put(String userKey, long seq, String value) {
    return new Entry(
        InternalKey.encode(userKey.getBytes(UTF_8), seq, ValueKind.PUT), value.getBytes(UTF_8));
  }

  static Entry delete(String userKey, long seq) {
    return new Entry(
        InternalKey.encode(userKey.getBytes(UTF_8), seq, ValueKind.DELETE), new byte[0]);
  }

  int closeCount() {
    return closeCount;
  }

  /** The next positioning call (seek*, next, prev) throws {@code e} and leaves this invalid. */
  void arm(RuntimeException e) {
    armed = e;
  }

  void failOnClose(RuntimeException e) {
    failOnClose = e;
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return pos >= 0 && pos < entries.size();
  }

  @Override
  public void seekToFirst() {
    fire();
    pos = 0;
  }

  @Override
  public void seekToLast() {
    fire();
    pos = entries.size() - 1;
  }

  @Override
  public void seek(byte[] target) {
    fire();
    int lo = 0;
    int hi = entries.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (InternalKey.compare(entries.get(mid).key, target) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    pos = lo;
  }

  @Override
  public void next() {
    checkValid();
    fire();
    pos++;
  }

  @Override
  public void prev() {
    checkValid();
    fire();
    pos--;
  }

  @Override
  public byte[] key() {
    checkValid();
    return entries.get(pos).key;
  }

  @Override
  public byte[] value() {
    checkValid();
    return entries.get(pos).value;
  }

  @Override
  public void close() {
    closeCount++;
    if (closeCount > 1) {
      throw new IllegalStateException("closed twice");
    }
    if (failOnClose != null) {
      throw failOnClose;
    }
  }

  private void fire() {
    checkOpen();
    RuntimeException e = armed;
    if (e != null) {
      armed = null;
      pos = -1;
      throw e;
    }
  }

  private void checkOpen() {
    if (closeCount > 0) {
      throw new IllegalStateException("used after close");
    }
  }

  private void checkValid() {
    if (!isValid()) {
      throw new IllegalStateException("not positioned");
    }
  }
}
