package org.cairndb.ycsb;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.cairndb.Cairn;
import org.cairndb.CairnException;
import org.cairndb.Compression;
import org.cairndb.Cursor;
import org.cairndb.Options;
import org.cairndb.WriteOptions;
import site.ycsb.DBException;

/**
 * The YCSB binding for Cairn ({@code -db org.cairndb.ycsb.CairnClient}).
 *
 * <p>Properties: {@code cairn.dir} (required: the database directory, created if missing), {@code
 * cairn.memtable_bytes} and {@code cairn.block_cache_bytes} (default 64 MiB each, k/m/g suffixes
 * accepted), {@code cairn.sync} (default false: every write goes to the WAL without an fsync), and
 * {@code cairn.bloom_bits} (default 10), {@code cairn.compression} (none, lz4, zstd or snappy;
 * default none).
 *
 * <p>All client threads of a JVM that name the same directory share one open {@link Cairn}, opened
 * by the first {@link #init} with that thread's settings and closed by the last {@link #cleanup}.
 * One instance per YCSB client thread, as YCSB uses it.
 */
public final class CairnClient extends KeyValueBinding {
  private static final SharedHandles<Handle> SHARED = new SharedHandles<>();

  /** An open database with its write options and update locks. */
  private static final class Handle implements AutoCloseable {
    final Cairn db;
    final WriteOptions writeOptions;
    final KeyLocks locks = new KeyLocks();

    Handle(Cairn db, WriteOptions writeOptions) {
      this.db = db;
      this.writeOptions = writeOptions;
    }

    @Override
    public void close() {
      db.close();
    }
  }

  private Path dir;
  private Handle handle;

  public CairnClient() {}

  @Override
  public void init() throws DBException {
    Properties p = getProperties();
    BindingProperties bp = BindingProperties.read(p, "cairn");
    Options options;
    try {
      options =
          Options.builder()
              .memtableBytes(bp.memtableBytes)
              .blockCacheBytes(bp.blockCacheBytes)
              .bloomBitsPerKey(BindingProperties.integer(p, "cairn.bloom_bits", 10))
              .compression(compression(p.getProperty("cairn.compression", "none")))
              .build();
    } catch (IllegalArgumentException e) {
      throw new DBException("bad Cairn option: " + e.getMessage(), e);
    }
    WriteOptions wo = bp.sync ? WriteOptions.SYNC : WriteOptions.DEFAULT;
    handle =
        SHARED.acquire(
            bp.dir,
            () -> {
              try {
                return new Handle(Cairn.open(bp.dir, options), wo);
              } catch (CairnException e) {
                throw new DBException("cannot open Cairn in " + bp.dir + ": " + e.getMessage(), e);
              }
            });
    dir = bp.dir;
  }

  @Override
  public void cleanup() throws DBException {
    if (handle != null) {
      handle = null;
      SHARED.release(dir);
    }
  }

  /** How many client instances hold the database in {@code dir} open (for tests). */
  static int openReferences(Path dir) {
    return SHARED.references(dir.toAbsolutePath().normalize());
  }

  private static Compression compression(String name) throws DBException {
    try {
      return Compression.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DBException("unknown cairn.compression '" + name + "'", e);
    }
  }

  @Override
  byte[] get(byte[] key) {
    return handle.db.get(key);
  }

  @Override
  void put(byte[] key, byte[] value) {
    handle.db.put(key, value, handle.writeOptions);
  }

  @Override
  void remove(byte[] key) {
    handle.db.delete(key, handle.writeOptions);
  }

  @Override
  KeyLocks locks() {
    return handle.locks;
  }

  @Override
  ScanCursor cursor() {
    Cursor c = handle.db.cursor();
    return new ScanCursor() {
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
      public void close() {
        c.close();
      }
    };
  }
}
