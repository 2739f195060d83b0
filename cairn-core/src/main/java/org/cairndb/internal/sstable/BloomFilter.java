package org.cairndb.internal.sstable;

import java.util.Arrays;
import org.cairndb.CorruptionException;
import org.cairndb.internal.util.Coding;

/**
 * A cache-line-blocked Bloom filter over user keys, decoded from a filter block (layout in {@link
 * TableFormat}): every probe for one key falls into the same 64-byte block, so a lookup touches one
 * or two cache lines whatever the number of probes. Immutable after construction and thread-safe;
 * it owns its byte array. {@link Builder} writes one.
 */
final class BloomFilter {
  static final int BLOCK_BYTES = 64;
  private static final int GOLDEN32 = 0x9E3779B9;

  private final byte[] bits;
  private final int numBlocks;
  private final int probes;

  private BloomFilter(byte[] bits, int numBlocks, int probes) {
    this.bits = bits;
    this.numBlocks = numBlocks;
    this.probes = probes;
  }

  /** Heap bytes the filter holds, as charged to a memory budget. */
  long memoryBytes() {
    return 32L + bits.length;
  }

  /** Decodes the filter block {@code data[0, len)}; {@code data} is kept, not copied. */
  static BloomFilter decode(byte[] data, int len, String fileName, long fileOffset) {
    if (len < TableFormat.FILTER_TRAILER_BYTES) {
      throw new CorruptionException(
          fileName, "filter block too short (" + len + " bytes) at offset " + fileOffset);
    }
    int kind = data[len - 6] & 0xFF;
    int k = data[len - 5] & 0xFF;
    int blocks = Coding.getInt(data, len - 4);
    if (kind != TableFormat.FILTER_KIND_BLOCKED_BLOOM) {
      throw new CorruptionException(
          fileName, "unknown filter kind " + kind + " at offset " + fileOffset);
    }
    if (k < 1 || k > TableFormat.FILTER_MAX_PROBES) {
      throw new CorruptionException(
          fileName, "bad filter probe count " + k + " at offset " + fileOffset);
    }
    if (blocks < 1 || (long) blocks * BLOCK_BYTES != len - TableFormat.FILTER_TRAILER_BYTES) {
      throw new CorruptionException(
          fileName,
          "filter block count "
              + Integer.toUnsignedString(blocks)
              + " does not match its size "
              + len
              + " at offset "
              + fileOffset);
    }
    return new BloomFilter(data, blocks, k);
  }

  /** Probes derived from bits per key: about 0.6 * bitsPerKey, which suits 512-bit blocks. */
  static int probesFor(int bitsPerKey) {
    return Math.max(1, Math.min(24, (bitsPerKey * 3 + 2) / 5));
  }

  boolean mayContain(byte[] userKey) {
    return mayContainHash(KeyHash.hash(userKey));
  }

  boolean mayContainHash(long h) {
    int base = blockStart(h, numBlocks);
    int x = (int) h;
    byte[] b = bits;
    for (int i = probes; i > 0; i--) {
      int bit = x >>> 23;
      if ((b[base + (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
      x *= GOLDEN32;
    }
    return true;
  }

  /** Byte offset of the 64-byte block for hash {@code h}: a multiply-shift range reduction. */
  private static int blockStart(long h, int numBlocks) {
    return (int) (((h >>> 32) * numBlocks) >>> 32) * BLOCK_BYTES;
  }

  /**
   * Collects user-key hashes and writes a filter block. Not thread-safe; owned by one {@link
   * TableBuilder}.
   */
  static final class Builder {
    private final int bitsPerKey;
    private long[] hashes = new long[256];
    private int count;

    Builder(int bitsPerKey) {
      if (bitsPerKey <= 0) {
        throw new IllegalArgumentException("bitsPerKey must be positive: " + bitsPerKey);
      }
      this.bitsPerKey = bitsPerKey;
    }

    /** Adds one distinct user key (callers skip repeats of the same key). */
    void addKey(byte[] key, int off, int len) {
      if (count == hashes.length) {
        hashes = Arrays.copyOf(hashes, hashes.length * 2);
      }
      hashes[count++] = KeyHash.hash(key, off, len);
    }

    int keyCount() {
      return count;
    }

    /** Bytes {@link #finish} will produce. */
    long estimatedSize() {
      return blocksFor(count) * BLOCK_BYTES + TableFormat.FILTER_TRAILER_BYTES;
    }

    private long blocksFor(int keys) {
      long totalBits = (long) keys * bitsPerKey;
      return Math.max(1, (totalBits + 511) / 512);
    }

    /**
     * Returns the filter block contents. Throws {@link IllegalStateException} if the filter would
     * exceed the meta-block limit (callers cut tables long before).
     */
    byte[] finish() {
      long blocks = blocksFor(count);
      long size = blocks * BLOCK_BYTES + TableFormat.FILTER_TRAILER_BYTES;
      if (size > TableFormat.MAX_META_BLOCK_BYTES) {
        throw new IllegalStateException("filter of " + count + " keys too large: " + size);
      }
      int nb = (int) blocks;
      int k = probesFor(bitsPerKey);
      byte[] out = new byte[(int) size];
      for (int i = 0; i < count; i++) {
        long h = hashes[i];
        int base = blockStart(h, nb);
        int x = (int) h;
        for (int p = 0; p < k; p++) {
          int bit = x >>> 23;
          out[base + (bit >>> 3)] |= (byte) (1 << (bit & 7));
          x *= GOLDEN32;
        }
      }
      int t = nb * BLOCK_BYTES;
      out[t] = (byte) TableFormat.FILTER_KIND_BLOCKED_BLOOM;
      out[t + 1] = (byte) k;
      Coding.putInt(out, t + 2, nb);
      return out;
    }
  }
}
