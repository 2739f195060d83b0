package org.cairndb.ycsb;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;

/**
 * The YCSB operations written once over an ordered key-value engine, so that the Cairn and RocksDB
 * bindings do exactly the same work per operation and differ only in the engine calls. Each record
 * is one value under {@link StorageKeys#key}, encoded by {@link RecordCodec}.
 *
 * <p>YCSB creates one instance per client thread and calls it from that thread only; the engine
 * behind it is shared (see {@link SharedHandles}). Updates merge fields under a per-record lock
 * from {@link #locks()}, so concurrent updates of one record in this JVM do not lose fields. Engine
 * failures and undecodable records become {@link Status#ERROR}; the first one of each instance is
 * logged.
 */
abstract class KeyValueBinding extends DB {
  private static final Logger LOG = Logger.getLogger(KeyValueBinding.class.getName());

  private boolean loggedError;

  /** The stored value, or null when absent. */
  abstract byte[] get(byte[] key);

  abstract void put(byte[] key, byte[] value);

  abstract void remove(byte[] key);

  /** A new cursor over the latest state. */
  abstract ScanCursor cursor();

  /** The update locks shared by every instance on the same database. */
  abstract KeyLocks locks();

  @Override
  public Status read(
      String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    try {
      byte[] record = get(StorageKeys.key(table, key));
      if (record == null) {
        return Status.NOT_FOUND;
      }
      RecordCodec.decode(record, fields, result);
      return Status.OK;
    } catch (DamagedRecordException | RuntimeException e) {
      return failed("read", e);
    }
  }

  @Override
  @SuppressWarnings("NonApiType") // the parameter types are fixed by site.ycsb.DB
  public Status scan(
      String table,
      String startkey,
      int recordcount,
      Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    try (ScanCursor c = cursor()) {
      byte[] prefix = StorageKeys.prefix(table);
      c.seek(StorageKeys.key(table, startkey));
      for (int i = 0; i < recordcount && c.isValid(); i++, c.next()) {
        if (!StorageKeys.hasPrefix(c.key(), prefix)) {
          break;
        }
        HashMap<String, ByteIterator> fieldValues = new HashMap<>();
        RecordCodec.decode(c.value(), fields, fieldValues);
        result.add(fieldValues);
      }
      return Status.OK;
    } catch (DamagedRecordException | RuntimeException e) {
      return failed("scan", e);
    }
  }

  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    byte[] k;
    try {
      k = StorageKeys.key(table, key);
    } catch (IllegalArgumentException e) {
      return failed("update", e);
    }
    Map<String, byte[]> changes = RecordCodec.materialize(values);
    ReentrantLock lock = locks().forKey(k);
    lock.lock();
    try {
      byte[] old = get(k);
      if (old == null) {
        return Status.NOT_FOUND;
      }
      Map<String, byte[]> merged = RecordCodec.decodeAll(old);
      merged.putAll(changes);
      put(k, RecordCodec.encode(merged));
      return Status.OK;
    } catch (DamagedRecordException | RuntimeException e) {
      return failed("update", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    try {
      put(StorageKeys.key(table, key), RecordCodec.encode(RecordCodec.materialize(values)));
      return Status.OK;
    } catch (RuntimeException e) {
      return failed("insert", e);
    }
  }

  @Override
  public Status delete(String table, String key) {
    try {
      remove(StorageKeys.key(table, key));
      return Status.OK;
    } catch (RuntimeException e) {
      return failed("delete", e);
    }
  }

  private Status failed(String op, Exception e) {
    if (!loggedError) {
      loggedError = true;
      LOG.log(Level.WARNING, op + " failed (later failures of this client are not logged)", e);
    }
    return Status.ERROR;
  }
}
