package org.cairndb.internal.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.cairndb.fs.Vfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.ValueSink;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.sstable.TableBuilder;
import org.cairndb.internal.sstable.TableOptions;
import org.cairndb.internal.version.FileMetadata;

/**
 * Writes the output of a flush or compaction as one or more SSTables: drains an input iterator
 * through a {@link VisibilityFilter}, cuts a new file once the current one reaches the target size
 * (only between two user keys, so a key's versions never straddle files of one level), and syncs
 * every file before returning. Not thread-safe; one per job.
 *
 * <p>The caller records the returned files in the manifest; until then they are listed in {@code
 * pending} so that obsolete-file cleanup leaves them alone.
 */
public final class TableOutputs {
  private final Vfs vfs;
  private final Path dir;
  private final TableOptions tableOptions;
  private final long targetFileBytes;
  private final LongSupplier newFileNumber;
  private final List<Long> pending;
  private RateLimiter limiter;

  private final List<FileMetadata> outputs = new ArrayList<>();
  private final List<Long> allocated = new ArrayList<>();
  private TableBuilder builder;
  private WritableFile file;

  /** Appends to a table are handed to the file system in pieces of this size. */
  static final int WRITE_BUFFER_BYTES = 128 << 10;

  /** The buffer of the file being written, reused by every file of this job. */
  private byte[] writeBuffer;

  private long number;
  private byte[] smallest;
  private byte[] largest;
  private long smallestSeq;
  private long largestSeq;
  private long bytesWritten;
  private long entries;

  // Files of the level below the output (the "grandparents" of a compaction): an output file that
  // overlaps too many of them would make its own next compaction expensive, so it is cut early.
  private List<FileMetadata> grandparents = List.of();
  private long maxGrandparentOverlap = Long.MAX_VALUE;
  private int grandparentIndex;
  private long grandparentOverlap;

  /** The key of the entry {@link #addEntry} adds; set just before the input passes its value. */
  private byte[] entryKey;

  private final ValueSink addEntry = (value, off, len) -> add(entryKey, value, off, len);

  public TableOutputs(
      Vfs vfs,
      Path dir,
      TableOptions tableOptions,
      long targetFileBytes,
      LongSupplier newFileNumber,
      List<Long> pending) {
    this.vfs = vfs;
    this.dir = dir;
    this.tableOptions = tableOptions;
    this.targetFileBytes = targetFileBytes;
    this.newFileNumber = newFileNumber;
    this.pending = pending;
  }

  /**
   * Cuts output files early once one overlaps more than {@code maxOverlap} bytes of {@code files}.
   */
  TableOutputs limitOverlap(List<FileMetadata> files, long maxOverlap) {
    this.grandparents = files;
    this.maxGrandparentOverlap = maxOverlap;
    return this;
  }

  /** Takes every byte written from {@code rateLimiter} (null = unlimited). */
  TableOutputs rateLimit(RateLimiter rateLimiter) {
    this.limiter = rateLimiter;
    return this;
  }

  /** Writes every entry of {@code input} that {@code filter} keeps; returns the files written. */
  public List<FileMetadata> write(InternalIterator input, VisibilityFilter filter)
      throws IOException {
    try {
      for (input.seekToFirst(); input.isValid(); input.next()) {
        byte[] key = input.key();
        if (!filter.keep(key)) {
          continue;
        }
        boolean overlapTooLarge = overlapsTooMuch(key);
        if (builder != null
            && (builder.fileSize() >= targetFileBytes || overlapTooLarge)
            && InternalKey.compareUserKeys(largest, key) != 0) {
          finishFile();
        }
        if (builder == null) {
          startFile();
        }
        entryKey = key;
        input.valueTo(addEntry); // the value goes from the input's block into the new one
      }
      if (builder != null) {
        finishFile();
      }
    } catch (IOException | RuntimeException e) {
      abandon(e);
      throw e;
    }
    return outputs;
  }

  /** Removes this job's file numbers from the pending list (after the manifest has them). */
  void releasePending() {
    synchronized (pending) {
      pending.removeAll(allocated);
    }
  }

  long bytesWritten() {
    return bytesWritten;
  }

  /** Entries written to the tables so far. */
  public long entries() {
    return entries;
  }

  /** Advances past the grandparents wholly before {@code key}; true when the file should end. */
  private boolean overlapsTooMuch(byte[] key) {
    boolean seenKey = smallest != null;
    while (grandparentIndex < grandparents.size()
        && InternalKey.compare(key, grandparents.get(grandparentIndex).largest()) > 0) {
      if (seenKey) {
        grandparentOverlap += grandparents.get(grandparentIndex).size();
      }
      grandparentIndex++;
    }
    return grandparentOverlap > maxGrandparentOverlap;
  }

  private void add(byte[] key, byte[] value, int valueOff, int valueLen) {
    builder.add(key, value, valueOff, valueLen);
    entries++;
    long seq = InternalKey.sequence(key);
    if (smallest == null) {
      smallest = key;
      smallestSeq = seq;
      largestSeq = seq;
    }
    largest = key;
    smallestSeq = Math.min(smallestSeq, seq);
    largestSeq = Math.max(largestSeq, seq);
  }

  private void startFile() throws IOException {
    // The supplier registers the number as pending together with allocating it, so cleanup on
    // another thread can never see this file before it is protected.
    number = newFileNumber.getAsLong();
    allocated.add(number);
    String name = FileNames.table(number);
    file = vfs.create(dir.resolve(name));
    if (limiter != null) {
      file = new RateLimitedFile(file, limiter);
    }
    if (writeBuffer == null) {
      writeBuffer = new byte[WRITE_BUFFER_BYTES];
    }
    file = new BufferedFile(file, writeBuffer);
    builder = new TableBuilder(file, name, number, tableOptions);
    smallest = null;
    largest = null;
    grandparentOverlap = 0;
  }

  private void finishFile() throws IOException {
    builder.finish();
    long size = builder.fileSize();
    builder = null;
    file.sync();
    file.close();
    file = null;
    bytesWritten += size;
    outputs.add(new FileMetadata(number, size, smallest, largest, smallestSeq, largestSeq));
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
    // The partial outputs stay listed as pending; cleanup after the failure removes them.
  }
}
