package org.cairndb;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reference model of a database: a sorted map in unsigned byte order, with a fingerprint kept
 * incrementally so that a recovered state can be matched to a prefix of the history quickly.
 */
public final class Model {
  private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
  private long fingerprint;

  public Model() {}

  public Model(Model other) {
    map.putAll(other.map);
    fingerprint = other.fingerprint;
  }

  public void put(byte[] k, byte[] v) {
    byte[] old = map.put(k.clone(), v.clone());
    if (old != null) {
      fingerprint -= entryHash(k, old);
    }
    fingerprint += entryHash(k, v);
  }

  public void delete(byte[] k) {
    byte[] old = map.remove(k);
    if (old != null) {
      fingerprint -= entryHash(k, old);
    }
  }

  public byte[] get(byte[] k) {
    return map.get(k);
  }

  public NavigableMap<byte[], byte[]> map() {
    return map;
  }

  public long fingerprint() {
    return fingerprint;
  }

  public int size() {
    return map.size();
  }

  public static long entryHash(byte[] k, byte[] v) {
    long h = 0x9E3779B97F4A7C15L;
    h = h * 31 + Arrays.hashCode(k);
    h = Long.rotateLeft(h * 0xC2B2AE3D27D4EB4FL, 31) ^ Arrays.hashCode(v);
    return h * 0x165667B19E3779F9L + k.length * 7L + v.length;
  }

  /** Fingerprint of a whole database, read with a cursor. */
  public static long fingerprintOf(Cairn db) {
    long f = 0;
    try (Cursor c = db.cursor()) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        f += entryHash(c.key(), c.value());
      }
    }
    return f;
  }

  /** Asserts that the database holds exactly this model's entries. */
  public void assertSameAs(Cairn db, String context) {
    try (Cursor c = db.cursor()) {
      c.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
        if (!c.isValid()) {
          throw new AssertionError(context + ": database ends early, missing a key");
        }
        if (!Arrays.equals(c.key(), e.getKey()) || !Arrays.equals(c.value(), e.getValue())) {
          throw new AssertionError(context + ": entry differs from the model");
        }
        c.next();
      }
      if (c.isValid()) {
        throw new AssertionError(context + ": database holds an extra key");
      }
    }
    for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
      if (!Arrays.equals(db.get(e.getKey()), e.getValue())) {
        throw new AssertionError(context + ": get disagrees with the model");
      }
    }
  }
}
