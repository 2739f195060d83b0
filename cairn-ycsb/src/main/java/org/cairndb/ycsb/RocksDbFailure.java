package org.cairndb.ycsb;

import org.rocksdb.RocksDBException;

/** A {@link RocksDBException} carried through the unchecked engine calls of the binding. */
final class RocksDbFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RocksDbFailure(RocksDBException cause) {
    super(cause.getMessage(), cause);
  }
}
