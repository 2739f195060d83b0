package org.cairndb;

import java.util.Arrays;
import java.util.Objects;
import org.cairndb.internal.db.BatchFormat;

/**
 * A group of puts and deletes applied atomically by {@link Cairn#write}: all or nothing, also
 * across crashes. Within one batch a later operation on a key wins over an earlier one. Not
 * thread-safe.
 *
 * <p>The batch keeps its operations already encoded in the write-ahead-log format (see {@link
 * BatchFormat}), so writing it costs one copy and no re-encoding.
 */
public final class WriteBatch {
  private static final int DEFAULT_CAPACITY = 64;

  private byte[] rep;
  private int size = BatchFormat.HEADER_BYTES;
  private int count;

  /** Bytes the buffer starts with and returns to after a {@link #clear} of a large batch. */
  private final int initialCapacity;

  public WriteBatch() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * An empty batch whose buffer starts with room for {@code reservedBytes} encoded bytes (12 for
   * the header, then per operation its key and value plus up to 11 bytes), so that filling it up to
   * there copies nothing: a batch grown from empty allocates about twice its final size on the way.
   * {@link IllegalArgumentException} if {@code reservedBytes} is negative or above the batch size
   * limit.
   */
  public WriteBatch(int reservedBytes) {
    if (reservedBytes < 0 || reservedBytes > BatchFormat.MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "reserved bytes must be between 0 and the batch size limit of "
              + BatchFormat.MAX_BATCH_BYTES
              + ": "
              + reservedBytes);
    }
    this.initialCapacity = Math.max(BatchFormat.HEADER_BYTES, reservedBytes);
    this.rep = new byte[initialCapacity];
  }

  /** Adds a put. {@link IllegalArgumentException} (and no change) when a size limit is exceeded. */
  public WriteBatch put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Limits.checkKey(key);
    Limits.checkValue(value);
    return add(key, value);
  }

  /** Adds a delete. {@link IllegalArgumentException} (and no change) when the key is too large. */
  public WriteBatch delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    Limits.checkKey(key);
    return add(key, null);
  }

  private WriteBatch add(byte[] key, byte[] value) {
    ensure(BatchFormat.opLength(key, value));
    size = BatchFormat.putOp(rep, size, key, value);
    count++;
    return this;
  }

  /** Number of operations in the batch. */
  public int count() {
    return count;
  }

  /** Removes every operation. */
  public void clear() {
    size = BatchFormat.HEADER_BYTES;
    count = 0;
    if (rep.length > Math.max(1 << 20, initialCapacity)) {
      rep = new byte[initialCapacity];
    }
  }

  /** Approximate encoded size in bytes. */
  public long approximateBytes() {
    return size;
  }

  // Package-private accessors for Cairn, which hands the encoded operations to the engine.
  byte[] rep() {
    return rep;
  }

  int size() {
    return size;
  }

  private void ensure(long extra) {
    long need = size + extra;
    if (need > BatchFormat.MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "write batch would exceed the batch size limit of "
              + BatchFormat.MAX_BATCH_BYTES
              + " bytes");
    }
    if (need > rep.length) {
      long grown = Math.max(need, Math.min((long) rep.length * 2, BatchFormat.MAX_BATCH_BYTES));
      rep = Arrays.copyOf(rep, (int) grown);
    }
  }
}
