package org.cairndb.internal.sstable;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.internal.util.Coding;

/**
 * Block compression through aircompressor's pure-Java codecs (no native code). A compressed block
 * is stored as {@code varint32 uncompressedLength || payload}, so decompression allocates exactly
 * the right, bounded buffer.
 *
 * <p>Instances (compressors) are not thread-safe: each {@link TableBuilder} owns one. The static
 * {@link #decompress} is thread-safe: LZ4 and Snappy decompressors are stateless and shared, the
 * stateful Zstandard one is per thread.
 */
final class BlockCompression {
  private static final Lz4Decompressor LZ4 = new Lz4Decompressor();
  private static final SnappyDecompressor SNAPPY = new SnappyDecompressor();
  private static final ThreadLocal<ZstdDecompressor> ZSTD =
      ThreadLocal.withInitial(ZstdDecompressor::new);

  private final Compression compression;
  private final Compressor compressor;
  private byte[] out = new byte[0];

  BlockCompression(Compression compression) {
    this.compression = compression;
    this.compressor = newCompressor(compression);
  }

  private static Compressor newCompressor(Compression c) {
    return switch (c) {
      case LZ4 -> new Lz4Compressor();
      case ZSTD -> new ZstdCompressor();
      case SNAPPY -> new SnappyCompressor();
      case NONE -> null;
    };
  }

  /**
   * Compresses {@code src[0, len)} into {@link #buffer()}, leaving {@link
   * TableFormat#BLOCK_TRAILER_SIZE} spare bytes after it. Returns the stored length, or -1 when
   * compression is off or saves less than 12.5% (the block is then stored uncompressed).
   */
  int compress(byte[] src, int len) {
    if (compressor == null) {
      return -1;
    }
    int header = Coding.varintLength(len);
    long needed =
        (long) header + compressor.maxCompressedLength(len) + TableFormat.BLOCK_TRAILER_SIZE;
    if (needed > Integer.MAX_VALUE - 16) {
      return -1;
    }
    if (out.length < needed) {
      out = new byte[(int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * out.length))];
    }
    int p = Coding.putVarint(out, 0, len);
    int n = compressor.compress(src, 0, len, out, p, out.length - p);
    int stored = p + n;
    if (stored > len - (len >>> 3)) {
      return -1;
    }
    return stored;
  }

  byte[] buffer() {
    return out;
  }

  Compression compression() {
    return compression;
  }

  /**
   * Decompresses the stored bytes {@code src[0, len)} of a block whose trailer names codec {@code
   * id} (not 0). The uncompressed length must be at most {@code maxLen} and be produced exactly.
   */
  static byte[] decompress(
      int id, byte[] src, int len, int maxLen, String fileName, long fileOffset) {
    Compression c = Compression.fromId(id);
    if (c == null || c == Compression.NONE) {
      throw new CorruptionException(
          fileName, "unknown compression id " + id + " of block at offset " + fileOffset);
    }
    long v = Block.varint32(src, 0, len);
    if (v < 0) {
      throw new CorruptionException(
          fileName, "bad uncompressed length of block at offset " + fileOffset);
    }
    int ulen = (int) (v >>> 32);
    int p = (int) v;
    if (ulen > maxLen) {
      throw new CorruptionException(
          fileName,
          "uncompressed length " + ulen + " over the limit of block at offset " + fileOffset);
    }
    // No codec expands its payload beyond a fixed ratio: an LZ4 sequence yields at most 255 bytes
    // per input byte, a Snappy copy at most 64 bytes from 3. A damaged length claiming more is
    // refused before the output array is allocated, so that a few stored bytes cannot demand the
    // 80 MiB maximum. Zstandard (run-length blocks) has no useful bound; the maximum applies.
    long payload = (long) len - p;
    long bound =
        switch (c) {
          case LZ4 -> 255 * payload + 64;
          case SNAPPY -> 22 * payload + 64;
          default -> Long.MAX_VALUE;
        };
    if (ulen > bound) {
      throw new CorruptionException(
          fileName,
          "uncompressed length "
              + ulen
              + " impossible for "
              + payload
              + " bytes of "
              + c
              + " in block at offset "
              + fileOffset);
    }
    Decompressor d =
        switch (c) {
          case LZ4 -> LZ4;
          case SNAPPY -> SNAPPY;
          default -> ZSTD.get();
        };
    byte[] dst = new byte[ulen];
    int n;
    try {
      n = d.decompress(src, p, len - p, dst, 0, ulen);
    } catch (RuntimeException e) {
      // MalformedInputException, or whatever else a codec throws on input it cannot parse.
      throw new CorruptionException(
          fileName,
          c + " decompression failed for block at offset " + fileOffset + ": " + e.getMessage(),
          e);
    }
    if (n != ulen) {
      throw new CorruptionException(
          fileName,
          c
              + " block at offset "
              + fileOffset
              + " decompressed to "
              + n
              + " bytes, expected "
              + ulen);
    }
    return dst;
  }
}
