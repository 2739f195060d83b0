package org.cairndb.internal.sstable;

import java.util.Arrays;
import org.cairndb.CorruptionException;
import org.cairndb.internal.cache.Recyclable;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Coding;

/**
 * A decoded, checksum-verified block in the data-block format of {@link TableFormat}: the contents
 * plus a validated restart array. Entries are parsed lazily, and every entry parse is
 * bounds-checked (varints, {@code shared} against the previous user key, {@code unshared >= 8},
 * lengths against the end of the entries), so a damaged block yields a {@link CorruptionException}
 * naming the file, never another exception or an out-of-range read.
 *
 * <p>Immutable and thread-safe once constructed (blocks are shared through the block cache). It
 * owns {@code data}, which may be longer than the contents (a read buffer still holding the block
 * trailer). A block is created pinned for its reader, and every holder unpins it when done (see
 * {@link Recyclable}): a cached block's array is reused for another block once it is evicted and
 * unpinned.
 */
final class Block extends Recyclable {
  final byte[] data;

  /** End of the entries = start of the restart array. */
  final int limit;

  final int numRestarts;
  final String fileName;
  final long fileOffset;

  private Block(byte[] data, int limit, int numRestarts, String fileName, long fileOffset) {
    this.data = data;
    this.limit = limit;
    this.numRestarts = numRestarts;
    this.fileName = fileName;
    this.fileOffset = fileOffset;
  }

  /** Validates the restart array of {@code data[0, len)} and wraps it without copying. */
  static Block decode(byte[] data, int len, String fileName, long fileOffset) {
    if (len < 4 || len > data.length) {
      throw new CorruptionException(
          fileName, "block of " + len + " bytes too short at offset " + fileOffset);
    }
    int n = Coding.getInt(data, len - 4);
    if (n < 0 || n > (len - 4) / 4) {
      throw new CorruptionException(
          fileName,
          "restart count "
              + Integer.toUnsignedString(n)
              + " does not fit block of "
              + len
              + " bytes at offset "
              + fileOffset);
    }
    int limit = len - 4 - 4 * n;
    if (n == 0 && limit != 0) {
      throw new CorruptionException(
          fileName, "block with entries but no restart points at offset " + fileOffset);
    }
    int prev = -1;
    for (int i = 0; i < n; i++) {
      int r = Coding.getInt(data, limit + 4 * i);
      if ((i == 0 ? r != 0 : r <= prev) || r >= limit) {
        throw new CorruptionException(
            fileName, "bad restart point " + r + " in block at offset " + fileOffset);
      }
      prev = r;
    }
    return new Block(data, limit, n, fileName, fileOffset);
  }

  @Override
  protected byte[] array() {
    return data;
  }

  /** Bytes this block holds on the heap (for cache accounting). */
  int charge() {
    return data.length;
  }

  int restartPoint(int i) {
    return Coding.getInt(data, limit + 4 * i);
  }

  CorruptionException corrupt(String what, int pos) {
    return new CorruptionException(
        fileName, what + " at byte " + pos + " of block at offset " + fileOffset);
  }

