package org.cairndb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** RocksDB through its JNI binding (rocksdbjni). */
final class RocksDbEngine implements Engine {
  private static final int MAX_WRITE_BUFFER_NUMBER = 3;

  /** Bytes of a write batch's header (sequence and count), counted by BYTES_WRITTEN. */
  private static final int BATCH_HEADER_BYTES = 12;

  private final BenchConfig cfg;
  private LRUCache cache;
  private BloomFilter filter;
  private Options options;
  private WriteOptions writeOptions;
  private Statistics statistics;
  private RocksDB db;
  private Path dir;

  RocksDbEngine(BenchConfig cfg) {
    this.cfg = cfg;
    RocksDB.loadLibrary();
  }

  @Override
  public String name() {
    return "rocksdb";
  }

  @Override
  public String displayName() {
    return "RocksDB " + RocksDB.rocksdbVersion() + " (rocksdbjni)";
  }

  @Override
  public Map<String, String> settings() {
    boolean dynamic;
    long levelBase;
    long fileBase;
    int trigger;
    int slowdown;
    int stop;
    try (Options o = new Options()) {
      dynamic = o.levelCompactionDynamicLevelBytes();
      levelBase = o.maxBytesForLevelBase();
      fileBase = o.targetFileSizeBase();
      trigger = o.level0FileNumCompactionTrigger();
      slowdown = o.level0SlowdownWritesTrigger();
      stop = o.level0StopWritesTrigger();
    }
    Map<String, String> s = new LinkedHashMap<>();
    s.put(Settings.ENGINE, displayName());
    s.put(Settings.MEMTABLE, Settings.bytes(cfg.memtableBytes) + " (write_buffer_size)");
    s.put(
        Settings.MEMTABLES,
        "max_write_buffer_number=" + MAX_WRITE_BUFFER_NUMBER + " (1 active + 2 immutable)");
    s.put(Settings.CACHE, Settings.bytes(cfg.cacheBytes) + " LRUCache");
    s.put(Settings.BLOCK_SIZE, "4 KiB (block_size)");
    s.put(Settings.BLOOM, "10 bits/key, full filter (BloomFilter(10))");
    s.put(Settings.COMPRESSION, compressionType().name());
    s.put(Settings.WAL, "on, no fsync per write (sync=false, disableWAL=false)");
    s.put(
        Settings.THREADS,
        "max_background_jobs="
            + cfg.backgroundJobs()
            + " (--compaction-threads "
            + cfg.compactionThreads
            + " + 1)");
    s.put(Settings.STYLE, "leveled (kCompactionStyleLevel, default)");
    s.put(Settings.L0, trigger + " / " + slowdown + " / " + stop + " files (defaults)");
    s.put(
        Settings.LEVELS,
        "level_compaction_dynamic_level_bytes="
            + dynamic
            + " (default), max_bytes_for_level_base "
            + Settings.bytes(levelBase)
            + ", x10");
    s.put(Settings.FILE_SIZE, Settings.bytes(fileBase) + " (target_file_size_base)");
    s.put(Settings.INDEX, "held by the open table (cache_index_and_filter_blocks=false, default)");
    s.put(Settings.OPEN_FILES, "-1 = all (max_open_files, default)");
    s.put(Settings.IO, "pread (no mmap, no direct I/O: defaults)");
    s.put(Settings.CHECKSUMS, "verified on every block read from a file (default)");
    s.put(Settings.COMPACT, "compactRange() (flushes the memtable first)");
    s.put(
        Settings.WRITE_AMP,
        "Statistics: (WAL_FILE_BYTES + FLUSH_WRITE_BYTES + COMPACT_WRITE_BYTES) / (BYTES_WRITTEN"
            + " - 12 B batch header x (WRITE_DONE_BY_SELF + WRITE_DONE_BY_OTHER)), Cairn's"
            + " definition");
    return s;
  }

