package org.cairndb.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.cairndb.Compression;
import org.cairndb.fs.MemVfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.sstable.TableBuilder;
import org.cairndb.internal.sstable.TableOptions;
import org.cairndb.internal.sstable.TableReader;

/**
 * Builds a table of present keys {@code 0..entries-1} (see {@link Fixtures}) in an in-memory file
 * system and opens it, for the benchmarks that read tables: 4 KiB blocks, 10 Bloom bits per key, no
 * compression (the settings cairn-bench compares with RocksDB).
 *
 * <p>Not thread-safe to build; the returned reader is thread-safe, and owned by the caller.
 */
final class MemoryTable {
  static final TableOptions OPTIONS = TableOptions.defaults().withCompression(Compression.NONE);
  private static final long FILE_NUMBER = 7;
  private static final String NAME = "000007.sst";

  private MemoryTable() {}

  /** All entries are version 1 PUTs of the same {@code value}. */
  static TableReader build(int entries, byte[] value, BlockCache cacheOrNull) {
    try {
      MemVfs vfs = new MemVfs();
      Path dir = Path.of("/bench");
      vfs.mkdirs(dir);
      Path file = dir.resolve(NAME);
      try (WritableFile out = vfs.create(file)) {
        TableBuilder b = new TableBuilder(out, NAME, FILE_NUMBER, OPTIONS);
        for (int i = 0; i < entries; i++) {
          b.add(InternalKey.encode(Fixtures.presentKey(i), 1, ValueKind.PUT), value);
        }
        b.finish();
      }
      return TableReader.open(vfs.open(file), NAME, FILE_NUMBER, vfs.size(file), cacheOrNull);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
