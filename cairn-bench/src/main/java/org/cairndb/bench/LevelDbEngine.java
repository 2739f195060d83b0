package org.cairndb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.DbConstants;
import org.iq80.leveldb.impl.DbImpl;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.iq80.leveldb.util.Slice;
import org.iq80.leveldb.util.Snappy;

/**
 * LevelDB-java (org.iq80.leveldb 0.12), the pure-Java port of LevelDB. It has no bloom filter, no
 * LZ4 and no reverse iteration; it maps table files into memory on a 64-bit JVM.
 */
final class LevelDbEngine implements Engine {
  private final BenchConfig cfg;
  private final Options options;
  private final WriteOptions writeOptions = new WriteOptions().sync(false);
  private DB db;
  private Path dir;

  LevelDbEngine(BenchConfig cfg) {
    this.cfg = cfg;
    this.options =
        new Options()
            .createIfMissing(true)
            .writeBufferSize((int) cfg.memtableBytes)
            .cacheSize(cfg.cacheBytes)
            .blockSize(4096)
            .compressionType(snappy(cfg) ? CompressionType.SNAPPY : CompressionType.NONE);
  }

  @Override
  public String name() {
    return "leveldb";
  }

  @Override
  public String displayName() {
    return "LevelDB-java (iq80) " + Iq80DBFactory.VERSION;
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(Settings.ENGINE, displayName() + " (pure Java)");
    s.put(Settings.MEMTABLE, Settings.bytes(cfg.memtableBytes) + " (writeBufferSize)");
    s.put(Settings.MEMTABLES, "1 active + 1 immutable (fixed)");
    s.put(Settings.CACHE, Settings.bytes(cfg.cacheBytes) + " (cacheSize)");
    s.put(Settings.BLOCK_SIZE, "4 KiB (blockSize)");
    s.put(Settings.BLOOM, "none: iq80 has no filter policy");
    s.put(
        Settings.COMPRESSION,
        snappy(cfg)
            ? "SNAPPY"
            : cfg.compression.equals("none")
                ? "NONE"
                : "NONE: iq80 has no "
                    + cfg.compression
                    + " here (asked for "
                    + cfg.compression
                    + ")");
    s.put(Settings.WAL, "on, no fsync per write (sync(false))");
    s.put(Settings.THREADS, "1 (fixed compaction thread)");
    s.put(Settings.STYLE, "leveled (fixed)");
    s.put(
        Settings.L0,
        DbConstants.L0_COMPACTION_TRIGGER
            + " / "
            + DbConstants.L0_SLOWDOWN_WRITES_TRIGGER
            + " / "
            + DbConstants.L0_STOP_WRITES_TRIGGER
            + " files (fixed)");
    s.put(Settings.LEVELS, "static: L1 10 MB, x10 per level (fixed)");
    s.put(Settings.FILE_SIZE, "2 MiB (fixed)");
    s.put(Settings.INDEX, "held by the open table");
    s.put(Settings.OPEN_FILES, options.maxOpenFiles() + " (maxOpenFiles, default)");
    s.put(
        Settings.IO,
        Iq80DBFactory.USE_MMAP ? "memory-mapped (64-bit JVM default)" : "FileChannel reads");
    s.put(Settings.CHECKSUMS, options.verifyChecksums() ? "verified (default)" : "off");
    s.put(
        Settings.COMPACT,
        "flushMemTable() + compactRange(level, all) per level (DbImpl internals: the public"
            + " compactRange is not implemented)");
    s.put(Settings.WRITE_AMP, "n/a (iq80 exposes no counters)");
    return s;
  }

  @Override
  public void open(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    db = Iq80DBFactory.factory.open(dir.toFile(), options);
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    db.put(key, value, writeOptions);
  }

  @Override
  public byte[] get(byte[] key) {
    return db.get(key);
  }

  @Override
  public void delete(byte[] key) {
    db.delete(key, writeOptions);
  }

  @Override
  public void writeBatch(byte[][] keys, byte[][] values, int count) {
    try (WriteBatch b = db.createWriteBatch()) {
      for (int i = 0; i < count; i++) {
        if (values[i] == null) {
          b.delete(keys[i]);
        } else {
          b.put(keys[i], values[i]);
        }
      }
      db.write(b, writeOptions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Scanner newScanner() {
    DBIterator it = db.iterator();
    return new Scanner() {
      private Map.Entry<byte[], byte[]> current;

      private void advance() {
        current = it.hasNext() ? it.next() : null;
      }

      @Override
      public void seekToFirst() {
        it.seekToFirst();
        advance();
      }

      @Override
      public void seekToLast() {
        throw new UnsupportedOperationException("iq80 LevelDB has no reverse iteration");
      }

      @Override
      public void seek(byte[] target) {
        it.seek(target);
        advance();
      }

      @Override
      public boolean isValid() {
        return current != null;
      }

      @Override
      public byte[] key() {
        return current.getKey();
      }

      @Override
      public byte[] value() {
        return current.getValue();
      }

      @Override
      public void next() {
        advance();
      }

      @Override
      public void prev() {
        throw new UnsupportedOperationException("iq80 LevelDB has no reverse iteration");
      }

      @Override
      public void close() {
        try {
          it.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  public String unsupported(Workload w) {
    return w == Workload.READREVERSE ? displayName() + " has no reverse iteration" : null;
  }

  /** iq80 compresses with Snappy only, and only when a Snappy library is on the class path. */
  private static boolean snappy(BenchConfig cfg) {
    return cfg.compression.equals("snappy") && Snappy.available();
  }

  @Override
  public void compactAll() {
    DbImpl impl = (DbImpl) db;
    impl.flushMemTable();
    Slice begin = new Slice(new byte[0]);
    byte[] max = new byte[cfg.keySize + 2];
    Arrays.fill(max, (byte) 0xff);
    Slice end = new Slice(max);
    for (int level = 0; level + 1 < DbConstants.NUM_LEVELS; level++) {
      impl.compactRange(level, begin, end);
    }
  }

  @Override
  public String stats() {
    StringBuilder sb = new StringBuilder("iq80 exposes no properties (getProperty returns null);");
    try (var files = Files.list(dir)) {
      long[] tables = {0, 0};
      files
          .filter(
              p ->
                  p.getFileName().toString().endsWith(".sst")
                      || p.getFileName().toString().endsWith(".ldb"))
          .forEach(
              p -> {
                tables[0]++;
                try {
                  tables[1] += Files.size(p);
                } catch (IOException e) {
                  // vanished meanwhile
                }
              });
      sb.append(" table files: ").append(tables[0]).append(", bytes: ").append(tables[1]);
    } catch (IOException e) {
      sb.append(" listing failed: ").append(e.getMessage());
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (db != null) {
      try {
        db.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        db = null;
      }
    }
  }
}
