package org.cairndb.internal.repair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.cairndb.fs.Vfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.sstable.TableBuilder;
import org.cairndb.internal.sstable.TableOptions;
import org.cairndb.internal.version.FileMetadata;

/**
 * Writes the tables a repair creates: drains an internal iterator into one or more new tables, cut
 * once a table reaches the target size and only between two user keys (so the outputs of one call
 * have disjoint user-key ranges), each synced before it is reported. Not thread-safe; one per
 * output run. A failure leaves the partial file in place for the caller's error report; nothing
 * refers to it, so the next open removes it.
 */
final class RepairTables {
  private final Vfs vfs;
  private final Path dir;
  private final TableOptions tableOptions;
  private final long targetFileBytes;
  private final LongSupplier newFileNumber;

  private final List<FileMetadata> written = new ArrayList<>();
  private TableBuilder builder;
  private WritableFile file;
  private long number;
  private byte[] smallest;
  private byte[] largest;
  private long smallestSeq;
  private long largestSeq;
  private long entries;

  RepairTables(
      Vfs vfs,
      Path dir,
      TableOptions tableOptions,
      long targetFileBytes,
      LongSupplier newFileNumber) {
    this.vfs = vfs;
    this.dir = dir;
    this.tableOptions = tableOptions;
    this.targetFileBytes = targetFileBytes;
    this.newFileNumber = newFileNumber;
  }

  /**
   * Writes the entries of {@code it} (from its first); with {@code newestOnly} only the first
   * (newest) entry of each user key, and no tombstone: for a merge of all the data there is, where
   * nothing older can hide behind a dropped entry.
   */
  void writeAll(InternalIterator it, boolean newestOnly) throws IOException {
    byte[] prevKey = null;
    try {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (newestOnly) {
          boolean sameUser = prevKey != null && InternalKey.compareUserKeys(prevKey, key) == 0;
          prevKey = key;
          if (sameUser || InternalKey.kind(key) != org.cairndb.internal.key.ValueKind.PUT) {
            continue;
          }
        }
        if (builder != null
            && builder.fileSize() >= targetFileBytes
            && InternalKey.compareUserKeys(largest, key) != 0) {
          finishFile();
        }
        if (builder == null) {
          startFile();
        }
        add(key, it.value());
      }
      if (builder != null) {
        finishFile();
      }
    } catch (IOException | RuntimeException e) {
      abandon(e);
      throw e;
    }
  }

  /** The tables written so far, in key order. */
  List<FileMetadata> written() {
    return written;
  }

  /** Entries in the tables written so far. */
  long entries() {
    return entries;
  }

  private void startFile() throws IOException {
    number = newFileNumber.getAsLong();
    String name = FileNames.table(number);
    file = vfs.create(dir.resolve(name));
    builder = new TableBuilder(file, name, number, tableOptions);
    smallest = null;
  }

  private void add(byte[] key, byte[] value) {
    builder.add(key, value);
    long seq = InternalKey.sequence(key);
    if (smallest == null) {
      smallest = key;
      smallestSeq = seq;
      largestSeq = seq;
    }
    largest = key;
    smallestSeq = Math.min(smallestSeq, seq);
    largestSeq = Math.max(largestSeq, seq);
    entries++;
  }

  private void finishFile() throws IOException {
    builder.finish();
    long size = builder.fileSize();
    builder = null;
    file.sync();
    file.close();
    file = null;
    written.add(new FileMetadata(number, size, smallest, largest, smallestSeq, largestSeq));
  }

  private void abandon(Throwable primary) {
    if (builder != null) {
      builder.abandon();
      builder = null;
    }
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        primary.addSuppressed(e);
      }
      file = null;
    }
  }
}
