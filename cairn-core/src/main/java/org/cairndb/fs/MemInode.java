package org.cairndb.fs;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * The contents of one {@link MemVfs} file, independent of the names that point at it (a rename
 * moves the inode; a deleted inode lives on while handles use it). Tracks {@code syncedLength}: the
 * prefix covered by the last {@link #sync()}, which is what survives power loss.
 *
 * <p>Invariant: {@code 0 <= syncedLength <= length <= data.length}. Thread-safe: every method
 * synchronizes on the inode, and no method calls out while holding the monitor.
 */
final class MemInode {
  /** Largest file {@link MemVfs} holds; arrays cannot grow beyond this safely. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

  private static final byte[] EMPTY = new byte[0];

  private byte[] data = EMPTY;
  private int length;
  private int syncedLength;

  synchronized void append(byte[] src, int off, int len) throws IOException {
    if (len > MAX_LENGTH - length) {
      throw new IOException("MemVfs file would exceed " + MAX_LENGTH + " bytes");
    }
    ensureCapacity(length + len);
    System.arraycopy(src, off, data, length, len);
    length += len;
  }

  synchronized void sync() {
    syncedLength = length;
  }

  synchronized long length() {
    return length;
  }

  synchronized long syncedLength() {
    return syncedLength;
  }

  synchronized void read(long position, byte[] dst, int off, int len, String name)
      throws EOFException {
    if (position < 0) {
      throw new EOFException("negative position " + position + " in " + name);
    }
    if (position > length - (long) len) {
      throw new EOFException(
          "end of file " + name + " (" + length + " bytes) reading " + len + " at " + position);
    }
    System.arraycopy(data, (int) position, dst, off, len);
  }

  /** Cuts the file to {@code newLength}; the cut is treated as immediately durable. */
  synchronized void truncate(long newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException(
          "cannot truncate a " + length + "-byte file to " + newLength);
    }
    Arrays.fill(data, (int) newLength, length, (byte) 0);
    length = (int) newLength;
    syncedLength = Math.min(syncedLength, length);
  }

  /** Overwrites bytes in place (damage), possibly extending the file; sync state is unchanged. */
  synchronized void overwrite(long offset, byte[] src) {
    if (offset < 0 || offset > length || src.length > MAX_LENGTH - offset) {
      throw new IllegalArgumentException(
          "cannot write " + src.length + " bytes at " + offset + " of a " + length + "-byte file");
    }
    int end = (int) offset + src.length;
    ensureCapacity(end);
    System.arraycopy(src, 0, data, (int) offset, src.length);
    length = Math.max(length, end);
  }

  synchronized void flipBit(long offset, int bit) {
    if (offset < 0 || offset >= length || bit < 0 || bit > 7) {
      throw new IllegalArgumentException(
          "cannot flip bit " + bit + " at " + offset + " of a " + length + "-byte file");
    }
    data[(int) offset] ^= (byte) (1 << bit);
  }

  synchronized byte[] contents() {
    return Arrays.copyOf(data, length);
  }

  /** An exact copy, sync state included (what a process crash leaves behind). */
  synchronized MemInode copy() {
    return copyOf(length, syncedLength);
  }

  /**
   * What survives power loss: the synced prefix plus, when {@code rnd} is given, a random prefix of
   * the unsynced tail (a torn write). The copy is fully synced, as everything left after a reboot
   * is on disk.
   */
  synchronized MemInode crashCopy(Random rnd) {
    int keep = syncedLength;
    int unsynced = length - syncedLength;
    if (rnd != null && unsynced > 0) {
      // Weight the two extremes (nothing survives / everything survives) as much as all the
      // intermediate lengths together, so tests see both often.
      keep =
          switch (rnd.nextInt(3)) {
            case 0 -> syncedLength;
            case 1 -> length;
            default -> syncedLength + rnd.nextInt(unsynced + 1);
          };
    }
    return copyOf(keep, keep);
  }

  private MemInode copyOf(int newLength, int newSynced) {
    MemInode copy = new MemInode();
    copy.data = Arrays.copyOf(data, newLength);
    copy.length = newLength;
    copy.syncedLength = newSynced;
    return copy;
  }

  private void ensureCapacity(int needed) {
    if (needed > data.length) {
      long grown = Math.max(needed, Math.max(64L, 2L * data.length));
      data = Arrays.copyOf(data, (int) Math.min(grown, MAX_LENGTH));
    }
  }
}
