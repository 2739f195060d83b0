package org.cairndb.internal.db;

import org.cairndb.CairnException;
import org.cairndb.Cursor;
import org.cairndb.internal.iter.DbIterator;

/**
 * The user's cursor: a {@link DbIterator} that also refuses to work once its database is closed.
 * Not thread-safe.
 */
public final class CursorImpl implements Cursor {
  private final DbImpl db;
  private final DbIterator it;

  CursorImpl(DbImpl db, DbIterator it) {
    this.db = db;
    this.it = it;
  }

  private DbIterator it() {
    if (db.isClosed()) {
      throw new CairnException("database is closed");
    }
    return it;
  }

  @Override
  public void seekToFirst() {
    it().seekToFirst();
  }

  @Override
  public void seekToLast() {
    it().seekToLast();
  }

  @Override
  public void seek(byte[] target) {
    it().seek(target);
  }

  @Override
  public void seekForPrev(byte[] target) {
    it().seekForPrev(target);
  }

  @Override
  public boolean isValid() {
    return it().isValid();
  }

  @Override
  public byte[] key() {
    return it().key();
  }

  @Override
  public byte[] value() {
    return it().value();
  }

  @Override
  public void next() {
    it().next();
  }

  @Override
  public void prev() {
    it().prev();
  }

  @Override
  public void close() {
    it.close();
  }
}
