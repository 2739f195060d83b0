package org.cairndb.internal.repair;

import java.io.IOException;
import java.nio.file.Path;
import org.cairndb.CairnException;
import org.cairndb.CorruptionException;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.version.FileMetadata;

/**
 * Reads one table in full for a repair: every block checksum, strictly ascending internal keys, and
 * an entry count equal to the one its properties record. Gives the table's manifest record (key
 * range and sequence range from the scan) or, when anything is wrong, null. Stateless.
 */
final class TableScan {
  private TableScan() {}

  /**
   * The manifest record of table {@code number}, or null when the table is damaged or empty. I/O
   * failures other than damage (the file cannot be opened or read) are thrown: a repair must not
   * set a table aside because of a passing error.
   */
  static FileMetadata scan(Vfs vfs, Path dir, long number) throws IOException {
    String name = FileNames.table(number);
    Path path = dir.resolve(name);
    long size = vfs.size(path);
    ReadableFile file = vfs.open(path);
    TableReader reader;
    try {
      reader = TableReader.open(file, name, number, size, null);
    } catch (RuntimeException e) {
      try {
        file.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      return damaged(e);
    }
    try (reader) {
      return read(reader, number, size);
    } catch (RuntimeException e) {
      return damaged(e);
    }
  }

  private static FileMetadata read(TableReader reader, long number, long size) {
    long count = 0;
    long minSeq = Long.MAX_VALUE;
    long maxSeq = 0;
    byte[] first = null;
    byte[] last = null;
    try (InternalIterator it = reader.iterator(false)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (last != null && InternalKey.compare(last, key) >= 0) {
          throw new CorruptionException(reader.fileName(), "keys out of order");
        }
        if (first == null) {
          first = key;
        }
        long seq = InternalKey.sequence(key);
        minSeq = Math.min(minSeq, seq);
        maxSeq = Math.max(maxSeq, seq);
        last = key;
        count++;
      }
    }
    if (count == 0 || count != reader.properties().entryCount()) {
      return null;
    }
    return new FileMetadata(number, size, first, last, minSeq, maxSeq);
  }

  /**
   * Damage (any failure to decode) means the table is set aside; an I/O error of the file system (a
   * plain {@link CairnException}) is not damage and ends the repair.
   */
  private static FileMetadata damaged(RuntimeException e) {
    if (e instanceof CairnException && !(e instanceof CorruptionException)) {
      throw e;
    }
    return null;
  }
}
