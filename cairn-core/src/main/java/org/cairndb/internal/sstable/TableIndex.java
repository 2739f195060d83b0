package org.cairndb.internal.sstable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.util.Coding;
import org.cairndb.internal.util.DecodeException;

/**
 * A table's decoded index: for each data block its separator key and handle, held in flat arrays so
 * a lookup is one allocation-free binary search over all blocks. The separator keys stay inside the
 * index block's byte array (the index format forbids prefix sharing, so each key is stored whole);
 * only offsets are decoded.
 *
 * <p>Point lookups mostly compare longs: the user keys of all separators but the last share the
 * prefix of the first and the second-to-last one ({@code commonLen} bytes), so the index keeps, per
 * separator, the next 8 user-key bytes as a big-endian word ({@code words}, zero-padded). Distinct
 * words order like their keys; only equal words need the byte-wise comparison. The last separator
 * is left out because the writer makes it a short successor of the table's last key, which usually
 * shares nothing with the others.
 *
 * <p>Decoding validates everything: entry structure, separators strictly increasing, each data
 * block handle inside the data region, in file order and not overlapping, of a size within {@link
 * TableFormat#MAX_BLOCK_BYTES}. Immutable and thread-safe after construction.
 */
final class TableIndex {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] data;
  private final int[] keyStart;
  private final int[] keyLen;
  private final long[] blockOffset;
  private final int[] blockSize;
  private final int count;
  private final long[] words;
  private final int commonLen;

  private TableIndex(
      byte[] data, int[] keyStart, int[] keyLen, long[] blockOffset, int[] blockSize) {
    this.data = data;
    this.keyStart = keyStart;
    this.keyLen = keyLen;
    this.blockOffset = blockOffset;
    this.blockSize = blockSize;
    this.count = keyStart.length;
    int common = 0;
    int searched = Math.max(0, count - 1);
    if (searched > 0) {
      int firstLen = keyLen[0] - InternalKey.TRAILER_BYTES;
      int lastLen = keyLen[searched - 1] - InternalKey.TRAILER_BYTES;
      int s = keyStart[0];
      int t = keyStart[searched - 1];
      int mm = Arrays.mismatch(data, s, s + firstLen, data, t, t + lastLen);
      common = mm < 0 ? Math.min(firstLen, lastLen) : mm;
    }
    this.commonLen = common;
    this.words = new long[searched];
    for (int i = 0; i < searched; i++) {
      int userLen = keyLen[i] - InternalKey.TRAILER_BYTES;
      words[i] = word(data, keyStart[i] + common, userLen - common);
    }
  }

  /** Heap bytes this index holds (its arrays and their headers), as charged to a memory budget. */
  long memoryBytes() {
    return 96L + data.length + 20L * count + 8L * words.length;
  }

  /** Up to 8 bytes at {@code b[off]} ({@code avail} of them exist) as a big-endian word. */
  private static long word(byte[] b, int off, int avail) {
    if (avail >= 8) {
      return (long) BIG_ENDIAN_LONG.get(b, off);
    }
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | (i < avail ? b[off + i] & 0xFF : 0);
    }
    return w;
  }

  /**
   * Decodes the index block {@code data[0, len)}; every data block must end (with its trailer) at
   * or before {@code dataLimit}.
   */
  static TableIndex decode(byte[] data, int len, long dataLimit, String fileName, long fileOffset) {
    Block block = Block.decode(data, len, fileName, fileOffset);
    int n = block.numRestarts;
    int limit = block.limit;
    int[] starts = new int[n];
    int[] lens = new int[n];
    long[] offsets = new long[n];
    int[] sizes = new int[n];
    int p = 0;
    long prevEnd = 0;
    int i = 0;
    while (p < limit) {
      if (i == n || block.restartPoint(i) != p) {
        throw block.corrupt("index entry is not a restart point", p);
      }
      int entry = p;
      long v = Block.varint32(data, p, limit);
      long u = v < 0 ? -1 : Block.varint32(data, (int) v, limit);
      long w = u < 0 ? -1 : Block.varint32(data, (int) u, limit);
      if (w < 0) {
        throw block.corrupt("bad index entry header", entry);
      }
      int shared = (int) (v >>> 32);
      int unshared = (int) (u >>> 32);
      int valueLen = (int) (w >>> 32);
      p = (int) w;
      if (shared != 0
          || unshared < InternalKey.TRAILER_BYTES
          || (long) unshared + valueLen > limit - p) {
        throw block.corrupt("bad index entry", entry);
      }
      starts[i] = p;
      lens[i] = unshared;
      if (i > 0 && InternalKey.compare(data, starts[i - 1], lens[i - 1], data, p, unshared) >= 0) {
        throw block.corrupt("index keys out of order", entry);
      }
      int valueStart = p + unshared;
      int valueEnd = valueStart + valueLen;
      int[] pos = {valueStart};
      long offset;
      long size;
      try {
        offset = Coding.getVarint64(data, pos, valueEnd);
        size = Coding.getVarint64(data, pos, valueEnd);
      } catch (DecodeException e) {
        throw block.corrupt("bad block handle", entry);
      }
      if (pos[0] != valueEnd
          || offset < prevEnd
          || size < 0
          || size > TableFormat.MAX_BLOCK_BYTES
          || offset > dataLimit - TableFormat.BLOCK_TRAILER_SIZE - size) {
        throw block.corrupt("bad block handle", entry);
      }
      offsets[i] = offset;
      sizes[i] = (int) size;
      prevEnd = offset + size + TableFormat.BLOCK_TRAILER_SIZE;
      p = valueEnd;
      i++;
    }
    if (i != n) {
      throw new CorruptionException(
          fileName, "index has " + i + " entries but " + n + " restarts at offset " + fileOffset);
    }
    return new TableIndex(data, starts, lens, offsets, sizes);
  }

  int size() {
    return count;
  }

  long blockOffset(int i) {
    return blockOffset[i];
  }

  int blockSize(int i) {
    return blockSize[i];
  }

  /**
   * The first block whose separator is {@code >= userKey || targetTrailer}; size() if none. The
   * trailer must be a positive long (see {@link TableFormat#MAX_LOOKUP_SEQUENCE}).
   */
  int find(byte[] userKey, long targetTrailer) {
    int last = count - 1;
    if (last < 0) {
      return 0;
    }
    if (last > 0) {
      int i = findAmongFirst(userKey, targetTrailer, last);
      if (i < last) {
        return i;
      }
    }
    return compare(last, userKey, targetTrailer) >= 0 ? last : count;
  }

  /** Like {@link #find(byte[], long)} over separators {@code [0, n)} with {@code n = count - 1}. */
  private int findAmongFirst(byte[] userKey, long targetTrailer, int n) {
    byte[] d = data;
    int tLen = userKey.length;
    int common = commonLen;
    if (common > 0) {
      // Each of these separators' user keys starts with the same `common` bytes.
      int s = keyStart[0];
      int c = Arrays.compareUnsigned(userKey, 0, Math.min(tLen, common), d, s, s + common);
      if (c != 0 || tLen < common) {
        return c > 0 ? n : 0;
      }
    }
    long tw = word(userKey, common, tLen - common);
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = Long.compareUnsigned(words[mid], tw);
      if (c == 0) {
        c = compare(mid, userKey, targetTrailer);
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Compares separator {@code i} with {@code userKey || targetTrailer}. */
  private int compare(int i, byte[] userKey, long targetTrailer) {
    int s = keyStart[i];
    int userEnd = s + keyLen[i] - InternalKey.TRAILER_BYTES;
    int c = Arrays.compareUnsigned(data, s, userEnd, userKey, 0, userKey.length);
    return c != 0 ? c : Long.compare(targetTrailer, Coding.getLong(data, userEnd));
  }

  /**
   * The first block whose separator is {@code >= target} (an internal key, in {@link
   * InternalKey#compare} order); size() if none.
   */
  int find(byte[] target) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (InternalKey.compare(data, keyStart[mid], keyLen[mid], target, 0, target.length) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
