package org.cairndb.internal.sstable;

import java.util.Arrays;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Coding;

/**
 * Builds one block in the data-block format of {@link TableFormat}: prefix-compressed internal-key
 * entries plus a restart array. The caller adds keys in strictly increasing internal-key order
 * (checked by {@link TableBuilder}). Not thread-safe; reused across blocks via {@link #reset}.
 *
 * <p>{@link #finish} leaves the contents in {@link #buffer()} with {@link
 * TableFormat#BLOCK_TRAILER_SIZE} spare bytes after them, so the writer can append the trailer in
 * place and write block plus trailer with one call.
 */
final class BlockBuilder {
  private final int restartInterval;
  private byte[] buf = new byte[1024];
  private int size;
  private int[] restarts = new int[16];
  private int numRestarts;
  private int sinceRestart;
  private int entries;
  private byte[] lastKey = new byte[64];
  private int lastUserKeyLen;
  private boolean finished;

  BlockBuilder(int restartInterval) {
    if (restartInterval < 1) {
      throw new IllegalArgumentException("restartInterval must be positive: " + restartInterval);
    }
    this.restartInterval = restartInterval;
  }

  void reset() {
    size = 0;
    numRestarts = 0;
    sinceRestart = 0;
    entries = 0;
    lastUserKeyLen = 0;
    finished = false;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  int entryCount() {
    return entries;
  }

  /** The size {@link #finish} would produce now. */
  long currentSize() {
    return finished ? size : size + 4L * numRestarts + 4;
  }

  /** Adds an entry; {@code key} is an internal key (at least 8 bytes). */
  void add(byte[] key, byte[] value) {
    add(key, value, 0, value.length);
  }

  /** Adds an entry whose value is {@code value[valueOff, valueOff+valueLen)}. */
  void add(byte[] key, byte[] value, int valueOff, int valueLen) {
    if (finished) {
      throw new IllegalStateException("block already finished");
    }
    int userLen = key.length - InternalKey.TRAILER_BYTES;
    int shared = 0;
    if (sinceRestart == restartInterval || entries == 0) {
      if (numRestarts == restarts.length) {
        restarts = Arrays.copyOf(restarts, restarts.length * 2);
      }
      restarts[numRestarts++] = size;
      sinceRestart = 0;
    } else {
      int n = Math.min(lastUserKeyLen, userLen);
      int mm = Arrays.mismatch(lastKey, 0, n, key, 0, n);
      shared = mm < 0 ? n : mm;
    }
    int unshared = key.length - shared;
    ensureCapacity(15L + unshared + valueLen);
    int p = size;
    p = Coding.putVarint(buf, p, shared);
    p = Coding.putVarint(buf, p, unshared);
    p = Coding.putVarint(buf, p, valueLen);
    System.arraycopy(key, shared, buf, p, unshared);
    p += unshared;
    System.arraycopy(value, valueOff, buf, p, valueLen);
    size = p + valueLen;
    if (lastKey.length < key.length) {
      lastKey = new byte[Math.max(key.length, lastKey.length * 2)];
    }
    System.arraycopy(key, 0, lastKey, 0, key.length);
    lastUserKeyLen = userLen;
    sinceRestart++;
    entries++;
  }

  /** Appends the restart array; returns the block length. Spare trailer room follows it. */
  int finish() {
    if (!finished) {
      ensureCapacity(4L * numRestarts + 4 + TableFormat.BLOCK_TRAILER_SIZE);
      for (int i = 0; i < numRestarts; i++) {
        Coding.putInt(buf, size, restarts[i]);
        size += 4;
      }
      Coding.putInt(buf, size, numRestarts);
      size += 4;
      finished = true;
    }
    return size;
  }

  byte[] buffer() {
    return buf;
  }

  private void ensureCapacity(long extra) {
    long needed = size + extra;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("block too large: " + needed + " bytes");
      }
      long grown = Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * buf.length));
      buf = Arrays.copyOf(buf, (int) grown);
    }
  }
}
