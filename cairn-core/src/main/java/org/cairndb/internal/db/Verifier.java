package org.cairndb.internal.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cairndb.CairnException;
import org.cairndb.CorruptionException;
import org.cairndb.VerifyReport;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.sstable.TableProperties;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.util.DecodeException;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;
import org.cairndb.internal.wal.LogReader;
import org.cairndb.internal.wal.RecoveryMode;

/**
 * Reads every live file of a database end to end and checks it against the manifest: the engine
 * side of {@code Cairn.verify()}.
 *
 * <p>For each table of the given version: the file is in the directory and has the recorded size;
 * footer, index, filter and properties blocks and every data block pass their checksums (read from
 * the file with a private reader, never from the block cache); internal keys strictly ascend; the
 * first and last key equal the manifest's smallest and largest key; entry count, tombstone count,
 * key range and sequence range equal the table's properties and the manifest's record. Across
 * files: each level above 0 is sorted with disjoint user-key ranges. Then the live write-ahead logs
 * (every fragment checksum and every batch's encoding; the tail of the active log, which may be
 * mid-append, is read as a crash would leave it), the live manifest (every record decodes) and
 * {@code CURRENT}.
 *
 * <p>The caller keeps the version referenced for the duration (so none of its tables is deleted)
 * and holds no lock: reading takes as long as the data. Logs and manifests that are retired while
 * the check runs are skipped. Not thread-safe; one use. The first problem ends the check with a
 * {@link CorruptionException} naming the file; an I/O failure is a {@link CairnException}.
 */
final class Verifier {
  private static final int MAX_CURRENT_BYTES = 4096;

  private final Vfs vfs;
  private final Path dir;
  private final String manifestName;

  private long blocks;
  private long entries;
  private long tableBytes;
  private int logs;
  private long logRecords;

  Verifier(Vfs vfs, Path dir, long manifestNumber) {
    this.vfs = vfs;
    this.dir = dir;
    this.manifestName = FileNames.manifest(manifestNumber);
  }

  /** Checks {@code v}'s tables and the logs numbered {@code minLogNumber} and above. */
  VerifyReport verify(Version v, long minLogNumber) {
    try {
      List<String> names = vfs.list(dir);
      Set<String> present = new HashSet<>(names);
      int tables = 0;
      int levels = 0;
      Set<Long> seen = new HashSet<>();
      for (int level = 0; level < v.numLevels(); level++) {
        List<FileMetadata> files = v.files(level);
        if (!files.isEmpty()) {
          levels++;
        }
        checkLevelShape(level, files);
        for (FileMetadata f : files) {
          if (!seen.add(f.number())) {
            throw new CorruptionException(
                manifestName, "table " + f.number() + " is listed twice in the tree");
          }
          checkTable(f, present);
          tables++;
        }
      }
      checkLogs(names, minLogNumber);
      checkManifest();
      checkCurrent();
      return new VerifyReport(tables, blocks, entries, levels, tableBytes, logs, logRecords);
    } catch (IOException e) {
      throw new CairnException("I/O error verifying " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Level 0: newest first (by largest sequence, then number), and of two files whose key ranges
   * overlap, every entry of the newer one is newer than every entry of the older. Deeper levels:
   * sorted, user-key ranges disjoint.
   */
  private void checkLevelShape(int level, List<FileMetadata> files) {
    for (int i = 1; i < files.size(); i++) {
      FileMetadata prev = files.get(i - 1);
      FileMetadata cur = files.get(i);
      boolean ordered =
          level == 0
              ? newerLevel0(prev, cur)
              : InternalKey.compareUserKeys(prev.largest(), cur.smallest()) < 0;
      if (!ordered) {
        throw new CorruptionException(
            manifestName,
            "tables "
                + prev.number()
                + " and "
                + cur.number()
                + (level == 0 ? " are out of order" : " overlap or are out of order")
                + " in level "
                + level);
      }
    }
  }

  private static boolean newerLevel0(FileMetadata prev, FileMetadata cur) {
    boolean first =
        prev.largestSeq() > cur.largestSeq()
            || (prev.largestSeq() == cur.largestSeq() && prev.number() > cur.number());
    return first && (!prev.overlaps(cur) || prev.smallestSeq() > cur.largestSeq());
  }

  private void checkTable(FileMetadata f, Set<String> present) throws IOException {
    String name = FileNames.table(f.number());
    if (!present.contains(name)) {
      throw new CorruptionException(
          name, "listed in " + manifestName + " but missing from the directory");
    }
    Path path = dir.resolve(name);
    long size = vfs.size(path);
    if (size != f.size()) {
      throw new CorruptionException(
          name, "size " + size + " differs from the " + f.size() + " recorded in " + manifestName);
    }
    ReadableFile file = vfs.open(path);
    TableReader reader;
    try {
      reader = TableReader.open(file, name, f.number(), size, null);
    } catch (RuntimeException e) {
      closeQuietly(file, e);
      throw asCorruption(name, e);
    }
    try (reader) {
      scanTable(reader, f);
    } catch (RuntimeException e) {
      throw asCorruption(name, e);
    }
    tableBytes += size;
  }

  /** Reads every entry of {@code reader} and checks it against its properties and {@code f}. */
  private void scanTable(TableReader reader, FileMetadata f) {
    String name = reader.fileName();
    TableProperties props = reader.properties();
    long count = 0;
    long deletions = 0;
    long minSeq = Long.MAX_VALUE;
    long maxSeq = Long.MIN_VALUE;
    byte[] first = null;
    byte[] prev = null;
    try (InternalIterator it = reader.iterator(false)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (prev == null) {
          first = key;
        } else if (InternalKey.compare(prev, key) >= 0) {
          throw new CorruptionException(
              name, "keys out of order after entry " + count + " (key bytes not shown)");
        }
        long seq = InternalKey.sequence(key);
        minSeq = Math.min(minSeq, seq);
        maxSeq = Math.max(maxSeq, seq);
        if (InternalKey.kind(key) == ValueKind.DELETE) {
          deletions++;
        }
        count++;
        prev = key;
      }
    }
    blocks += props.dataBlockCount();
    entries += count;
    if (count == 0) {
      throw new CorruptionException(name, "live table has no entries");
    }
    if (count != props.entryCount() || deletions != props.deletionCount()) {
      throw new CorruptionException(
          name,
          "holds "
              + count
              + " entries ("
              + deletions
              + " tombstones) but its properties record "
              + props.entryCount()
              + " ("
              + props.deletionCount()
              + ")");
    }
    if (!Arrays.equals(first, props.smallestKey())
        || !Arrays.equals(prev, props.largestKey())
        || minSeq != props.smallestSequence()
        || maxSeq != props.largestSequence()) {
      throw new CorruptionException(
          name, "key or sequence range differs from the table's properties");
    }
    if (!Arrays.equals(first, f.smallest()) || !Arrays.equals(prev, f.largest())) {
      throw new CorruptionException(
          name, "first or last key differs from the range recorded in " + manifestName);
    }
    if (minSeq != f.smallestSeq() || maxSeq != f.largestSeq()) {
      throw new CorruptionException(
          name,
          "sequence range "
              + minSeq
              + ".."
              + maxSeq
              + " differs from the "
              + f.smallestSeq()
              + ".."
              + f.largestSeq()
              + " recorded in "
              + manifestName);
    }
  }

  /** Every log at or above the oldest live one: fragment checksums and batch encoding. */
  private void checkLogs(List<String> names, long minLogNumber) throws IOException {
    for (String name : names) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p == null || p.kind() != FileNames.Kind.LOG || p.number() < minLogNumber) {
        continue;
      }
      ReadableFile in = openIfStillThere(name);
      if (in == null) {
        continue;
      }
      try (in) {
        LogReader reader = new LogReader(in, name, RecoveryMode.TOLERATE_CORRUPTED_TAIL);
        byte[] rec;
        while ((rec = reader.next()) != null) {
          try {
            BatchFormat.validate(rec, rec.length);
          } catch (DecodeException e) {
            throw new CorruptionException(
                name,
                "bad write batch in record "
                    + (reader.recordsRead() - 1)
                    + " ending at offset "
                    + reader.validLength()
                    + ": "
                    + e.getMessage(),
                e);
          }
          logRecords++;
        }
      }
      logs++;
    }
  }

