package org.cairndb.stress;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the database must hold, kept in a memory-mapped file outside it so that it survives the
 * process being killed: a store into a shared mapping is in the operating system's page cache at
 * once, exactly like a write the database has acknowledged, and kill -9 keeps both.
 *
 * <p>Layout (little-endian): a 64-byte header ({@code magic} u64, {@code version} u32, {@code keys}
 * u32, {@code ops} u64: operations done across all runs, {@code ready} u32: the run number of the
 * child that has opened the database), then one 16-byte slot per key: {@code committed} (the id of
 * the value the database must hold, or {@link #ABSENT}), {@code pending} (the value id or {@link
 * #ABSENT} of a write in flight, or {@link #NONE}), {@code last} (the last id handed out for this
 * key; ids only grow, so an old value coming back is always detected) and {@code token} (the write
 * in flight: keys of one batch share it).
 *
 * <p>Protocol, per key, by the one thread holding the key's lock: {@link #reserve} an id, {@link
 * #markPending}, write to the database, {@link #commit}. A crash between the first and the last
 * step leaves the key pending: the database may hold either value, and the verifier {@link #resolve
 * resolves} it to what it found.
 *
 * <p>Thread-safety: every field is read and written with volatile semantics; callers serialize the
 * writes of one key through its lock. One process writes the file at a time (the driver only while
 * no child runs). Closing is not needed: the mapping lives until the buffer is collected.
 */
final class ExpectedState {
  /** No value: the key is deleted or was never written. */
  static final int ABSENT = 0;

  /** No write in flight. */
  static final int NONE = -1;

  private static final long MAGIC = 0x5453_4E52_4941_43L; // "CAIRNST" little-endian
  private static final int VERSION = 1;
  private static final int HEADER_BYTES = 64;
  private static final int SLOT_BYTES = 16;
  private static final int OPS = 16;
  private static final int READY = 24;
  private static final int COMMITTED = 0;
  private static final int PENDING = 4;
  private static final int LAST = 8;
  private static final int TOKEN = 12;

  private static final VarHandle INT =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final MappedByteBuffer map;
  private final int keys;

  private ExpectedState(MappedByteBuffer map, int keys) {
    this.map = map;
    this.keys = keys;
  }

  /** Creates (or overwrites) {@code file} with every key absent and nothing pending. */
  static ExpectedState create(Path file, int keys) throws IOException {
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be at least 1: " + keys);
    }
    ExpectedState s = map(file, keys, true);
    LONG.setVolatile(s.map, 0, MAGIC);
    INT.setVolatile(s.map, 8, VERSION);
    INT.setVolatile(s.map, 12, keys);
    for (int k = 0; k < keys; k++) {
      s.set(k, COMMITTED, ABSENT);
      s.set(k, PENDING, NONE);
      s.set(k, LAST, 0);
      s.set(k, TOKEN, 0);
    }
    return s;
  }

  /** Opens a file written by {@link #create}; checks its header and size. */
  static ExpectedState open(Path file) throws IOException {
    long size;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
    }
    if (size < HEADER_BYTES || (size - HEADER_BYTES) % SLOT_BYTES != 0) {
      throw new IOException(file + ": not an expected-state file (size " + size + ")");
    }
    int keys = (int) ((size - HEADER_BYTES) / SLOT_BYTES);
    ExpectedState s = map(file, keys, false);
    if ((long) LONG.getVolatile(s.map, 0) != MAGIC
        || (int) INT.getVolatile(s.map, 8) != VERSION
        || (int) INT.getVolatile(s.map, 12) != keys) {
      throw new IOException(file + ": not an expected-state file of version " + VERSION);
    }
    return s;
  }

  private static ExpectedState map(Path file, int keys, boolean create) throws IOException {
    long size = HEADER_BYTES + (long) keys * SLOT_BYTES;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many keys for one mapping: " + keys);
    }
    try (FileChannel ch =
        create
            ? FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE)
            : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return new ExpectedState(ch.map(FileChannel.MapMode.READ_WRITE, 0, size), keys);
    }
  }

  int keyCount() {
    return keys;
  }

  int committed(int k) {
    return get(k, COMMITTED);
  }

  int pending(int k) {
    return get(k, PENDING);
  }

  int last(int k) {
    return get(k, LAST);
  }

  int token(int k) {
    return get(k, TOKEN);
  }

  /** Hands out the next value id of key {@code k}. Requires: the caller holds k's lock. */
  int reserve(int k) {
    int id = get(k, LAST) + 1;
    set(k, LAST, id);
    return id;
  }

  /**
   * Records that a write of {@code id} (or {@link #ABSENT} for a delete) to key {@code k} is about
   * to reach the database as part of write {@code token}. Requires: k's lock, nothing pending.
   */
  void markPending(int k, int id, int token) {
    set(k, TOKEN, token);
    set(k, PENDING, id);
  }

  /** The pending write of {@code k} was acknowledged. Requires: k's lock. */
  void commit(int k) {
    // Committed first: a crash between the two stores leaves committed == pending, still right.
    set(k, COMMITTED, get(k, PENDING));
    set(k, PENDING, NONE);
    set(k, TOKEN, 0);
  }

  /** After a crash: key {@code k} holds {@code found}; nothing is pending any more. */
  void resolve(int k, int found) {
    set(k, COMMITTED, found);
    set(k, PENDING, NONE);
    set(k, TOKEN, 0);
  }

  /** Operations done so far, across every run on this file. */
  long ops() {
    return (long) LONG.getVolatile(map, OPS);
  }

  void addOps(long n) {
    LONG.getAndAdd(map, OPS, n);
  }

  /** The run number the last child published once its database was open. */
  int ready() {
    return (int) INT.getVolatile(map, READY);
  }

  void setReady(int run) {
    INT.setVolatile(map, READY, run);
  }

  private int get(int k, int field) {
    return (int) INT.getVolatile(map, slot(k) + field);
  }

  private void set(int k, int field, int value) {
    INT.setVolatile(map, slot(k) + field, value);
  }

  private int slot(int k) {
    if (k < 0 || k >= keys) {
      throw new IndexOutOfBoundsException("key index " + k + " of " + keys);
    }
    return HEADER_BYTES + k * SLOT_BYTES;
  }
}
