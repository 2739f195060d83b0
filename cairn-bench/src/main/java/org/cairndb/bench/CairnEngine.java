package org.cairndb.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cairndb.Cairn;
import org.cairndb.Cursor;
import org.cairndb.Options;
import org.cairndb.WriteBatch;
import org.cairndb.WriteOptions;

/** Cairn through its public API, with {@link WriteOptions#DEFAULT} (WAL, no fsync). */
final class CairnEngine implements Engine {
  private final Options options;
  private Cairn db;
  private Path dir;

  CairnEngine(BenchConfig cfg) {
    this.options =
        Options.builder()
            .memtableBytes(cfg.memtableBytes)
            .blockCacheBytes(cfg.cacheBytes)
            .bloomBitsPerKey(10)
            .blockSize(4096)
            .compression(cfg.cairnCompression())
            .maxBackgroundJobs(cfg.backgroundJobs())
            .compactionStyle(cfg.style)
            .build();
  }

  @Override
  public String name() {
    return "cairn";
  }

  @Override
  public String displayName() {
    String v = Cairn.class.getPackage().getImplementationVersion();
    return "Cairn " + (v != null ? v : "0.1.0-SNAPSHOT");
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(Settings.ENGINE, displayName() + " (pure Java)");
    s.put(Settings.MEMTABLE, Settings.bytes(options.memtableBytes()) + " (memtableBytes)");
    s.put(
        Settings.MEMTABLES,
        "1 active + " + options.maxImmutableMemtables() + " immutable (maxImmutableMemtables)");
    s.put(Settings.CACHE, Settings.bytes(options.blockCacheBytes()) + " (blockCacheBytes)");
    s.put(Settings.BLOCK_SIZE, Settings.bytes(options.blockSize()));
    s.put(Settings.BLOOM, options.bloomBitsPerKey() + " bits/key");
    s.put(Settings.COMPRESSION, options.compression().name());
    s.put(
        Settings.WAL,
        "on, no fsync per write (WriteOptions.DEFAULT); "
            + (options.mappedWal() ? "appended through a memory mapping on Linux" : "write(2)")
            + (options.walBytesPerSync() > 0
                ? ", synced in the background every "
                    + Settings.bytes(options.walBytesPerSync())
                    + " (walBytesPerSync)"
                : ""));
    s.put(
        Settings.THREADS,
        "maxBackgroundJobs="
            + options.maxBackgroundJobs()
            + " (one flush thread, "
            + (options.maxBackgroundJobs() - 1)
            + " compaction)");
    s.put(
        Settings.L0,
        options.l0CompactionTrigger()
            + " / "
            + options.l0SlowdownWritesTrigger()
            + " (each write group delayed 1 ms) / "
            + options.l0StopWritesTrigger()
            + " files");
    s.put(Settings.STYLE, options.compactionStyle().name().toLowerCase(Locale.ROOT));
    s.put(
        Settings.LEVELS,
        "dynamic (targets derived from the last level, like dynamic_level_bytes); base level"
            + " target <= "
            + Settings.bytes(options.baseLevelBytes())
            + ", x"
            + options.levelMultiplier());
    s.put(Settings.FILE_SIZE, Settings.bytes(options.targetFileBytes()));
    s.put(Settings.INDEX, "held by the open table (outside the block cache)");
    s.put(Settings.OPEN_FILES, options.maxOpenFiles() + " (maxOpenFiles)");
    s.put(Settings.IO, "FileChannel positional reads");
    s.put(Settings.CHECKSUMS, "verified on every block read from a file");
    s.put(Settings.COMPACT, "flush() + compactRange(null, null)");
    s.put(
        Settings.WRITE_AMP,
        "cairn.stats: (wal + flush + compaction bytes written) / user bytes written");
    return s;
  }

  @Override
  public void open(Path dir) {
    this.dir = dir;
    this.db = Cairn.open(dir, options);
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    db.put(key, value);
  }

  @Override
  public byte[] get(byte[] key) {
    return db.get(key);
  }

  @Override
  public void delete(byte[] key) {
    db.delete(key);
  }

  @Override
  public void writeBatch(byte[][] keys, byte[][] values, int count) {
    WriteBatch b = new WriteBatch(Engine.batchBytes(keys, values, count));
    for (int i = 0; i < count; i++) {
      if (values[i] == null) {
        b.delete(keys[i]);
      } else {
        b.put(keys[i], values[i]);
      }
    }
    db.write(b);
  }

  @Override
  public Scanner newScanner() {
    Cursor c = db.cursor();
    return new Scanner() {
      @Override
      public void seekToFirst() {
        c.seekToFirst();
      }

      @Override
      public void seekToLast() {
        c.seekToLast();
      }

      @Override
      public void seek(byte[] target) {
        c.seek(target);
      }

      @Override
      public boolean isValid() {
        return c.isValid();
      }

      @Override
      public byte[] key() {
        return c.key();
      }

      @Override
      public byte[] value() {
        return c.value();
      }

      @Override
      public void next() {
        c.next();
      }

      @Override
      public void prev() {
        c.prev();
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  @Override
  public double writeAmplification() {
    return StatsText.writeAmplification(db.property("cairn.stats"));
  }

  @Override
  public void compactAll() {
    db.flush();
    db.compactRange(null, null);
  }

  @Override
  public String stats() {
    return "cairn.stats:\n"
        + db.property("cairn.stats")
        + "\ncairn.levels:\n"
        + db.property("cairn.levels");
  }

  @Override
  public void close() {
    if (db != null) {
      db.close();
      db = null;
    }
  }
}