  @Override
  public void open(Path dir) throws java.io.IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    cache = new LRUCache(cfg.cacheBytes);
    filter = new BloomFilter(10);
    statistics = new Statistics();
    BlockBasedTableConfig table =
        new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter).setBlockSize(4096);
    options =
        new Options()
            .setCreateIfMissing(true)
            .setWriteBufferSize(cfg.memtableBytes)
            .setMaxWriteBufferNumber(MAX_WRITE_BUFFER_NUMBER)
            .setMaxBackgroundJobs(cfg.backgroundJobs())
            .setCompressionType(compressionType())
            .setStatistics(statistics)
            .setTableFormatConfig(table);
    writeOptions = new WriteOptions().setSync(false).setDisableWAL(false);
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      close();
      throw new IllegalStateException("RocksDB open failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    try {
      db.put(writeOptions, key, value);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public void delete(byte[] key) {
    try {
      db.delete(writeOptions, key);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public void writeBatch(byte[][] keys, byte[][] values, int count) {
    try (WriteBatch b = new WriteBatch(Engine.batchBytes(keys, values, count))) {
      for (int i = 0; i < count; i++) {
        if (values[i] == null) {
          b.delete(keys[i]);
        } else {
          b.put(keys[i], values[i]);
        }
      }
      db.write(writeOptions, b);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public Scanner newScanner() {
    RocksIterator it = db.newIterator();
    return new Scanner() {
      @Override
      public void seekToFirst() {
        it.seekToFirst();
      }

      @Override
      public void seekToLast() {
        it.seekToLast();
      }

      @Override
      public void seek(byte[] target) {
        it.seek(target);
      }

      @Override
      public boolean isValid() {
        return it.isValid();
      }

      @Override
      public byte[] key() {
        return it.key();
      }

      @Override
      public byte[] value() {
        return it.value();
      }

      @Override
      public void next() {
        it.next();
      }

      @Override
      public void prev() {
        it.prev();
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  /**
   * The same definition as Cairn's (see {@link StatsText#writeAmplification}): BYTES_WRITTEN counts
   * each write batch with its 12-byte header, which Cairn's user bytes leave out, so the headers
   * are taken off; WAL_FILE_BYTES, like Cairn's WAL bytes, counts the logged batches with their
   * headers.
   */
  @Override
  public double writeAmplification() {
    long batches =
        statistics.getTickerCount(TickerType.WRITE_DONE_BY_SELF)
            + statistics.getTickerCount(TickerType.WRITE_DONE_BY_OTHER);
    long user = statistics.getTickerCount(TickerType.BYTES_WRITTEN) - BATCH_HEADER_BYTES * batches;
    if (user <= 0) {
      return Double.NaN;
    }
    long written =
        statistics.getTickerCount(TickerType.WAL_FILE_BYTES)
            + statistics.getTickerCount(TickerType.FLUSH_WRITE_BYTES)
            + statistics.getTickerCount(TickerType.COMPACT_WRITE_BYTES);
    return written / (double) user;
  }

  /** The RocksDB codec for {@code --compression}; rocksdbjni's Linux build links all four. */
  private CompressionType compressionType() {
    return switch (cfg.compression) {
      case "lz4" -> CompressionType.LZ4_COMPRESSION;
      case "zstd" -> CompressionType.ZSTD_COMPRESSION;
      case "snappy" -> CompressionType.SNAPPY_COMPRESSION;
      default -> CompressionType.NO_COMPRESSION;
    };
  }

  @Override
  public void compactAll() {
    try {
      db.compactRange();
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public String stats() {
    try {
      return "rocksdb.levelstats:\n"
          + db.getProperty("rocksdb.levelstats")
          + "\nrocksdb.stats:\n"
          + db.getProperty("rocksdb.stats");
    } catch (RocksDBException e) {
      return "rocksdb.stats unavailable: " + e.getMessage();
    }
  }

  @Override
  public void close() {
    if (db != null) {
      db.close();
      db = null;
    }
    if (writeOptions != null) {
      writeOptions.close();
      writeOptions = null;
    }
    if (options != null) {
      options.close();
      options = null;
    }
    if (statistics != null) {
      statistics.close();
      statistics = null;
    }
    if (filter != null) {
      filter.close();
      filter = null;
    }
    if (cache != null) {
      cache.close();
      cache = null;
    }
  }

  private static IllegalStateException failed(RocksDBException e) {
    return new IllegalStateException("RocksDB: " + e.getMessage(), e);
  }
}
