package org.cairndb.internal.repair;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.cairndb.CairnException;
import org.cairndb.Options;
import org.cairndb.RepairReport;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.db.BatchFormat;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.db.TableOutputs;
import org.cairndb.internal.db.VisibilityFilter;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.MergingIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.memtable.MemTable;
import org.cairndb.internal.sstable.TableOptions;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.util.DecodeException;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;
import org.cairndb.internal.wal.LogReader;
import org.cairndb.internal.wal.LogWriter;
import org.cairndb.internal.wal.RecoveryMode;

/**
 * Rebuilds a database's manifest from its tables and write-ahead logs, for when {@code CURRENT} or
 * the manifest is lost or damaged (the engine side of {@code Cairn.repair}).
 *
 * <p>Steps, under the directory lock:
 *
 * <ol>
 *   <li>Every table is read in full ({@link TableScan}); one that does not read back intact is
 *       moved to the {@code lost} subdirectory, never deleted.
 *   <li>Every log is read up to its first damage; its valid records go to new tables. A log with
 *       damage is then moved to {@code lost} as well, so its unreadable rest is kept.
 *   <li>The tables are ordered for reads. Level 0 is searched newest file number first and a point
 *       lookup stops at the first table holding the key, so the tables can stay as they are only if
 *       for every two tables with overlapping user keys the higher-numbered one holds only newer
 *       sequence numbers. Otherwise (compaction outputs numbered after flushes of newer data, logs
 *       already flushed but not yet deleted) all tables are merged into new ones holding the newest
 *       version of each key, which are sorted, disjoint and go to the last level.
 *   <li>A new empty log and a new manifest (one snapshot record: all tables, the log number, the
 *       next file number above every file seen, the last sequence above every sequence seen) are
 *       written and synced, then {@code CURRENT} is switched by temp file, sync, rename and
 *       directory sync.
 *   <li>Only now are old manifests, replayed logs and tables merged into new ones deleted.
 * </ol>
 *
 * A crash at any point leaves every byte of data in a file that a second repair reads again.
 *
 * <p>Not thread-safe; one use.
 */
public final class Repairer {
  /** The subdirectory holding damaged files set aside. */
  public static final String LOST_DIR = "lost";

  private final Vfs vfs;
  private final Path dir;
  private final Options options;
  private final TableOptions tableOptions;

  private long nextFileNumber = 1;
  private long maxSequence;
  private final List<FileMetadata> tables = new ArrayList<>();
  private final List<String> obsolete = new ArrayList<>();
  private int tablesKept;
  private int tablesLost;
  private int logsReplayed;

  private Repairer(Vfs vfs, Path dir, Options options) {
    this.vfs = vfs;
    this.dir = dir;
    this.options = options;
    this.tableOptions =
        new TableOptions(options.blockSize(), 16, options.bloomBitsPerKey(), options.compression());
  }

