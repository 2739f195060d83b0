package org.cairndb.internal.version;

import java.io.IOException;
import java.util.List;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.ValueSink;
import org.cairndb.internal.key.InternalKey;

/**
 * Iterates one sorted, non-overlapping level as a single stream, opening one table at a time. Not
 * thread-safe. The file list must stay valid while the iterator is open (the owner pins the
 * version).
 */
final class LevelIterator implements InternalIterator {
  private final List<FileMetadata> files;
  private final TableSource tables;
  private final boolean fillCache;
  private int index = -1;
  private InternalIterator current;

  LevelIterator(List<FileMetadata> files, TableSource tables, boolean fillCache) {
    this.files = files;
    this.tables = tables;
    this.fillCache = fillCache;
  }

  @Override
  public boolean isValid() {
    return current != null && current.isValid();
  }

  @Override
  public void seekToFirst() {
    open(0);
    if (current != null) {
      current.seekToFirst();
    }
    skipForward();
  }

  @Override
  public void seekToLast() {
    open(files.size() - 1);
    if (current != null) {
      current.seekToLast();
    }
    skipBackward();
  }

  @Override
  public void seek(byte[] target) {
    // First file whose largest internal key is >= target.
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (InternalKey.compare(files.get(mid).largest(), target) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    open(lo);
    if (current != null) {
      current.seek(target);
    }
    skipForward();
  }

  @Override
  public void next() {
    current.next();
    skipForward();
  }

  @Override
  public void prev() {
    current.prev();
    skipBackward();
  }

  @Override
  public byte[] key() {
    return current.key();
  }

  @Override
  public byte[] value() {
    return current.value();
  }

  @Override
  public void valueTo(ValueSink sink) throws IOException {
    current.valueTo(sink);
  }

  @Override
  public void close() {
    closeCurrent();
    index = -1;
  }

  private void skipForward() {
    while (current != null && !current.isValid()) {
      if (index + 1 >= files.size()) {
        closeCurrent();
        return;
      }
      open(index + 1);
      current.seekToFirst();
    }
  }

  private void skipBackward() {
    while (current != null && !current.isValid()) {
      if (index <= 0) {
        closeCurrent();
        return;
      }
      open(index - 1);
      current.seekToLast();
    }
  }

  private void open(int i) {
    if (i == index && current != null) {
      return;
    }
    closeCurrent();
    if (i < 0 || i >= files.size()) {
      index = -1;
      return;
    }
    index = i;
    current = tables.iterator(files.get(i), fillCache);
  }

  private void closeCurrent() {
    if (current != null) {
      InternalIterator c = current;
      current = null;
      c.close();
    }
  }
}
