package org.cairndb.bench;

import java.util.List;
import java.util.Locale;

/** The common setting names of the settings table, in print order. */
final class Settings {
  static final String ENGINE = "engine";
  static final String MEMTABLE = "write buffer (memtable) size";
  static final String MEMTABLES = "memtables before writes stall";
  static final String CACHE = "block cache";
  static final String BLOCK_SIZE = "block size";
  static final String BLOOM = "bloom filter";
  static final String COMPRESSION = "compression";
  static final String WAL = "WAL / sync";
  static final String THREADS = "background threads";
  static final String STYLE = "compaction style";
  static final String L0 = "L0 compaction trigger / slowdown / stop";
  static final String LEVELS = "level sizing";
  static final String FILE_SIZE = "target file size";
  static final String INDEX = "index and filter blocks";
  static final String OPEN_FILES = "table files kept open";
  static final String IO = "table file reads";
  static final String CHECKSUMS = "checksums on read";
  static final String COMPACT = "compact (full compaction)";
  static final String WRITE_AMP = "write amplification";

  static final List<String> ROWS =
      List.of(
          ENGINE,
          MEMTABLE,
          MEMTABLES,
          CACHE,
          BLOCK_SIZE,
          BLOOM,
          COMPRESSION,
          WAL,
          THREADS,
          STYLE,
          L0,
          LEVELS,
          FILE_SIZE,
          INDEX,
          OPEN_FILES,
          IO,
          CHECKSUMS,
          COMPACT,
          WRITE_AMP);

  private Settings() {}

  /** {@code 67108864} as {@code 64 MiB}; exact byte counts otherwise. */
  static String bytes(long n) {
    if (n >= (1L << 30) && n % (1L << 30) == 0) {
      return (n >> 30) + " GiB";
    }
    if (n >= (1L << 20) && n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n >= (1L << 10) && n % (1L << 10) == 0) {
      return (n >> 10) + " KiB";
    }
    return String.format(Locale.ROOT, "%,d B", n);
  }
}