  /** Repairs the database in {@code dir} (absolute, normalized). */
  public static RepairReport repair(Path dir, Options options) {
    Vfs vfs = options.vfs();
    if (!vfs.exists(dir)) {
      throw new CairnException("database directory does not exist: " + dir);
    }
    Closeable lock;
    try {
      lock = vfs.lock(dir.resolve(FileNames.LOCK));
    } catch (IOException e) {
      throw new CairnException(
          "cannot repair " + dir + ": database is locked / in use: " + e.getMessage(), e);
    }
    RepairReport report;
    try {
      report = new Repairer(vfs, dir, options).run();
    } catch (IOException e) {
      CairnException failure =
          new CairnException("repair of " + dir + " failed: " + e.getMessage(), e);
      closeLock(lock, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      closeLock(lock, e);
      throw e;
    }
    try {
      lock.close();
    } catch (IOException e) {
      throw new CairnException("cannot release the lock of " + dir, e);
    }
    return report;
  }

  private static void closeLock(Closeable lock, Throwable primary) {
    try {
      lock.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  private RepairReport run() throws IOException {
    List<Long> tableNumbers = new ArrayList<>();
    List<Long> logNumbers = new ArrayList<>();
    List<String> manifests = new ArrayList<>();
    for (String name : vfs.list(dir)) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p == null) {
        continue;
      }
      nextFileNumber = Math.max(nextFileNumber, p.number() + 1);
      switch (p.kind()) {
        case TABLE -> tableNumbers.add(p.number());
        case LOG -> logNumbers.add(p.number());
        case MANIFEST -> manifests.add(name);
        default -> {
          // CURRENT is replaced below; LOCK is ours; temp files are removed by the next open.
        }
      }
    }
    Collections.sort(tableNumbers);
    Collections.sort(logNumbers);
    for (long number : tableNumbers) {
      FileMetadata f = TableScan.scan(vfs, dir, number);
      if (f == null) {
        moveToLost(FileNames.table(number));
        tablesLost++;
      } else {
        tables.add(f);
        maxSequence = Math.max(maxSequence, f.largestSeq());
        tablesKept++;
      }
    }
    for (long number : logNumbers) {
      replayLog(number);
    }
    int level = 0;
    long entries;
    if (!newerNumbersHoldNewerData(tables)) {
      entries = mergeAll();
      level = VersionEdit.NUM_LEVELS - 1;
    } else {
      entries = 0;
      for (FileMetadata f : tables) {
        entries += entryCount(f);
      }
    }
    vfs.syncDir(dir);
    installManifest(level);
    for (String name : manifests) {
      vfs.delete(dir.resolve(name));
    }
    for (String name : obsolete) {
      vfs.delete(dir.resolve(name));
    }
    vfs.syncDir(dir);
    return new RepairReport(tablesKept, tablesLost, logsReplayed, entries);
  }

  /**
   * Replays the valid records of log {@code number} (up to its first damage) into new level-0
   * tables. A clean log is deleted once the new manifest is durable; a damaged one is kept in
   * {@code lost}.
   */
  private void replayLog(long number) throws IOException {
    String name = FileNames.log(number);
    boolean damaged;
    MemTable mem = new MemTable();
    try (ReadableFile in = vfs.open(dir.resolve(name))) {
      LogReader reader = new LogReader(in, name, RecoveryMode.POINT_IN_TIME);
      damaged = false;
      byte[] rec;
      while ((rec = reader.next()) != null) {
        if (!validBatch(rec)) {
          damaged = true;
          break;
        }
        if (BatchFormat.count(rec) == 0) {
          continue;
        }
        MemTable m = mem;
        BatchFormat.forEach(
            rec, rec.length, (seq, kind, r, ko, kl, vo, vl) -> m.add(seq, kind, r, ko, kl, vo, vl));
        maxSequence = Math.max(maxSequence, BatchFormat.sequence(rec) + BatchFormat.count(rec) - 1);
        if (mem.approximateBytes() >= options.memtableBytes()) {
          flushMemTable(mem);
          mem = new MemTable();
        }
      }
      damaged |= reader.tornTail();
    }
    if (!mem.isEmpty()) {
      flushMemTable(mem);
    }
    logsReplayed++;
    if (damaged) {
      moveToLost(name);
    } else {
      obsolete.add(name);
    }
  }

  /** A well-formed batch whose sequence numbers all lie in the valid range. */
  private static boolean validBatch(byte[] rec) {
    try {
      BatchFormat.validate(rec, rec.length);
    } catch (DecodeException e) {
      return false;
    }
    long first = BatchFormat.sequence(rec);
    int count = BatchFormat.count(rec);
    return count >= 0 && first >= 0 && first <= InternalKey.MAX_SEQUENCE - count;
  }

  private void flushMemTable(MemTable mem) throws IOException {
    TableOutputs out = newTables(Long.MAX_VALUE);
    try (InternalIterator it = mem.iterator()) {
      // Keeps tombstones: older tables may hold what they delete.
      tables.addAll(out.write(it, new VisibilityFilter(List.of(), null)));
    }
  }

  /**
   * Writes tables as flushes and compactions do. A failure leaves the partial file in place for the
   * caller's error report; nothing refers to it, so the next open removes it.
   */
  private TableOutputs newTables(long targetFileBytes) {
    return new TableOutputs(
        vfs, dir, tableOptions, targetFileBytes, () -> nextFileNumber++, new ArrayList<>());
  }

  /**
   * Whether level 0 in file-number order (newest number first) gives every lookup the newest
   * version: for every two tables whose user-key ranges overlap, the higher-numbered one holds no
   * sequence below the other's highest. (Equal sequence numbers name the same write.)
   */
  static boolean newerNumbersHoldNewerData(List<FileMetadata> files) {
    List<FileMetadata> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingLong(FileMetadata::number).reversed());
    for (int i = 0; i < sorted.size(); i++) {
      FileMetadata newer = sorted.get(i);
      for (int j = i + 1; j < sorted.size(); j++) {
        FileMetadata older = sorted.get(j);
        if (newer.overlaps(older) && newer.smallestSeq() < older.largestSeq()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Merges every table into new ones with the newest version of each key (no snapshot can exist
   * during a repair, and every table takes part, so older versions and tombstones can go). The
   * merged tables replace the inputs, which are deleted once the new manifest is durable.
   */
  private long mergeAll() throws IOException {
    List<InternalIterator> children = new ArrayList<>();
    List<TableReader> readers = new ArrayList<>();
    TableOutputs out = newTables(options.targetFileBytes());
    List<FileMetadata> written;
    try {
      for (FileMetadata f : tables) {
        String name = FileNames.table(f.number());
        ReadableFile file = vfs.open(dir.resolve(name));
        try {
          readers.add(TableReader.open(file, name, f.number(), f.size(), null));
        } catch (RuntimeException e) {
          file.close();
          throw e;
        }
        children.add(readers.get(readers.size() - 1).iterator(false));
      }
      try (InternalIterator merged = new MergingIterator(children)) {
        // Every table takes part and no snapshot exists: only the newest version of each key
        // stays, and tombstones go (nothing older is left for them to hide).
        written = out.write(merged, new VisibilityFilter(List.of(), userKey -> true));
      }
    } finally {
      for (TableReader r : readers) {
        r.close();
      }
    }
    for (FileMetadata f : tables) {
      obsolete.add(FileNames.table(f.number()));
    }
    tables.clear();
    tables.addAll(written);
    return out.entries();
  }

  private long entryCount(FileMetadata f) throws IOException {
    String name = FileNames.table(f.number());
    ReadableFile file = vfs.open(dir.resolve(name));
    try (TableReader r = TableReader.open(file, name, f.number(), f.size(), null)) {
      return r.properties().entryCount();
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Writes a new empty log, a manifest listing {@link #tables} at {@code level}, and CURRENT. */
  private void installManifest(int level) throws IOException {
    long logNumber = nextFileNumber++;
    try (WritableFile log = vfs.create(dir.resolve(FileNames.log(logNumber)))) {
      log.sync();
    }
    long manifestNumber = nextFileNumber++;
    long tempNumber = nextFileNumber++;
    VersionEdit edit =
        new VersionEdit()
            .setFormatVersion(VersionEdit.FORMAT_VERSION)
            .setLogNumber(logNumber)
            .setNextFileNumber(nextFileNumber)
            .setLastSequence(maxSequence);
    for (FileMetadata f : tables) {
      edit.addFile(level, f);
    }
    String problem = new Version.Builder(null).apply(edit).check();
    if (problem != null) {
      throw new CairnException("internal error: repaired tree is invalid: " + problem);
    }
    String manifestName = FileNames.manifest(manifestNumber);
    byte[] rec = edit.encode();
    try (LogWriter writer = new LogWriter(vfs.create(dir.resolve(manifestName)), manifestNumber)) {
      writer.addRecord(rec);
      writer.sync();
    }
    vfs.syncDir(dir);
    Path tmp = dir.resolve(FileNames.temp(tempNumber));
    byte[] content = (manifestName + "\n").getBytes(StandardCharsets.UTF_8);
    try (WritableFile f = vfs.create(tmp)) {
      f.append(content);
      f.sync();
    }
    vfs.rename(tmp, dir.resolve(FileNames.CURRENT));
    vfs.syncDir(dir);
  }

  /** Moves a damaged file into {@code lost/}, under a name not yet used there. */
  private void moveToLost(String name) throws IOException {
    Path lost = dir.resolve(LOST_DIR);
    vfs.mkdirs(lost);
    Path target = lost.resolve(name);
    for (int i = 1; vfs.exists(target); i++) {
      target = lost.resolve(name + "." + i);
    }
    vfs.rename(dir.resolve(name), target);
    vfs.syncDir(lost);
    vfs.syncDir(dir);
  }
}
