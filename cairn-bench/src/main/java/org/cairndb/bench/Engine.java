package org.cairndb.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One storage engine under test. The benchmark opens it on a fresh directory, drives it through the
 * workloads from one or more threads (every data method must be thread-safe), then closes it.
 */
interface Engine extends AutoCloseable {
  /** Engine names accepted by {@code --engines}, in the order they run. */
  List<String> NAMES = List.of("cairn", "rocksdb", "leveldb", "lmdb");

  /** Short name: cairn, rocksdb, leveldb or lmdb. */
  String name();

  /** Human-readable name with version, for the report. */
  String displayName();

  /**
   * The settings this engine runs with, keyed by the common setting names of {@link Settings#ROWS},
   * for the settings table printed beside the results.
   */
  Map<String, String> settings();

  /** Opens (creating) the database in {@code dir}. */
  void open(Path dir) throws IOException;

  /** The directory of the open database. */
  Path directory();

  void put(byte[] key, byte[] value);

  /** The value, or null when absent. */
  byte[] get(byte[] key);

  void delete(byte[] key);

  /** Writes {@code keys[i] -> values[i]} atomically; a null value is a delete. */
  void writeBatch(byte[][] keys, byte[][] values, int count);

  /**
   * An upper bound of the encoded size of such a batch in the batch format Cairn and RocksDB share
   * (a 12-byte header; per operation a tag, varint lengths of at most 5 bytes, key and value),
   * which both engines' batches take as their initial capacity so that neither grows its buffer
   * while it is filled.
   */
  static int batchBytes(byte[][] keys, byte[][] values, int count) {
    long n = 12;
    for (int i = 0; i < count; i++) {
      n += 1 + 5 + keys[i].length + (values[i] == null ? 0 : 5 + values[i].length);
    }
    return (int) Math.min(n, 1 << 30);
  }

  /** A new iterator over the latest state; close it when done. */
  Scanner newScanner();

  /**
   * Why this engine cannot run {@code w} (the row is reported as unsupported), or null when it can.
   * readreverse needs {@link Scanner#seekToLast()} and {@link Scanner#prev()}; compact needs {@link
   * #compactAll()}.
   */
  default String unsupported(Workload w) {
    return null;
  }

  /** Flushes the memtable and compacts the whole key range; returns when done. */
  void compactAll();

  /**
   * Bytes the engine wrote to storage (write-ahead log, flushes, compactions) per user byte written
   * since it was opened, by the definition of Cairn's {@code write.amplification}; NaN when the
   * engine does not report the counters.
   */
  default double writeAmplification() {
    return Double.NaN;
  }

  /** Engine statistics (its own property strings), for the report. */
  String stats();

  /** Bytes of every regular file under {@link #directory()} (the database's footprint). */
  default long bytesOnDisk() throws IOException {
    return DiskUsage.bytes(directory());
  }

  /** Closes the database; idempotent. */
  @Override
  void close();

  /** The engine called {@code name}, created (not yet opened) with {@code cfg}. */
  static Engine create(String name, BenchConfig cfg) {
    return switch (name) {
      case "cairn" -> new CairnEngine(cfg);
      case "rocksdb" -> new RocksDbEngine(cfg);
      case "leveldb" -> new LevelDbEngine(cfg);
      case "lmdb" -> new LmdbEngine(cfg);
      default ->
          throw new IllegalArgumentException("unknown engine: " + name + " (known: " + NAMES + ")");
    };
  }

  /** An iterator: a position on one entry, or invalid. Not thread-safe. */
  interface Scanner extends AutoCloseable {
    void seekToFirst();

    void seekToLast();

    /** Positions on the first key {@code >= target}. */
    void seek(byte[] target);

    boolean isValid();

    byte[] key();

    byte[] value();

    void next();

    void prev();

    @Override
    void close();
  }
}
