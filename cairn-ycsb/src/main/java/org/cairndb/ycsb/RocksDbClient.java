package org.cairndb.ycsb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import site.ycsb.DBException;

/**
 * A YCSB binding for RocksDB through its JNI binding ({@code -db org.cairndb.ycsb.RocksDbClient}),
 * doing the same work per operation as {@link CairnClient} (same key and record encoding, see
 * {@link KeyValueBinding}) with settings matched to Cairn's: a {@code rocksdb.memtable_bytes} write
 * buffer with up to 3 memtables, an LRU block cache of {@code rocksdb.block_cache_bytes} (64 MiB
 * each by default), 4 KiB blocks, a full Bloom filter of 10 bits per key, no compression, 2
 * background jobs, and the WAL on without fsync unless {@code rocksdb.sync} is true. {@code
 * rocksdb.dir} is required.
 *
 * <p>Sharing and threading as for {@link CairnClient}: one open database per directory per JVM,
 * reference-counted across client threads.
 */
public final class RocksDbClient extends KeyValueBinding {
  private static final SharedHandles<Handle> SHARED = new SharedHandles<>();

  /** The open database and the native objects it uses, closed together. */
  private static final class Handle implements AutoCloseable {
    final LRUCache cache;
    final BloomFilter filter;
    final Options options;
    final WriteOptions writeOptions;
    final RocksDB db;
    final KeyLocks locks = new KeyLocks();

    Handle(BindingProperties bp) throws RocksDBException {
      cache = new LRUCache(bp.blockCacheBytes);
      filter = new BloomFilter(10);
      BlockBasedTableConfig table =
          new BlockBasedTableConfig()
              .setBlockCache(cache)
              .setFilterPolicy(filter)
              .setBlockSize(4096);
      options =
          new Options()
              .setCreateIfMissing(true)
              .setWriteBufferSize(bp.memtableBytes)
              .setMaxWriteBufferNumber(3)
              .setMaxBackgroundJobs(2)
              .setCompressionType(CompressionType.NO_COMPRESSION)
              .setTableFormatConfig(table);
      writeOptions = new WriteOptions().setSync(bp.sync).setDisableWAL(false);
      RocksDB opened;
      try {
        opened = RocksDB.open(options, bp.dir.toString());
      } catch (RocksDBException e) {
        closeNative();
        throw e;
      }
      db = opened;
    }

    private void closeNative() {
      writeOptions.close();
      options.close();
      filter.close();
      cache.close();
    }

    @Override
    public void close() {
      db.close();
      closeNative();
    }
  }

  private Path dir;
  private Handle handle;

  public RocksDbClient() {}

  @Override
  public void init() throws DBException {
    BindingProperties bp = BindingProperties.read(getProperties(), "rocksdb");
    handle =
        SHARED.acquire(
            bp.dir,
            () -> {
              try {
                RocksDB.loadLibrary();
                Files.createDirectories(bp.dir);
                return new Handle(bp);
              } catch (RocksDBException | IOException e) {
                throw new DBException(
                    "cannot open RocksDB in " + bp.dir + ": " + e.getMessage(), e);
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

  @Override
  byte[] get(byte[] key) {
    try {
      return handle.db.get(key);
    } catch (RocksDBException e) {
      throw new RocksDbFailure(e);
    }
  }

  @Override
  void put(byte[] key, byte[] value) {
    try {
      handle.db.put(handle.writeOptions, key, value);
    } catch (RocksDBException e) {
      throw new RocksDbFailure(e);
    }
  }

  @Override
  void remove(byte[] key) {
    try {
      handle.db.delete(handle.writeOptions, key);
    } catch (RocksDBException e) {
      throw new RocksDbFailure(e);
    }
  }

  @Override
  KeyLocks locks() {
    return handle.locks;
  }

  @Override
  ScanCursor cursor() {
    RocksIterator it = handle.db.newIterator();
    return new ScanCursor() {
      @Override
      public void seek(byte[] target) {
        it.seek(target);
      }

      @Override
      public boolean isValid() {
        if (it.isValid()) {
          return true;
        }
        try {
          it.status(); // an iterator also stops being valid on an error
        } catch (RocksDBException e) {
          throw new RocksDbFailure(e);
        }
        return false;
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
      public void close() {
        it.close();
      }
    };
  }
}
