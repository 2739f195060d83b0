package org.cairndb.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.GetOp;
import org.lmdbjava.Meta;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * LMDB through lmdbjava: a copy-on-write B+tree read through a memory map. Keys and values cross
 * into native code through per-thread direct buffers, and values read back are copied into Java
 * arrays, as the other engines return them.
 *
 * <p>Writes run one write transaction per put or delete (one per batch for fillbatch), committed
 * without fsync ({@code MDB_NOSYNC}, {@code MDB_NOMETASYNC}), the nearest LMDB gets to a
 * write-ahead log without fsync per write. Point reads borrow a reset read transaction from a pool
 * and renew it, so a thread reuses transactions rather than creating one per get ({@code MDB_NOTLS}
 * lets a transaction move between threads). Scans use a cursor in a read transaction of their own.
 * The data methods are thread-safe: LMDB serializes write transactions itself.
 */
final class LmdbEngine implements Engine {
  private static final String DB_NAME = "bench";
  private static final long MIN_MAP_BYTES = 256L << 20;

  /** Per-entry bytes assumed when sizing the map: the B+tree's node header and slack. */
  private static final int ENTRY_OVERHEAD = 48;

  private static final int PAGE = 4096;

  private final BenchConfig cfg;
  private final String version;
  private final long mapBytes;
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);
  private final ConcurrentLinkedDeque<Txn<ByteBuffer>> idleReaders = new ConcurrentLinkedDeque<>();
  private Env<ByteBuffer> env;
  private Dbi<ByteBuffer> dbi;
  private Path dir;

  /** Direct buffers one thread passes keys and values through; grown on demand. */
  private static final class Buffers {
    ByteBuffer key = ByteBuffer.allocateDirect(64);
    ByteBuffer value = ByteBuffer.allocateDirect(256);

    ByteBuffer key(byte[] k) {
      if (key.capacity() < k.length) {
        key = ByteBuffer.allocateDirect(k.length);
      }
      return fill(key, k);
    }

    ByteBuffer value(byte[] v) {
      if (value.capacity() < v.length) {
        value = ByteBuffer.allocateDirect(v.length);
      }
      return fill(value, v);
    }

    private static ByteBuffer fill(ByteBuffer b, byte[] bytes) {
      b.clear();
      b.put(bytes);
      b.flip();
      return b;
    }
  }

  /**
   * Loads the native library (bundled in the lmdbjava jar) so that an engine that cannot run fails
   * here, before any workload.
   */
  LmdbEngine(BenchConfig cfg) {
    this.cfg = cfg;
    Meta.Version v = Meta.version();
    this.version = v.major + "." + v.minor + "." + v.patch;
    this.mapBytes = mapBytes(cfg);
  }

  /** Room for the key space about four times over: page splits leave pages half full, and COW. */
  static long mapBytes(BenchConfig cfg) {
    long entry = (long) cfg.keySize + cfg.valueSize + ENTRY_OVERHEAD;
    if (entry > PAGE / 2) {
      // Overflow pages: a value this large takes whole pages of its own.
      entry = (entry + PAGE - 1) / PAGE * PAGE + PAGE;
    }
    long bytes = Math.max(MIN_MAP_BYTES, 4 * cfg.num * entry);
    return (bytes + PAGE - 1) / PAGE * PAGE;
  }

  @Override
  public String name() {
    return "lmdb";
  }

  @Override
  public String displayName() {
    return "LMDB " + version + " (lmdbjava)";
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(Settings.ENGINE, displayName() + ", native library bundled in the lmdbjava jar");
    s.put(Settings.MEMTABLE, "n/a: no memtable, every commit updates the B+tree in the map");
    s.put(Settings.MEMTABLES, "n/a: one writer at a time (write transactions serialize)");
    s.put(Settings.CACHE, "none of its own: the OS page cache behind the memory map");
    s.put(Settings.BLOCK_SIZE, PAGE + " B pages (OS page size)");
    s.put(Settings.BLOOM, "n/a: a B+tree search answers absent keys");
    s.put(Settings.COMPRESSION, "none: LMDB does not compress");
    s.put(
        Settings.WAL,
        "no WAL (copy-on-write B+tree); one write txn per put (per batch for fillbatch),"
            + " MDB_NOSYNC + MDB_NOMETASYNC: no fsync per commit");
    s.put(Settings.THREADS, "none");
    s.put(Settings.STYLE, "n/a (B+tree)");
    s.put(Settings.L0, "n/a");
    s.put(
        Settings.LEVELS,
        String.format(
            Locale.ROOT,
            "n/a; map size %s (about 4x N x (key + value + %d B))",
            Settings.bytes(mapBytes),
            ENTRY_OVERHEAD));
    s.put(Settings.FILE_SIZE, "one file (data.mdb) that grows as pages are used");
    s.put(Settings.INDEX, "branch pages in the map");
    s.put(Settings.OPEN_FILES, "1");
    s.put(
        Settings.IO,
        "memory-mapped (read-only map); reads in pooled read txns renewed per get (MDB_NOTLS),"
            + " cursors for scans");
    s.put(Settings.CHECKSUMS, "none (LMDB keeps no checksums)");
    s.put(Settings.COMPACT, "unsupported: a B+tree has nothing to compact");
    s.put(Settings.WRITE_AMP, "n/a (no counters)");
    return s;
  }

  @Override
  public void open(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    env =
        Env.create()
            .setMapSize(mapBytes)
            .setMaxDbs(1)
            .setMaxReaders(Math.max(126, 4 * cfg.threads + 16))
            .open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOMETASYNC, EnvFlags.MDB_NOTLS);
    if (cfg.keySize + 1 > env.getMaxKeySize()) {
      int max = env.getMaxKeySize();
      close();
      throw new IllegalStateException(
          "LMDB keys are at most " + max + " bytes; --key-size " + cfg.keySize + " is too long");
    }
    dbi = env.openDbi(DB_NAME, DbiFlags.MDB_CREATE);
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    Buffers b = buffers.get();
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      dbi.put(txn, b.key(key), b.value(value));
      txn.commit();
    }
  }

  @Override
  public byte[] get(byte[] key) {
    Txn<ByteBuffer> txn = borrowReader();
    try {
      ByteBuffer v = dbi.get(txn, buffers.get().key(key));
      if (v == null) {
        return null;
      }
      byte[] out = new byte[v.remaining()];
      v.get(out);
      return out;
    } finally {
      returnReader(txn);
    }
  }

  private Txn<ByteBuffer> borrowReader() {
    Txn<ByteBuffer> txn = idleReaders.pollFirst();
    if (txn == null) {
      return env.txnRead();
    }
    txn.renew();
    return txn;
  }

  private void returnReader(Txn<ByteBuffer> txn) {
    txn.reset();
    idleReaders.offerFirst(txn);
  }

  @Override
  public void delete(byte[] key) {
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      dbi.delete(txn, buffers.get().key(key));
      txn.commit();
    }
  }

  @Override
  public void writeBatch(byte[][] keys, byte[][] values, int count) {
    Buffers b = buffers.get();
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      for (int i = 0; i < count; i++) {
        if (values[i] == null) {
          dbi.delete(txn, b.key(keys[i]));
        } else {
          dbi.put(txn, b.key(keys[i]), b.value(values[i]));
        }
      }
      txn.commit();
    }
  }

  @Override
  public Scanner newScanner() {
    Txn<ByteBuffer> txn = env.txnRead();
    Cursor<ByteBuffer> c;
    try {
      c = dbi.openCursor(txn);
    } catch (RuntimeException e) {
      txn.close();
      throw e;
    }
    return new Scanner() {
      private boolean valid;

      @Override
      public void seekToFirst() {
        valid = c.first();
      }

      @Override
      public void seekToLast() {
        valid = c.last();
      }

      @Override
      public void seek(byte[] target) {
        valid = c.get(buffers.get().key(target), GetOp.MDB_SET_RANGE);
      }

      @Override
      public boolean isValid() {
        return valid;
      }

      @Override
      public byte[] key() {
        return copy(c.key());
      }

      @Override
      public byte[] value() {
        return copy(c.val());
      }

      @Override
      public void next() {
        valid = c.next();
      }

      @Override
      public void prev() {
        valid = c.prev();
      }

      @Override
      public void close() {
        c.close();
        txn.close();
      }
    };
  }

  private static byte[] copy(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Override
  public String unsupported(Workload w) {
    return w == Workload.COMPACT ? "LMDB is a B+tree: it has nothing to compact" : null;
  }

  @Override
  public void compactAll() {
    throw new UnsupportedOperationException("LMDB has no compaction");
  }

  @Override
  public String stats() {
    Stat st;
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      st = dbi.stat(txn); // env.stat() would describe the catalog of named databases
    }
    EnvInfo info = env.info();
    return String.format(
        Locale.ROOT,
        "dbi.stat: entries %d, depth %d, branch pages %d, leaf pages %d, overflow pages %d, page"
            + " size %d%nenv.info: map size %d, last page %d, last txn %d, readers %d of %d",
        st.entries,
        st.depth,
        st.branchPages,
        st.leafPages,
        st.overflowPages,
        st.pageSize,
        info.mapSize,
        info.lastPageNumber,
        info.lastTransactionId,
        info.numReaders,
        info.maxReaders);
  }

  @Override
  public void close() {
    Txn<ByteBuffer> txn;
    while ((txn = idleReaders.pollFirst()) != null) {
      // lmdbjava frees the native transaction only when closing a ready one, not a reset one.
      txn.renew();
      txn.close();
    }
    if (env != null) {
      dbi = null; // closed with the environment
      env.close();
      env = null;
    }
  }
}
