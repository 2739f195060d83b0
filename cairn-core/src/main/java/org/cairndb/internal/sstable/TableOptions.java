package org.cairndb.internal.sstable;

import java.util.Objects;
import org.cairndb.Compression;

/**
 * How a {@link TableBuilder} lays out a table. Immutable; validated on construction.
 *
 * @param blockSize target uncompressed size of a data block in bytes, 1..4 MiB (default 4096); a
 *     block is closed once it reaches this size, so one large entry makes one larger block
 * @param restartInterval entries between restart points in data blocks, 1..1024 (default 16)
 * @param bloomBitsPerKey Bloom filter bits per distinct user key, 0..64; 0 writes no filter
 *     (default 10, about 1% false positives)
 * @param compression codec tried on each data block (default LZ4)
 */
public record TableOptions(
    int blockSize, int restartInterval, int bloomBitsPerKey, Compression compression) {
  public static final int DEFAULT_BLOCK_SIZE = 4096;
  public static final int DEFAULT_RESTART_INTERVAL = 16;
  public static final int DEFAULT_BLOOM_BITS_PER_KEY = 10;
  public static final int MAX_RESTART_INTERVAL = 1024;
  public static final int MAX_BLOOM_BITS_PER_KEY = 64;

  public TableOptions {
    Objects.requireNonNull(compression, "compression");
    if (blockSize < 1 || blockSize > TableFormat.MAX_BLOCK_SIZE_OPTION) {
      throw new IllegalArgumentException(
          "blockSize " + blockSize + " not in [1, " + TableFormat.MAX_BLOCK_SIZE_OPTION + "]");
    }
    if (restartInterval < 1 || restartInterval > MAX_RESTART_INTERVAL) {
      throw new IllegalArgumentException(
          "restartInterval " + restartInterval + " not in [1, " + MAX_RESTART_INTERVAL + "]");
    }
    if (bloomBitsPerKey < 0 || bloomBitsPerKey > MAX_BLOOM_BITS_PER_KEY) {
      throw new IllegalArgumentException(
          "bloomBitsPerKey " + bloomBitsPerKey + " not in [0, " + MAX_BLOOM_BITS_PER_KEY + "]");
    }
  }

  /** The defaults: 4 KiB blocks, restarts every 16 entries, 10 bloom bits per key, LZ4. */
  public static TableOptions defaults() {
    return new TableOptions(
        DEFAULT_BLOCK_SIZE, DEFAULT_RESTART_INTERVAL, DEFAULT_BLOOM_BITS_PER_KEY, Compression.LZ4);
  }

  public TableOptions withBlockSize(int size) {
    return new TableOptions(size, restartInterval, bloomBitsPerKey, compression);
  }

  public TableOptions withRestartInterval(int interval) {
    return new TableOptions(blockSize, interval, bloomBitsPerKey, compression);
  }

  public TableOptions withBloomBitsPerKey(int bits) {
    return new TableOptions(blockSize, restartInterval, bits, compression);
  }

  public TableOptions withCompression(Compression c) {
    return new TableOptions(blockSize, restartInterval, bloomBitsPerKey, c);
  }
}