  /**
   * Reads an unsigned varint32 at {@code p}, not past {@code limit}. Returns {@code value << 32 |
   * newPosition}, or -1 when truncated or out of int range: two results with no allocation.
   */
  static long varint32(byte[] d, int p, int limit) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      if (p >= limit) {
        return -1;
      }
      int b = d[p++] & 0xFF;
      if (shift == 28) {
        if (b > 7) {
          return -1;
        }
        v |= b << 28;
        break;
      }
      v |= (b & 0x7F) << shift;
      if (b < 0x80) {
        break;
      }
    }
    return ((long) v << 32) | p;
  }

  /**
   * Locates the key of the entry at restart {@code i} (which must not share bytes), validating its
   * header. Returns {@code keyStart << 32 | keyLength}: two results without allocation.
   */
  private long restartKey(int i) {
    byte[] d = data;
    int p = restartPoint(i);
    int shared;
    int unshared;
    int valueLen;
    if (p + 3 <= limit && (d[p] | d[p + 1] | d[p + 2]) >= 0) {
      shared = d[p];
      unshared = d[p + 1];
      valueLen = d[p + 2];
      p += 3;
    } else {
      long v = varint32(d, p, limit);
      long u = v < 0 ? -1 : varint32(d, (int) v, limit);
      long w = u < 0 ? -1 : varint32(d, (int) u, limit);
      if (w < 0) {
        throw corrupt("bad entry header", p);
      }
      shared = (int) (v >>> 32);
      unshared = (int) (u >>> 32);
      valueLen = (int) (w >>> 32);
      p = (int) w;
    }
    if (shared != 0
        || unshared < InternalKey.TRAILER_BYTES
        || (long) unshared + valueLen > limit - p) {
      throw corrupt("bad restart entry", p);
    }
    return ((long) p << 32) | unshared;
  }

  /**
   * Compares the key at restart {@code i} with {@code userKey || targetTrailer}, in place. The
   * trailer must be a positive long (see {@link TableFormat#MAX_LOOKUP_SEQUENCE}).
   */
  private int compareRestartKey(int i, byte[] userKey, long targetTrailer) {
    long k = restartKey(i);
    int p = (int) (k >>> 32);
    int userEnd = p + (int) k - InternalKey.TRAILER_BYTES;
    int c = Arrays.compareUnsigned(data, p, userEnd, userKey, 0, userKey.length);
    if (c != 0) {
      return c;
    }
    return Long.compare(targetTrailer, Coding.getLong(data, userEnd));
  }

  /** Compares the key at restart {@code i} with the internal key {@code target}, in place. */
  int compareRestartKey(int i, byte[] target) {
    long k = restartKey(i);
    return InternalKey.compare(data, (int) (k >>> 32), (int) k, target, 0, target.length);
  }

  /** Length of the common prefix of {@code a[aOff, aOff+len)} and {@code b[bOff, bOff+len)}. */
  private static int commonPrefix(byte[] a, int aOff, byte[] b, int bOff, int len) {
    if (len >= 16) {
      int mm = Arrays.mismatch(a, aOff, aOff + len, b, bOff, bOff + len);
      return mm < 0 ? len : mm;
    }
    // Deltas after prefix compression are mostly a few bytes: a plain loop beats the intrinsic.
    int i = 0;
    while (i < len && a[aOff + i] == b[bOff + i]) {
      i++;
    }
    return i;
  }

  /**
   * Point lookup: the value of the first entry whose internal key is {@code >= userKey ||
   * targetTrailer} if that entry has this user key, as a fresh copy, {@link Lookup#DELETED} if it
   * is a tombstone, or null. Allocates nothing but the returned value.
   *
   * <p>The linear scan never rebuilds keys: it carries {@code match}, the length of the common
   * prefix of the previous user key and {@code userKey}, and {@code diff}, the previous user key's
   * byte at {@code match}. An entry sharing more than {@code match} bytes with its predecessor has
   * the same common prefix and the same differing byte; otherwise only its unshared bytes need
   * comparing.
   */
  byte[] get(byte[] userKey, long targetTrailer) {
    int n = numRestarts;
    if (n == 0) {
      return null;
    }
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (compareRestartKey(mid, userKey, targetTrailer) < 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    byte[] d = data;
    int lim = limit;
    int tLen = userKey.length;
    int p = restartPoint(lo);
    int prevUserLen = 0;
    int match = 0;
    int diff = 0;
    while (p < lim) {
      int entry = p;
      int shared;
      int unshared;
      int valueLen;
      if (p + 3 <= lim && (d[p] | d[p + 1] | d[p + 2]) >= 0) {
        shared = d[p];
        unshared = d[p + 1];
        valueLen = d[p + 2];
        p += 3;
      } else {
        long v = varint32(d, p, lim);
        if (v < 0) {
          throw corrupt("bad entry header", entry);
        }
        shared = (int) (v >>> 32);
        v = varint32(d, (int) v, lim);
        if (v < 0) {
          throw corrupt("bad entry header", entry);
        }
        unshared = (int) (v >>> 32);
        v = varint32(d, (int) v, lim);
        if (v < 0) {
          throw corrupt("bad entry header", entry);
        }
        valueLen = (int) (v >>> 32);
        p = (int) v;
      }
      if (shared > prevUserLen
          || unshared < InternalKey.TRAILER_BYTES
          || (long) unshared + valueLen > lim - p) {
        throw corrupt("bad entry", entry);
      }
      int deltaUserLen = unshared - InternalKey.TRAILER_BYTES;
      int userLen = shared + deltaUserLen;
      if (shared <= match) {
        // The first `shared` bytes equal the previous key's, which equal userKey's.
        int mm = commonPrefix(d, p, userKey, shared, Math.min(deltaUserLen, tLen - shared));
        match = shared + mm;
        if (mm < deltaUserLen) {
          diff = d[p + mm] & 0xFF;
        }
      }
      int c =
          match < userLen && match < tLen
              ? diff - (userKey[match] & 0xFF)
              : Integer.compare(userLen, tLen);
      if (c > 0) {
        return null;
      }
      int valueStart = p + unshared;
      if (c == 0) {
        long trailer = Coding.getLong(d, p + deltaUserLen);
        if (trailer <= targetTrailer) {
          int kind = (int) trailer & 0xFF;
          if (kind == ValueKind.PUT) {
            return Arrays.copyOfRange(d, valueStart, valueStart + valueLen);
          }
          if (kind == ValueKind.DELETE) {
            return Lookup.DELETED;
          }
          throw corrupt("unknown value kind " + kind, entry);
        }
      }
      prevUserLen = userLen;
      p = valueStart + valueLen;
    }
    return null;
  }
}
