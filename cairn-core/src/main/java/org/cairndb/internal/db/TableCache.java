package org.cairndb.internal.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.cairndb.CairnException;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.TableSource;

/**
 * Open {@link TableReader}s by file number, opened on first use and closed when their file becomes
 * obsolete. Thread-safe. Readers are only evicted once no version refers to their file, so a reader
 * in use is never closed under its user.
 */
final class TableCache implements TableSource, AutoCloseable {
  private final Vfs vfs;
  private final Path dir;
  private final BlockCache blockCache;
  private final ConcurrentHashMap<Long, TableReader> open = new ConcurrentHashMap<>();

  TableCache(Vfs vfs, Path dir, BlockCache blockCache) {
    this.vfs = vfs;
    this.dir = dir;
    this.blockCache = blockCache;
  }

  TableReader reader(FileMetadata f) {
    TableReader r = open.get(f.number());
    if (r != null) {
      return r;
    }
    return open.computeIfAbsent(f.number(), n -> openReader(f));
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
  public byte[] get(FileMetadata file, byte[] userKey, long sequence, boolean fillCache) {
    return reader(file).get(userKey, sequence, fillCache);
  }

  @Override
  public InternalIterator iterator(FileMetadata file, boolean fillCache) {
    return reader(file).iterator(fillCache);
  }

  /** Closes and forgets the reader of an obsolete file, and drops its cached blocks. */
  void evict(long number) {
    TableReader r = open.remove(number);
    if (r != null) {
      r.close();
    }
    if (blockCache != null) {
      blockCache.evictFile(number);
    }
  }

  int openCount() {
    return open.size();
  }

  /** Closes every reader, even when some fail to close; rethrows the first failure. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Long n : open.keySet()) {
      try {
        evict(n);
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
}