  /** Every record of the live manifest decodes (a tail cut short by a concurrent append is ok). */
  private void checkManifest() throws IOException {
    ReadableFile in = openIfStillThere(manifestName);
    if (in == null) {
      return;
    }
    try (in) {
      LogReader reader = new LogReader(in, manifestName, RecoveryMode.TOLERATE_TRUNCATED_TAIL);
      byte[] rec;
      while ((rec = reader.next()) != null) {
        VersionEdit.decode(rec, manifestName);
      }
    }
  }

  /** {@code CURRENT} names an existing manifest. */
  private void checkCurrent() throws IOException {
    Path path = dir.resolve(FileNames.CURRENT);
    long size = vfs.size(path);
    if (size <= 1 || size > MAX_CURRENT_BYTES) {
      throw new CorruptionException(FileNames.CURRENT, "unexpected size " + size);
    }
    byte[] b = new byte[(int) size];
    try (ReadableFile in = vfs.open(path)) {
      in.readFully(0, b, 0, b.length);
    }
    String name = new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
    FileNames.Parsed p = FileNames.parse(name);
    if (b[b.length - 1] != '\n' || p == null || p.kind() != FileNames.Kind.MANIFEST) {
      throw new CorruptionException(FileNames.CURRENT, "does not name a manifest");
    }
    if (!vfs.exists(dir.resolve(name))) {
      throw new CorruptionException(FileNames.CURRENT, "names " + name + ", which does not exist");
    }
  }

  /** Opens a log or manifest; null when it was retired (deleted) since the check started. */
  private ReadableFile openIfStillThere(String name) throws IOException {
    Path path = dir.resolve(name);
    try {
      return vfs.open(path);
    } catch (IOException e) {
      if (!vfs.exists(path)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Reading a table must only ever fail with {@link CorruptionException}; anything else a decoder
   * lets slip on damaged bytes is reported the same way, naming the file.
   */
  private static CairnException asCorruption(String name, RuntimeException e) {
    if (e instanceof CairnException ce) {
      return ce;
    }
    return new CorruptionException(name, "unreadable: " + e, e);
  }

  private static void closeQuietly(ReadableFile f, Throwable primary) {
    try {
      f.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
