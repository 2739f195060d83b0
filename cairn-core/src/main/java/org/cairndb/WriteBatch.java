package org.cairndb;

import java.util.Arrays;
import java.util.Objects;
import org.cairndb.internal.db.BatchFormat;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Coding;

/**
 * A group of puts and deletes applied atomically by {@link Cairn#write}: all or nothing, also
 * across crashes. Within one batch a later operation on a key wins over an earlier one. Not
 * thread-safe.
 *
 * <p>The batch keeps its operations already encoded in the write-ahead-log format (see {@link
 * BatchFormat}), so writing it costs one copy and no re-encoding.
 */
public final class WriteBatch {
  private byte[] rep = new byte[64];
  private int size = BatchFormat.HEADER_BYTES;
  private int count;

  public WriteBatch() {}

  /** Adds a put. {@link IllegalArgumentException} (and no change) when a size limit is exceeded. */
  public WriteBatch put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Limits.checkKey(key);
    Limits.checkValue(value);
    long need =
        1L
            + Coding.varintLength(key.length)
            + key.length
            + Coding.varintLength(value.length)
            + value.length;
    ensure(need);
    rep[size++] = (byte) ValueKind.PUT;
    size = Coding.putVarint(rep, size, key.length);
    System.arraycopy(key, 0, rep, size, key.length);
    size += key.length;
    size = Coding.putVarint(rep, size, value.length);
    System.arraycopy(value, 0, rep, size, value.length);
    size += value.length;
    count++;
    return this;
  }

  /** Adds a delete. {@link IllegalArgumentException} (and no change) when the key is too large. */
  public WriteBatch delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    Limits.checkKey(key);
    ensure(1L + Coding.varintLength(key.length) + key.length);
    rep[size++] = (byte) ValueKind.DELETE;
    size = Coding.putVarint(rep, size, key.length);
    System.arraycopy(key, 0, rep, size, key.length);
    size += key.length;
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
    if (rep.length > 1 << 20) {
      rep = new byte[64];
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
