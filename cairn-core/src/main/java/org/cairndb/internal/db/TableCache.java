package org.cairndb.internal.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cairndb.CairnException;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.ValueSink;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.TableSource;

/**
 * Open {@link TableReader}s by file number, bounded so that a database of thousands of tables stays
 * inside the operating system's file limit.
 *
 * <p>Readers are opened on first use and kept in least-recently-used order in one of {@link
 * #SHARDS} shards, each holding at most its share of {@code maxOpenFiles}. Every use holds a
 * reference: a get for its duration, an iterator until closed. A reader pushed out of its shard, or
 * evicted because its file became obsolete, is closed once its last reference is released, so a
 * reader in use is never closed under its user.
 *
 * <p>Thread-safe: each shard has its own lock, held only for map updates (never for I/O).
 */
final class TableCache implements TableSource, AutoCloseable {
  private static final int SHARDS = 16;

  private final Vfs vfs;
  private final ReadStats readStats;
  private final Path dir;
  private final BlockCache blockCache;
  private final Shard[] shards = new Shard[SHARDS];
  private volatile boolean closed;

  /** One open reader and the uses holding it. Guarded by its shard's lock. */
  private static final class Handle {
    final TableReader reader;
    int refs;
    boolean evicted;

    Handle(TableReader reader) {
      this.reader = reader;
    }
  }

  private static final class Shard {
    final int capacity;
    final LinkedHashMap<Long, Handle> lru = new LinkedHashMap<>(16, 0.75f, true);

    Shard(int capacity) {
      this.capacity = capacity;
    }
  }

  TableCache(Vfs vfs, Path dir, BlockCache blockCache, int maxOpenFiles, ReadStats readStats) {
    this.vfs = vfs;
    this.readStats = readStats;
    this.dir = dir;
    this.blockCache = blockCache;
    int perShard = Math.max(1, maxOpenFiles / SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new Shard(perShard);
    }
  }

  private Shard shard(long number) {
    return shards[(int) ((number * 0x9E3779B97F4A7C15L) >>> 60)];
  }

  private Handle acquire(FileMetadata f) {
    Shard s = shard(f.number());
    synchronized (s) {
      Handle h = s.lru.get(f.number());
      if (h != null) {
        h.refs++;
        return h;
      }
    }
    TableReader opened = openReader(f);
    List<TableReader> toClose = new ArrayList<>();
    Handle result;
    synchronized (s) {
      if (closed) {
        // The database closed while this read opened the table: nobody would close it later.
        toClose.add(opened);
        closeAll(toClose);
        throw new CairnException("database is closed");
      }
      Handle h = s.lru.get(f.number());
      if (h != null) {
        // Another thread opened it meanwhile: use theirs.
        toClose.add(opened);
        h.refs++;
        result = h;
      } else {
        result = new Handle(opened);
        result.refs = 1;
        s.lru.put(f.number(), result);
        Iterator<Map.Entry<Long, Handle>> it = s.lru.entrySet().iterator();
        while (s.lru.size() > s.capacity && it.hasNext()) {
          Handle eldest = it.next().getValue();
          if (eldest == result) {
            continue;
          }
          it.remove();
          eldest.evicted = true;
          if (eldest.refs == 0) {
            toClose.add(eldest.reader);
          }
        }
      }
    }
    closeAll(toClose);
    return result;
  }

  private void release(FileMetadata f, Handle h) {
    boolean close;
    synchronized (shard(f.number())) {
      h.refs--;
      close = h.evicted && h.refs == 0;
    }
    if (close) {
      h.reader.close();
    }
  }

  private TableReader openReader(FileMetadata f) {
    String name = FileNames.table(f.number());
    ReadableFile file = null;
    try {
      file = vfs.open(dir.resolve(name));
      return TableReader.open(file, name, f.number(), f.size(), blockCache);
    } catch (IOException e) {
      closeQuietly(file, e);
      throw new CairnException("cannot open table " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(file, e);
      throw e;
    }
  }

  @Override
  public byte[] get(
      FileMetadata file,
      int level,
      byte[] userKey,
      long keyHash,
      long sequence,
      boolean fillCache) {
    Handle h = acquire(file);
    try {
      TableReader reader = h.reader;
      if (reader.hasFilter()) {
        if (reader.filterExcludes(keyHash)) {
          readStats.bloomUseful.increment();
          return null;
        }
        readStats.bloomPositive.increment();
      }
      byte[] r = reader.getUnfiltered(userKey, sequence, fillCache);
      if (r != null) {
        readStats.servedByLevel[level].increment();
        if (reader.hasFilter()) {
          readStats.bloomTruePositive.increment();
        }
      }
      return r;
    } finally {
      release(file, h);
    }
  }

  @Override
  public InternalIterator iterator(FileMetadata file, boolean fillCache) {
    Handle h = acquire(file);
    try {
      return new ReleasingIterator(h.reader.iterator(fillCache), () -> release(file, h));
    } catch (RuntimeException e) {
      release(file, h);
      throw e;
    }
  }

  /** Forgets the reader of an obsolete file (closing it once unused) and drops its blocks. */
  void evict(long number) {
    Handle h;
    boolean close = false;
    Shard s = shard(number);
    synchronized (s) {
      h = s.lru.remove(number);
      if (h != null) {
        h.evicted = true;
        close = h.refs == 0;
      }
    }
    if (close) {
      h.reader.close();
    }
    if (blockCache != null) {
      blockCache.evictFile(number);
    }
  }

  /** Closes every reader not in use, even when some fail to close; rethrows the first failure. */
  @Override
  public void close() {
    closed = true;
    List<TableReader> toClose = new ArrayList<>();
    for (Shard s : shards) {
      synchronized (s) {
        for (Handle h : s.lru.values()) {
          h.evicted = true;
          if (h.refs == 0) {
            toClose.add(h.reader);
          }
        }
        s.lru.clear();
      }
    }
    closeAll(toClose);
  }

  private static void closeAll(List<TableReader> readers) {
    RuntimeException first = null;
    for (TableReader r : readers) {
      try {
        r.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void closeQuietly(ReadableFile f, Throwable primary) {
    if (f != null) {
      try {
        f.close();
      } catch (IOException e) {
        primary.addSuppressed(e);
      }
    }
  }

  /** An iterator that releases its table reference when closed (once). */
  private static final class ReleasingIterator implements InternalIterator {
    private final InternalIterator in;
    private Runnable onClose;

    ReleasingIterator(InternalIterator in, Runnable onClose) {
      this.in = in;
      this.onClose = onClose;
    }

    @Override
    public boolean isValid() {
      return in.isValid();
    }

    @Override
    public void seekToFirst() {
      in.seekToFirst();
    }

    @Override
    public void seekToLast() {
      in.seekToLast();
    }

    @Override
    public void seek(byte[] target) {
      in.seek(target);
    }

    @Override
    public void next() {
      in.next();
    }

    @Override
    public void prev() {
      in.prev();
    }

    @Override
    public byte[] key() {
      return in.key();
    }

    @Override
    public byte[] value() {
      return in.value();
    }

    @Override
    public void valueTo(ValueSink sink) throws IOException {
      in.valueTo(sink);
    }

    @Override
    public void close() {
      try {
        in.close();
      } finally {
        Runnable r = onClose;
        onClose = null;
        if (r != null) {
          r.run();
        }
      }
    }
  }
}
