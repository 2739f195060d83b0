package org.cairndb.internal.db;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.cairndb.CairnException;
import org.cairndb.CompactionStyle;
import org.cairndb.CorruptionException;
import org.cairndb.Options;
import org.cairndb.Snapshot;
import org.cairndb.Statistics;
import org.cairndb.VerifyReport;
import org.cairndb.WalRecoveryMode;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.cache.SharedMemory;
import org.cairndb.internal.iter.DbIterator;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.MergingIterator;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.memtable.MemTable;
import org.cairndb.internal.sstable.KeyHash;
import org.cairndb.internal.sstable.TableOptions;
import org.cairndb.internal.util.DecodeException;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;
import org.cairndb.internal.version.VersionSet;
import org.cairndb.internal.wal.LogReader;
import org.cairndb.internal.wal.LogSyncer;
import org.cairndb.internal.wal.LogWriter;
import org.cairndb.internal.wal.RecoveryMode;

/**
 * The engine: write path, read path, recovery, flush and compaction scheduling. The public {@code
 * Cairn} class is a thin, argument-checking facade over it.
 *
 * <p>Threads: any number of user threads, plus a pool of {@code maxBackgroundJobs} background
 * threads: one flush job at a time (flushes first, so writers waiting for room are served before
 * anything else) and up to {@code maxBackgroundJobs - 1} compactions of disjoint key ranges at
 * once.
 *
 * <p>Locking: {@link #mutex} protects the writer queue, the memtable list ({@link #mem}, {@link
 * #imms}), the WAL writer reference, the version set and the background-work flags. It is never
 * held across user-visible waits other than write stalls, and it is released during table writes,
 * WAL appends and memtable inserts. Readers take no lock: they read {@link #lastSequence} and the
 * published {@link SuperVersion}, both volatile.
 *
 * <p>Group commit: writers queue up; the writer at the head (the leader) merges the queued batches
 * into one WAL record, appends it with one system call (and one fsync if any writer asked for
 * SYNC), inserts the operations into the memtable, then publishes the new last sequence so readers
 * see the whole group at once. Only the leader touches the active memtable and WAL, so the memtable
 * has a single writer.
 */
public final class DbImpl implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.cairndb");
  private static final int MAX_GROUP_BYTES = 1 << 20;
  private static final int SMALL_BATCH_BYTES = 128 << 10;
  private static final long GRANDPARENT_OVERLAP_FACTOR = 10;

  private final Vfs vfs;
  private final Path dir;
  private final Options options;
  private final TableOptions tableOptions;
  private final long memtableLimit;

  /** Large arrays are allocated this much short of a power of two; see {@link #newMemTable}. */
  private static final int HEAP_SLACK_BYTES = 64;

  private final Closeable lock;
  private final BlockCache blockCache;

  /** The memory shared with other databases, or null; see {@link SharedMemory}. */
  private final SharedMemory sharedMemory;

  /** This database's memtable bytes charged to {@link #sharedMemory}; null without one. */
  private final SharedMemory.Charge memtableCharge;

  private final TableCache tableCache;
  private final VersionSet versions;
  private final SnapshotList snapshots = new SnapshotList();
  private final CompactionPicker picker;
  private final DbStats stats = new DbStats();
  private final List<Long> pendingOutputs = new ArrayList<>();
  private final List<TableOutputs> recoveryOutputs = new ArrayList<>();
  private final ExecutorService background;

  private final ReentrantLock mutex = new ReentrantLock();
  private final Condition backgroundChanged = mutex.newCondition();
  private final ArrayDeque<Writer> writers = new ArrayDeque<>();

  private MemTable mem;
  private final List<Imm> imms = new ArrayList<>();
  private WritableFile logFile;
  private LogWriter log;
  private long logNumber;
  private byte[] groupBuffer = new byte[4096];

  /** Syncs the active log every walBytesPerSync bytes in the background; null when that is 0. */
  private final LogSyncer logSyncer;

  /** Bytes appended to the active log since the last sync was requested or done. Mutex. */
  private long walBytesSinceSync;

  private volatile long lastSequence;
  private volatile SuperVersion superVersion;
  private volatile Throwable backgroundError;
  private volatile boolean closed;
  private boolean flushScheduled;
  private int runningCompactions;
  private final List<Compaction> running = new ArrayList<>();
  private final Set<Long> compacting = new HashSet<>();
  private boolean manualRunning;
  private boolean cleanupRequested;
  private ManualCompaction manual;
  private long pendingCompactionBytes;
  private final RateLimiter rateLimiter;

  /** An immutable memtable waiting for its flush, and the WAL that holds its contents. */
  private record Imm(MemTable mem, long logNumber, long lastSequence) {}

  /** A queued write; {@code rep == null} asks the leader only to switch the memtable. */
  private static final class Writer {
    byte[] rep;
    int len;
    boolean sync;
    final Condition ready;
    boolean done;
    RuntimeException error;

    /** True while this writer is queued or leading (a per-thread writer is then not reused). */
    boolean busy;

    Writer(byte[] rep, int len, boolean sync, Condition ready) {
      this.rep = rep;
      this.len = len;
      this.sync = sync;
      this.ready = ready;
    }
  }

  /**
   * Each writing thread's {@link Writer} for batches, reused from one write to the next so that a
   * put allocates neither it nor its condition. A writer leaves the queue before its write returns,
   * so it is free again by the thread's next write.
   */
  private final ThreadLocal<Writer> threadWriters =
      ThreadLocal.withInitial(() -> new Writer(null, 0, false, mutex.newCondition()));

  /** A compactRange request, run level by level on the background thread. */
  private static final class ManualCompaction {
    final byte[] from;
    final byte[] to;
    boolean done;
    boolean completed;

    ManualCompaction(byte[] from, byte[] to) {
      this.from = from;
      this.to = to;
    }
  }

  private DbImpl(Path dir, Options options, Closeable lock) {
    this.vfs = options.vfs();
    this.dir = dir;
    this.options = options;
    this.lock = lock;
    this.tableOptions =
        new TableOptions(options.blockSize(), 16, options.bloomBitsPerKey(), options.compression());
    long budget = options.memoryBudgetBytes();
    long memtables = 1L + options.maxImmutableMemtables();
    this.sharedMemory =
        options.memoryBudget() == null ? null : SharedMemory.of(options.memoryBudget());
    if (sharedMemory != null) {
      // Shared with other databases: one cache for all, memtables charged to it as they grow.
      this.memtableLimit =
          Math.min(options.memtableBytes(), Math.max(64L << 10, sharedMemory.memtableLimit()));
      this.blockCache = sharedMemory.cacheForDatabase();
      this.memtableCharge = sharedMemory.newCharge();
    } else {
      // With one budget, memtables (the active one and those waiting) take at most half of it
      // and the block cache, charged with every open table's index and filter, the rest.
      this.memtableLimit =
          budget > 0
              ? Math.min(options.memtableBytes(), Math.max(64L << 10, budget / (2 * memtables)))
              : options.memtableBytes();
      long cacheBytes = budget > 0 ? budget - memtables * memtableLimit : options.blockCacheBytes();
      this.blockCache = cacheBytes > 0 ? new BlockCache(cacheBytes) : null;
      this.memtableCharge = null;
    }
    this.tableCache = new TableCache(vfs, dir, blockCache, options.maxOpenFiles(), stats.reads);
    this.versions = new VersionSet(vfs, dir, options.maxManifestBytes());
    this.picker = CompactionPicker.create(options);
    this.rateLimiter =
        options.rateLimitBytesPerSecond() > 0
            ? new RateLimiter(options.rateLimitBytesPerSecond(), RateLimiter.SYSTEM)
            : null;
    this.logSyncer =
        options.walBytesPerSync() > 0
            ? new LogSyncer("cairn-wal-sync-" + dir.getFileName(), stats.walBackgroundSyncs)
            : null;
    String name = "cairn-bg-" + dir.getFileName() + "-";
    AtomicInteger threadCount = new AtomicInteger();
    // One thread for flushes, the rest for compactions (see scheduleBackground).
    this.background =
        Executors.newFixedThreadPool(
            options.maxBackgroundJobs(),
            r -> {
              Thread t = new Thread(r, name + threadCount.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  // ---------------------------------------------------------------- open and recovery

  /** Opens (creating if allowed) the database in {@code dir}. */
  public static DbImpl open(Path dir, Options options) {
    Vfs vfs = options.vfs();
    Closeable lock;
    try {
      if (!vfs.exists(dir)) {
        if (!options.createIfMissing()) {
          throw new CairnException("database directory does not exist: " + dir);
        }
        vfs.mkdirs(dir);
      }
      lock = vfs.lock(dir.resolve(FileNames.LOCK));
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.toLowerCase(Locale.ROOT).contains("lock")) {
        throw new CairnException("database is locked / in use by another Cairn: " + dir, e);
      }
      throw new CairnException("cannot open database " + dir + ": " + msg, e);
    }
    DbImpl db = new DbImpl(dir, options, lock);
    try {
      db.recover();
    } catch (IOException e) {
      db.closeAfterFailedOpen(e);
      throw new CairnException("cannot open database " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      db.closeAfterFailedOpen(e);
      throw e;
    }
    return db;
  }

  private void closeAfterFailedOpen(Throwable primary) {
    closed = true;
    background.shutdownNow();
    Throwable failure = closeResources(null);
    if (failure != null) {
      primary.addSuppressed(failure);
    }
  }

  /** An I/O step of shutting down. */
  private interface CloseStep {
    void run() throws IOException;
  }

  /** Closes the WAL, the manifest, the tables and the lock, each even when an earlier one fails. */
  private Throwable closeResources(Throwable failure) {
    if (logSyncer != null) {
      logSyncer.close(); // it must be done with the log before the log is closed
    }
    failure =
        closeStep(
            failure,
            () -> {
              if (logFile != null) {
                logFile.close();
              }
            });
    failure = closeStep(failure, versions::close);
    failure = closeStep(failure, tableCache::close);
    if (sharedMemory != null) {
      // Give the shared memory back: this database's memtables and cached blocks.
      memtableCharge.update(0);
      blockCache.evictAll();
    }
    return closeStep(failure, lock::close);
  }

  private static Throwable closeStep(Throwable failure, CloseStep step) {
    try {
      step.run();
      return failure;
    } catch (IOException | RuntimeException e) {
      return addFailure(failure, e);
    }
  }

  private void recover() throws IOException {
    mutex.lock();
    try {
      boolean exists = vfs.exists(dir.resolve(FileNames.CURRENT));
      if (exists) {
        if (options.errorIfExists()) {
          throw new CairnException("database already exists: " + dir);
        }
        versions.recover();
      } else if (!options.createIfMissing()) {
        throw new CairnException("database does not exist (no CURRENT file): " + dir);
      } else {
        refuseOrphanedFiles();
      }
      List<Long> logs = new ArrayList<>();
      for (String name : vfs.list(dir)) {
        FileNames.Parsed p = FileNames.parse(name);
        if (p == null) {
          continue;
        }
        versions.markFileNumberUsed(p.number());
        if (exists && p.kind() == FileNames.Kind.LOG && p.number() >= versions.logNumber()) {
          logs.add(p.number());
        }
      }
      Collections.sort(logs);
      if (exists && !logs.contains(versions.logNumber())) {
        // The manifest names the oldest log still needed; it is created and made durable before
        // the manifest records it, so its absence means a damaged manifest or a lost file.
        throw new CorruptionException(
            FileNames.manifest(versions.manifestNumber()),
            "names "
                + FileNames.log(versions.logNumber())
                + " as the oldest live log, but that log is missing");
      }
      VersionEdit edit = new VersionEdit();
      long maxSequence = versions.lastSequence();
      MemTable recovered = newMemTable();
      boolean stopped = false;
      String previousLog = null;
      for (long number : logs) {
        if (stopped) {
          if (options.walRecoveryMode() == WalRecoveryMode.POINT_IN_TIME) {
            break;
          }
          if (logHasRecords(number)) {
            throw new CorruptionException(
                previousLog,
                "ends in damage although the later "
                    + FileNames.log(number)
                    + " holds writes: the damage is not a torn tail");
          }
          continue;
        }
        LogReplay replay = replayLog(number, previousLog, recovered, edit, maxSequence);
        previousLog = FileNames.log(number);
        // After a torn tail, previousLog stays the damaged log for the checks above.
        recovered = replay.mem;
        maxSequence = replay.maxSequence;
        stopped = replay.tornTail;
      }
      if (!recovered.isEmpty()) {
        flushRecovered(recovered, edit);
      }
      versions.setLastSequence(maxSequence);
      lastSequence = maxSequence;

      logNumber = versions.newFileNumber();
      logFile = createLog(logNumber);
      vfs.syncDir(dir);
      log = new LogWriter(logFile, logNumber);
      edit.setLogNumber(logNumber);
      versions.startNewManifest(edit);
      for (TableOutputs out : recoveryOutputs) {
        out.releasePending();
      }
      mem = newMemTable();
      installSuperVersion();
      LOG.log(
          System.Logger.Level.INFO,
          "opened {0}: {1} logs replayed, last sequence {2}, {3} tables",
          dir,
          logs.size(),
          maxSequence,
          versions.current().totalFiles());
    } finally {
      mutex.unlock();
    }
    deleteObsoleteFiles();
    mutex.lock();
    try {
      scheduleBackground();
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Without {@code CURRENT} the directory must not hold data: creating a new database over tables
   * or written logs would delete them as obsolete. (An interrupted creation leaves only an empty
   * log and a manifest without data, which are safe to replace.)
   */
  private void refuseOrphanedFiles() throws IOException {
    for (String name : vfs.list(dir)) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p != null
          && (p.kind() == FileNames.Kind.TABLE
              || (p.kind() == FileNames.Kind.LOG && vfs.size(dir.resolve(name)) > 0))) {
        throw new CairnException(
            "no CURRENT file in "
                + dir
                + " but database files are present (for example "
                + name
                + "): refusing to create a new database over them; repair or move them first");
      }
    }
  }

  private record LogReplay(MemTable mem, long maxSequence, boolean tornTail) {}

  private boolean logHasRecords(long number) throws IOException {
    String name = FileNames.log(number);
    try (ReadableFile in = vfs.open(dir.resolve(name))) {
      LogReader reader = new LogReader(in, name, RecoveryMode.POINT_IN_TIME);
      return reader.next() != null;
    }
  }

  private LogReplay replayLog(
      long number, String previousLog, MemTable mem, VersionEdit edit, long maxSequence)
      throws IOException {
    String name = FileNames.log(number);
    RecoveryMode mode =
        switch (options.walRecoveryMode()) {
          case TOLERATE_CORRUPTED_TAIL -> RecoveryMode.TOLERATE_CORRUPTED_TAIL;
          case ABSOLUTE_CONSISTENCY -> RecoveryMode.ABSOLUTE_CONSISTENCY;
          case POINT_IN_TIME -> RecoveryMode.POINT_IN_TIME;
        };
    long max = maxSequence;
    MemTable target = mem;
    try (ReadableFile in = vfs.open(dir.resolve(name))) {
      LogReader reader = new LogReader(in, name, mode);
      byte[] rec;
      while ((rec = reader.next()) != null) {
        try {
          BatchFormat.validate(rec, rec.length);
        } catch (DecodeException e) {
          throw new CorruptionException(name, "bad write batch: " + e.getMessage(), e);
        }
        long first = BatchFormat.sequence(rec);
        int count = BatchFormat.count(rec);
        if (count == 0) {
          continue;
        }
        if (first != max + 1) {
          // Sequence numbers run without gaps across tables and logs; a gap means lost records
          // (a truncated or missing log), so what follows would not be a prefix of the history.
          if (mode == RecoveryMode.POINT_IN_TIME) {
            return new LogReplay(target, max, true);
          }
          // At a log's first record the earlier log (or the manifest) lost the missing writes.
          boolean atStart = reader.recordsRead() == 1;
          String culprit = !atStart ? name : previousLog != null ? previousLog : manifestName();
          throw new CorruptionException(
              culprit,
              "writes are missing: "
                  + name
                  + " continues at sequence "
                  + first
                  + " but the history before it ends at "
                  + max
                  + (atStart ? " (truncated or lost data)" : ""));
        }
        MemTable m = target;
        BatchFormat.forEach(
            rec, rec.length, (seq, kind, r, ko, kl, vo, vl) -> m.add(seq, kind, r, ko, kl, vo, vl));
        max = first + count - 1;
        if (target.approximateBytes() >= memtableLimit) {
          flushRecovered(target, edit);
          target = newMemTable();
        }
      }
      return new LogReplay(target, max, reader.tornTail());
    }
  }

  private String manifestName() {
    return FileNames.manifest(versions.manifestNumber());
  }

  /** Writes a memtable replayed from the WAL to level 0 during open. Requires: mutex. */
  private void flushRecovered(MemTable m, VersionEdit edit) throws IOException {
    TableOutputs out = newOutputs(Long.MAX_VALUE);
    recoveryOutputs.add(out);
    try (InternalIterator it = m.iterator()) {
      for (FileMetadata f : out.write(it, new VisibilityFilter(List.of(), null))) {
        edit.addFile(0, f);
      }
    }
    vfs.syncDir(dir);
    stats.flushBytesWritten.addAndGet(out.bytesWritten());
  }

  private TableOutputs newOutputs(long targetFileBytes) {
    return newOutputs(targetFileBytes, tableOptions);
  }

  private TableOutputs newOutputs(long targetFileBytes, TableOptions opts) {
    return new TableOutputs(
            vfs, dir, opts, targetFileBytes, this::newPendingFileNumber, pendingOutputs)
        .rateLimit(rateLimiter);
  }

  /**
   * Table options for a flush or compaction into {@code outputLevel}: Bloom bits per key spent
   * where they pay (see {@link FilterBudget}) unless the uniform setting is asked for.
   */
  private TableOptions tableOptionsFor(Version v, int outputLevel, long incoming, boolean flush) {
    if (!options.bloomBitsPerLevel() || tableOptions.bloomBitsPerKey() == 0) {
      return tableOptions;
    }
    int bits =
        FilterBudget.bitsPerKey(v, outputLevel, incoming, flush, tableOptions.bloomBitsPerKey());
    return new TableOptions(
        tableOptions.blockSize(), tableOptions.restartInterval(), bits, tableOptions.compression());
  }

  /** A new file number, already listed as pending so that no cleanup deletes its file. */
  private long newPendingFileNumber() {
    mutex.lock();
    try {
      long n = versions.newFileNumber();
      synchronized (pendingOutputs) {
        pendingOutputs.add(n);
      }
      return n;
    } finally {
      mutex.unlock();
    }
  }

  // ---------------------------------------------------------------- write path

  /**
   * Applies an encoded batch ({@code rep[0, len)}, header space included) atomically. Requires: the
   * batch is well formed and within limits (the facade built it).
   */
  public void write(byte[] rep, int len, boolean sync) {
    checkOpen();
    if (BatchFormat.count(rep) == 0 && len <= BatchFormat.HEADER_BYTES) {
      if (sync) {
        // Nothing to write, but the caller asked that everything before it be durable.
        syncWal();
      }
      return;
    }
    Writer w = threadWriters.get();
    if (w.busy) {
      w = new Writer(null, 0, false, mutex.newCondition()); // a write from inside a write
    }
    w.rep = rep;
    w.len = len;
    w.sync = sync;
    w.done = false;
    w.error = null;
    w.busy = true;
    mutex.lock();
    try {
      if (enqueue(w)) {
        leadGroup(w);
      }
    } finally {
      mutex.unlock();
      w.busy = false;
      w.rep = null; // the caller's array is not kept
    }
  }

  /**
   * Queues {@code w} and waits until a leader has committed it (returns false, or rethrows the
   * group's failure) or it reaches the head of the queue and must lead (returns true). Requires:
   * mutex held.
   */
  private boolean enqueue(Writer w) {
    writers.addLast(w);
    while (!w.done && w != writers.peekFirst()) {
      w.ready.awaitUninterruptibly();
    }
    if (w.done) {
      if (w.error != null) {
        throw w.error;
      }
      return false;
    }
    return true;
  }

  /** Runs one commit group with {@code leader} at its head. Requires: mutex held. */
  private void leadGroup(Writer leader) {
    RuntimeException error = null;
    Writer last = leader;
    try {
      makeRoomForWrite(leader.rep == null);
      if (leader.rep != null) {
        last = buildGroup(leader);
        commitGroup();
        chargeMemtables();
      }
    } catch (CairnException e) {
      error = e;
    } catch (RuntimeException e) {
      error = new CairnException("write failed: " + e, e);
    } catch (Error e) {
      error = new CairnException("write failed: " + e, e);
      finishGroup(leader, last, error);
      throw e;
    }
    finishGroup(leader, last, error);
    if (error != null) {
      throw error;
    }
  }

  /**
   * Appends the group to the WAL and inserts it into the memtable, then publishes it. Requires:
   * mutex held; releases it during the I/O and the insert. Any failure after the append latches a
   * background error: the log may hold the group, so its sequence numbers can never be reused.
   */
  private void commitGroup() {
    int groupLen = groupLength;
    int count = groupCount;
    long first = lastSequence + 1;
    BatchFormat.setHeader(groupBuffer, first, count);
    byte[] buf = groupBuffer;
    LogWriter wal = log;
    MemTable target = mem;
    boolean sync = groupSync;
    mutex.unlock();
    try {
      wal.addRecord(buf, 0, groupLen);
      if (sync) {
        wal.sync();
        stats.walSyncs.incrementAndGet();
      }
      // Safe without the mutex: only the leader inserts, and it still holds the queue head.
      BatchFormat.forEach(
          buf,
          groupLen,
          (seq, kind, r, ko, kl, vo, vl) -> target.add(seq, kind, r, ko, kl, vo, vl));
    } catch (IOException e) {
      setBackgroundError(e);
      throw new CairnException("write-ahead log write failed: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      setBackgroundError(e);
      throw e;
    } finally {
      mutex.lock();
    }
    lastSequence = first + count - 1;
    requestBackgroundSync(wal, sync, groupLen);
    stats.walBytesWritten.addAndGet(groupLen);
    stats.userBytesWritten.addAndGet(groupLen - BatchFormat.HEADER_BYTES);
    stats.writeGroups.incrementAndGet();
  }

  /**
   * Counts {@code bytes} appended to {@code wal} and hands it to the background syncer every {@code
   * walBytesPerSync} bytes, so the sync at the next log switch has little left to do. Requires:
   * mutex held.
   */
  private void requestBackgroundSync(LogWriter wal, boolean synced, int bytes) {
    if (logSyncer == null) {
      return;
    }
    walBytesSinceSync = synced ? 0 : walBytesSinceSync + bytes;
    if (walBytesSinceSync >= options.walBytesPerSync()) {
      walBytesSinceSync = 0;
      logSyncer.request(wal);
    }
  }

  /** Dequeues the group up to {@code last}, reports the outcome, wakes the next leader. */
  private void finishGroup(Writer leader, Writer last, RuntimeException error) {
    while (true) {
      Writer w = writers.pollFirst();
      if (w != leader) {
        w.error = error;
        w.done = true;
        w.ready.signal();
      }
      if (w == last) {
        break;
      }
    }
    Writer next = writers.peekFirst();
    if (next != null) {
      next.ready.signal();
    }
    if (writers.isEmpty()) {
      backgroundChanged.signalAll();
    }
  }

  private int groupLength;
  private int groupCount;
  private boolean groupSync;

  /**
   * Copies the leader's batch and compatible followers' into the group buffer; returns the last.
   */
  private Writer buildGroup(Writer leader) {
    int limit = leader.len <= SMALL_BATCH_BYTES ? leader.len + SMALL_BATCH_BYTES : MAX_GROUP_BYTES;
    limit = Math.max(limit, leader.len);
    if (groupBuffer.length < leader.len || groupBuffer.length > 4 * MAX_GROUP_BYTES) {
      // Start from a fresh buffer sized for this group; one huge batch must not pin its memory.
      groupBuffer = new byte[Math.max(leader.len, 4096)];
    }
    System.arraycopy(leader.rep, 0, groupBuffer, 0, leader.len);
    int len = leader.len;
    int count = BatchFormat.count(leader.rep);
    Writer last = leader;
    boolean first = true;
    for (Writer w : writers) {
      if (first) {
        first = false;
        continue;
      }
      if (w.rep == null || (w.sync && !leader.sync)) {
        break;
      }
      int ops = w.len - BatchFormat.HEADER_BYTES;
      if (len + ops > limit) {
        break;
      }
      if (groupBuffer.length < len + ops) {
        groupBuffer =
            Arrays.copyOf(groupBuffer, Math.max(len + ops, Math.min(2 * len, MAX_GROUP_BYTES)));
      }
      System.arraycopy(w.rep, BatchFormat.HEADER_BYTES, groupBuffer, len, ops);
      len += ops;
      count += BatchFormat.count(w.rep);
      last = w;
      stats.writesBatched.incrementAndGet();
    }
    groupLength = len;
    groupCount = count;
    groupSync = leader.sync;
    return last;
  }

  /**
   * Makes sure the active memtable has room, switching to a new memtable and WAL when it is full
   * (or when {@code force}), and stalling while too much work waits for the background thread.
   * Requires: mutex held, caller is the write leader.
   */
  private void makeRoomForWrite(boolean force) {
    long stallStart = 0;
    boolean allowDelay = !force;
    try {
      while (true) {
        checkWritable();
        long soft = options.softPendingCompactionBytes();
        long hard = options.hardPendingCompactionBytes();
        if (hard > 0
            && pendingCompactionBytes >= hard
            && (runningCompactions > 0 || picker.needsCompaction(versions.current()))) {
          // Compaction is far behind: stop writes until it catches up (it can make progress:
          // a compaction is running or due, so this wait ends).
          if (stallStart == 0) {
            stallStart = System.nanoTime();
            stats.stallCount.incrementAndGet();
            stats.pendingStallCount.incrementAndGet();
            LOG.log(
                System.Logger.Level.INFO,
                "write stall: {0} bytes of compaction pending",
                pendingCompactionBytes);
          }
          scheduleBackground();
          backgroundChanged.awaitUninterruptibly();
          continue;
        }
        if (allowDelay
            && (versions.current().files(0).size() >= options.l0SlowdownWritesTrigger()
                || (soft > 0 && pendingCompactionBytes >= soft))) {
          // Level 0 or the compaction backlog is growing: hand the compaction threads a
          // millisecond per write group rather than stopping writes outright later (one delay
          // per group, mutex released).
          allowDelay = false;
          stats.slowdownCount.incrementAndGet();
          long t = System.nanoTime();
          mutex.unlock();
          try {
            LockSupport.parkNanos(1_000_000);
          } finally {
            mutex.lock();
          }
          stats.slowdownNanos.addAndGet(System.nanoTime() - t);
          continue;
        }
        if (!force && mem.approximateBytes() < memtableLimit && !sharedMemoryWantsSwitch()) {
          return;
        }
        if (force && mem.isEmpty()) {
          return;
        }
        // Each waiting memtable becomes one L0 file, so counting them keeps L0 within the limit.
        if (imms.size() >= options.maxImmutableMemtables()
            || versions.current().files(0).size() + imms.size() >= options.l0StopWritesTrigger()) {
          if (stallStart == 0) {
            stallStart = System.nanoTime();
            stats.stallCount.incrementAndGet();
            LOG.log(
                System.Logger.Level.DEBUG,
                "write stall: {0} immutable memtables, {1} L0 files",
                imms.size(),
                versions.current().files(0).size());
          }
          scheduleBackground();
          backgroundChanged.awaitUninterruptibly();
          continue;
        }
        switchMemtable();
        return;
      }
    } finally {
      if (stallStart != 0) {
        stats.stallNanos.addAndGet(System.nanoTime() - stallStart);
      }
    }
  }

  /**
   * True when the databases sharing this one's memory hold more memtable bytes than their allowance
   * and this database's active memtable is big enough that switching it helps.
   */
  private boolean sharedMemoryWantsSwitch() {
    return sharedMemory != null
        && sharedMemory.memtablesOverLimit()
        && mem.approximateBytes() >= sharedMemory.minSwitchBytes();
  }

  /** Charges this database's memtables to the shared memory. Requires: mutex held. */
  private void chargeMemtables() {
    if (memtableCharge == null) {
      return;
    }
    long bytes = mem.approximateBytes();
    for (Imm imm : imms) {
      bytes += imm.mem().approximateBytes();
    }
    memtableCharge.update(bytes);
  }

  /** An empty memtable whose arena chunks suit the memtable size. */
  private MemTable newMemTable() {
    // Arena chunks (and, for power-of-two memtable sizes, the filter's array) are sized a power of
    // two less 64 bytes. G1 gives an array of half a heap region or more whole regions of its own
    // ("humongous"), so a chunk of exactly 1 MiB (plus the array header) would take a 2 MiB region
    // and leave half of it empty, doubling the heap the memtables hold; 2^k - 64 bytes fills its
    // regions exactly whatever their size.
    long target = Math.max(16 << 10, Math.min(4L << 20, memtableLimit / 8));
    int chunk = (int) Long.highestOneBit(target) - HEAP_SLACK_BYTES;
    // A key filter of one bit per 16 memtable bytes (0.8% more memory; 512 KiB for 64 MiB, small
    // enough to stay in a core's L2 cache, since every insert touches it): about 9 bits per key
    // for 16-byte keys and 100-byte values, so most lookups of keys the memtable lacks skip its
    // search.
    long filterBits = memtableLimit / 16;
    if (filterBits >= 1 << 16) {
      filterBits -= 8L * HEAP_SLACK_BYTES; // exact for power-of-two memtable sizes, such as 64 MiB
    }
    return new MemTable(chunk, filterBits);
  }

  private WritableFile createLog(long number) throws IOException {
    Path path = dir.resolve(FileNames.log(number));
    return options.mappedWal() ? vfs.createLog(path) : vfs.create(path);
  }

  /** Requires: mutex held, caller is the write leader. */
  private void switchMemtable() {
    long newNumber = versions.newFileNumber();
    WritableFile newFile = null;
    try {
      newFile = createLog(newNumber);
      vfs.syncDir(dir);
      // Everything in the old log must be durable before a SYNC write in the new one is
      // acknowledged, or a power loss could keep the newer write and lose older ones. The
      // background syncer has written most of it already; it must be done with the file before
      // the file is closed.
      if (logSyncer != null) {
        logSyncer.awaitIdle();
        walBytesSinceSync = 0;
      }
      log.sync();
      logFile.close();
    } catch (IOException e) {
      if (newFile != null) {
        try {
          newFile.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      setBackgroundError(e);
      throw new CairnException("cannot switch to a new write-ahead log: " + e.getMessage(), e);
    }
    imms.add(new Imm(mem, logNumber, lastSequence));
    mem = newMemTable();
    logFile = newFile;
    log = new LogWriter(newFile, newNumber);
    logNumber = newNumber;
    installSuperVersion();
    scheduleBackground();
  }

  // ---------------------------------------------------------------- read path

  /** Point lookup; null when absent. */
  public byte[] get(byte[] key, Snapshot snapshot, boolean fillCache) {
    checkOpen();
    long snapshotSeq = snapshot == null ? -1 : snapshotSequence(snapshot);
    // Pin the memtables and tables first, then read the sequence: every write at or below it is
    // then in what is pinned (a flush finishing in between cannot drop versions this read needs).
    SuperVersion sv = acquireSuperVersion();
    long seq = snapshot == null ? lastSequence : snapshotSeq;
    try {
      stats.gets.increment();
      // One hash of the key serves every memtable's and every table's filter.
      long hash = KeyHash.hash(key);
      byte[] r = sv.mem.get(key, hash, seq);
      if (r == null) {
        for (int i = 0; i < sv.imms.size() && r == null; i++) { // indexed: no iterator object
          r = sv.imms.get(i).get(key, hash, seq);
        }
      }
      if (r == null) {
        r = sv.version.get(key, hash, seq, tableCache, fillCache);
      } else {
        stats.reads.servedByMemtable.increment();
      }
      return r == null || Lookup.isDeleted(r) ? null : r;
    } finally {
      releaseSuperVersion(sv);
    }
  }

  /** A cursor at {@code snapshot}, or at the latest state (an implicit snapshot) when null. */
  public CursorImpl cursor(Snapshot snapshot, boolean fillCache) {
    checkOpen();
    long snapshotSeq = snapshot == null ? -1 : snapshotSequence(snapshot);
    SuperVersion sv = acquireSuperVersion();
    long seq = snapshot == null ? lastSequence : snapshotSeq;
    List<InternalIterator> children = new ArrayList<>();
    try {
      children.add(sv.mem.iterator());
      for (MemTable imm : sv.imms) {
        children.add(imm.iterator());
      }
      sv.version.addIterators(children, tableCache, fillCache);
    } catch (RuntimeException e) {
      for (InternalIterator it : children) {
        it.close();
      }
      releaseSuperVersion(sv);
      throw e;
    }
    stats.cursorsOpened.incrementAndGet();
    DbIterator it =
        new DbIterator(new MergingIterator(children), seq, () -> releaseSuperVersion(sv));
    return new CursorImpl(this, it);
  }

  private SuperVersion acquireSuperVersion() {
    while (true) {
      SuperVersion sv = superVersion;
      if (sv.tryRef()) {
        return sv;
      }
      // The last reference went away: a newer one is being installed, or the database closed.
      checkOpen();
      Thread.onSpinWait();
    }
  }

  private void releaseSuperVersion(SuperVersion sv) {
    if (sv.release() && !closed) {
      // The last reader of an older tree let go: its files may be obsolete now.
      mutex.lock();
      try {
        cleanupRequested = true;
        scheduleBackground();
      } finally {
        mutex.unlock();
      }
    }
  }

  /** Requires: mutex held. */
  private void installSuperVersion() {
    List<MemTable> list = new ArrayList<>(imms.size());
    for (int i = imms.size() - 1; i >= 0; i--) {
      list.add(imms.get(i).mem());
    }
    SuperVersion old = superVersion;
    superVersion = new SuperVersion(mem, list, versions.current());
    pendingCompactionBytes = picker.pendingBytes(versions.current());
    if (old != null) {
      old.release();
    }
  }

  // ---------------------------------------------------------------- snapshots

  public Snapshot snapshot() {
    checkOpen();
    // Under the mutex so that no flush or compaction can read the pinned list between the read
    // of the sequence and its registration.
    mutex.lock();
    try {
      long seq = lastSequence;
      snapshots.add(seq);
      return new SnapshotImpl(this, seq);
    } finally {
      mutex.unlock();
    }
  }

  void releaseSnapshot(long seq) {
    snapshots.remove(seq);
  }

  private long snapshotSequence(Snapshot s) {
    if (!(s instanceof SnapshotImpl impl) || impl.db() != this) {
      throw new IllegalArgumentException("snapshot belongs to another database");
    }
    return impl.sequence();
  }

  // ---------------------------------------------------------------- flush and compaction

  /** Flushes the active memtable (and every older one) to SSTables; returns when durable. */
  public void flush() {
    checkOpen();
    Writer w = new Writer(null, 0, false, mutex.newCondition());
    mutex.lock();
    try {
      if (enqueue(w)) {
        leadGroup(w);
      }
      // Durable once the manifest no longer needs any log older than the one now active.
      long waitFor = logNumber;
      while (versions.logNumber() < waitFor) {
        checkWritable();
        scheduleBackground();
        backgroundChanged.awaitUninterruptibly();
      }
      checkWritable();
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Makes every acknowledged write durable: syncs the active log (older logs were synced when the
   * memtable switched). Runs as a write leader, so no append races the sync.
   */
  public void syncWal() {
    checkOpen();
    Writer w = new Writer(null, 0, true, mutex.newCondition());
    mutex.lock();
    try {
      if (!enqueue(w)) {
        return;
      }
      RuntimeException error = null;
      try {
        checkWritable();
        LogWriter wal = log;
        IOException failure = null;
        mutex.unlock();
        try {
          wal.sync();
          stats.walSyncs.incrementAndGet();
        } catch (IOException e) {
          failure = e;
        } finally {
          mutex.lock();
        }
        if (failure != null) {
          // A failed fsync may have dropped acknowledged writes from the page cache: latch it.
          setBackgroundError(failure);
          error =
              new CairnException("write-ahead log sync failed: " + failure.getMessage(), failure);
        }
      } catch (RuntimeException e) {
        error = e;
      }
      finishGroup(w, w, error);
      if (error != null) {
        throw error;
      }
    } finally {
      mutex.unlock();
    }
  }

  /** Compacts the key range [from, toExclusive) (null = unbounded) down the tree. */
  public void compactRange(byte[] from, byte[] toExclusive) {
    flush();
    mutex.lock();
    try {
      ManualCompaction m = new ManualCompaction(from, toExclusive);
      while (manual != null) {
        checkWritable();
        backgroundChanged.awaitUninterruptibly();
      }
      manual = m;
      scheduleBackground();
      while (!m.done) {
        checkWritable();
        backgroundChanged.awaitUninterruptibly();
      }
      if (!m.completed) {
        checkWritable();
        throw new CairnException("compaction of the range stopped before it finished");
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Starts the background jobs that have work: a flush job while immutable memtables wait, and
   * compaction jobs while a compaction is due whose inputs and output range do not conflict with a
   * running one, up to {@code maxBackgroundJobs - 1} at once. A range compaction runs alone: no new
   * automatic compaction starts while one waits. A cleanup of obsolete files rides on the next
   * compaction job, or gets a job of its own. Requires: mutex held.
   */
  private void scheduleBackground() {
    if (closed || backgroundError != null) {
      return;
    }
    if (!flushScheduled && !imms.isEmpty()) {
      flushScheduled = true;
      background.execute(this::flushCall);
    }
    int maxCompactions = options.maxBackgroundJobs() - 1;
    while (runningCompactions < maxCompactions) {
      Runnable job;
      if (manual != null) {
        if (manualRunning || runningCompactions > 0) {
          return;
        }
        manualRunning = true;
        job = this::manualCall;
      } else {
        Compaction c = picker.pick(versions.current(), this::conflicts);
        if (c != null) {
          running.add(c);
          for (FileMetadata f : c.allInputs()) {
            compacting.add(f.number());
          }
          job = () -> compactionCall(c);
        } else if (cleanupRequested) {
          job = () -> compactionCall(null);
        } else {
          return;
        }
      }
      cleanupRequested = false;
      runningCompactions++;
      background.execute(job);
    }
  }

  /**
   * True when {@code c} must wait for a running compaction: tiered merges run one at a time (they
   * may span many levels); otherwise it waits when it shares an input file with a running one, both
   * involve level 0, or one writes a level the other reads or writes over overlapping ranges.
   */
  private boolean conflicts(Compaction c) {
    if (options.compactionStyle() == CompactionStyle.TIERED && !running.isEmpty()) {
      return true;
    }
    for (FileMetadata f : c.allInputs()) {
      if (compacting.contains(f.number())) {
        return true;
      }
    }
    for (Compaction r : running) {
      if ((c.readsLevel(0) && r.readsLevel(0))
          || (c.outputLevel() == r.outputLevel() && c.rangeOverlaps(r))
          || (c.readsLevel(r.outputLevel()) && c.rangeOverlaps(r))
          || (r.readsLevel(c.outputLevel()) && r.rangeOverlaps(c))) {
        return true;
      }
    }
    return false;
  }

  private void flushCall() {
    mutex.lock();
    try {
      while (!closed && backgroundError == null && !imms.isEmpty()) {
        flushOldest();
        backgroundChanged.signalAll();
      }
    } catch (IOException | RuntimeException e) {
      setBackgroundError(e);
    } catch (Error e) {
      setBackgroundError(e);
      throw e;
    } finally {
      flushScheduled = false;
      scheduleBackground();
      backgroundChanged.signalAll();
      mutex.unlock();
    }
    deleteObsoleteFilesQuietly();
  }

  /** Runs one automatic compaction ({@code c}; null for a cleanup only). */
  private void compactionCall(Compaction c) {
    mutex.lock();
    try {
      if (c != null && !closed && backgroundError == null) {
        runCompaction(c, false);
      }
    } catch (IOException | RuntimeException e) {
      setBackgroundError(e);
    } catch (Error e) {
      setBackgroundError(e);
      throw e;
    } finally {
      if (c != null) {
        running.remove(c);
        for (FileMetadata f : c.allInputs()) {
          compacting.remove(f.number());
        }
      }
      runningCompactions--;
      scheduleBackground();
      backgroundChanged.signalAll();
      mutex.unlock();
    }
    deleteObsoleteFilesQuietly();
  }

  private void manualCall() {
    mutex.lock();
    try {
      ManualCompaction m = manual;
      m.completed = runManual(m);
      m.done = true;
      manual = null;
    } catch (IOException | RuntimeException e) {
      setBackgroundError(e);
    } catch (Error e) {
      setBackgroundError(e);
      throw e;
    } finally {
      manualRunning = false;
      runningCompactions--;
      scheduleBackground();
      backgroundChanged.signalAll();
      mutex.unlock();
    }
    deleteObsoleteFilesQuietly();
  }

  private void deleteObsoleteFilesQuietly() {
    try {
      deleteObsoleteFiles();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "deleting obsolete files failed: {0}", e.toString());
    }
  }

  /** Requires: mutex held; releases it while writing the table. */
  private void flushOldest() throws IOException {
    Imm imm = imms.get(0);
    List<Long> pinned = snapshots.sequences();
    TableOutputs out =
        newOutputs(
            Long.MAX_VALUE,
            tableOptionsFor(versions.current(), 0, imm.mem().approximateBytes(), true));
    List<FileMetadata> files;
    long start = System.nanoTime();
    try {
      mutex.unlock();
      try (InternalIterator it = imm.mem().iterator()) {
        files = out.write(it, new VisibilityFilter(pinned, null));
        vfs.syncDir(dir);
      } finally {
        mutex.lock();
      }
      VersionEdit edit = new VersionEdit();
      for (FileMetadata f : files) {
        edit.addFile(0, f);
      }
      edit.setLogNumber(imms.size() > 1 ? imms.get(1).logNumber() : logNumber);
      // The tables now hold every write up to the memtable's last sequence; the next live log
      // starts right after it (recovery checks that the logs continue without a gap).
      versions.setLastSequence(Math.max(versions.lastSequence(), imm.lastSequence()));
      versions.logAndApply(edit);
    } finally {
      out.releasePending();
    }
    imms.remove(0);
    installSuperVersion();
    chargeMemtables();
    stats.flushCount.incrementAndGet();
    stats.flushBytesWritten.addAndGet(out.bytesWritten());
    LOG.log(
        System.Logger.Level.INFO,
        "flushed memtable of {0} entries to {1} table(s), {2} bytes, in {3} ms",
        imm.mem().entryCount(),
        files.size(),
        out.bytesWritten(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Requires: mutex held; releases it while merging. */
  private void runCompaction(Compaction c, boolean manualRun) throws IOException {
    Version v = versions.current();
    long start = System.nanoTime();
    if (c.isTrivialMove() && !manualRun) {
      VersionEdit edit = new VersionEdit();
      for (FileMetadata f : c.inputs()) {
        edit.deleteFile(c.level(), f.number());
        edit.addFile(c.outputLevel(), f);
      }
      versions.logAndApply(edit);
      installSuperVersion();
      stats.trivialMoves.addAndGet(c.inputs().size());
      return;
    }
    List<Long> pinned = snapshots.sequences();
    long incoming = 0;
    for (FileMetadata f : c.allInputs()) {
      incoming += f.size();
    }
    for (FileMetadata f : c.outputLevelInputs()) {
      incoming -= f.size();
    }
    TableOutputs out =
        newOutputs(options.targetFileBytes(), tableOptionsFor(v, c.outputLevel(), incoming, false));
    if (c.outputLevel() + 1 < v.numLevels()) {
      out.limitOverlap(
          v.files(c.outputLevel() + 1), GRANDPARENT_OVERLAP_FACTOR * options.targetFileBytes());
    }
    List<FileMetadata> inputs = c.allInputs();
    long inputBytes = 0;
    for (FileMetadata f : inputs) {
      inputBytes += f.size();
    }
    v.ref();
    List<FileMetadata> files;
    try {
      mutex.unlock();
      try {
        files = mergeInputs(inputs, out, pinned, v, c.outputLevel());
        vfs.syncDir(dir);
      } finally {
        mutex.lock();
        v.unref();
      }
      VersionEdit edit = new VersionEdit();
      c.deleteInputs(edit);
      for (FileMetadata f : files) {
        edit.addFile(c.outputLevel(), f);
      }
      versions.logAndApply(edit);
    } finally {
      out.releasePending();
    }
    installSuperVersion();
    long nanos = System.nanoTime() - start;
    stats.compactionCount.incrementAndGet();
    stats.compactionBytesRead.addAndGet(inputBytes);
    stats.compactionBytesWritten.addAndGet(out.bytesWritten());
    stats.compactionNanos.addAndGet(nanos);
    LOG.log(
        System.Logger.Level.INFO,
        "compacted {0} file(s) L{1}->L{2}: {3} bytes in, {4} bytes out in {5} file(s), {6} ms",
        inputs.size(),
        c.level(),
        c.outputLevel(),
        inputBytes,
        out.bytesWritten(),
        files.size(),
        nanos / 1_000_000);
  }

  private List<FileMetadata> mergeInputs(
      List<FileMetadata> inputs, TableOutputs out, List<Long> pinned, Version v, int outputLevel)
      throws IOException {
    List<InternalIterator> children = new ArrayList<>();
    try {
      for (FileMetadata f : inputs) {
        children.add(tableCache.iterator(f, false));
      }
    } catch (RuntimeException e) {
      for (InternalIterator it : children) {
        it.close();
      }
      throw e;
    }
    VisibilityFilter filter =
        new VisibilityFilter(pinned, userKey -> isBottommost(v, outputLevel, userKey));
    try (InternalIterator merged = new MergingIterator(children)) {
      return out.write(merged, filter);
    }
  }

  /**
   * True when no level below {@code outputLevel} may hold {@code userKey}. Never for level 0 (a
   * tiered merge there leaves older level 0 files beside its output).
   */
  private static boolean isBottommost(Version v, int outputLevel, byte[] userKey) {
    if (outputLevel == 0) {
      return false;
    }
    for (int level = outputLevel + 1; level < v.numLevels(); level++) {
      for (FileMetadata f : v.files(level)) {
        if (f.compareToSmallest(userKey) >= 0 && f.compareToLargest(userKey) <= 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Pushes the range down level by level, then rewrites the bottom level's part of the range.
   * Returns false when it stopped early (closing, or a background error).
   */
  private boolean runManual(ManualCompaction m) throws IOException {
    int deepest = -1;
    Version v = versions.current();
    for (int level = 0; level < v.numLevels(); level++) {
      if (!v.overlapping(level, m.from, m.to).isEmpty()) {
        deepest = level;
      }
    }
    if (deepest < 0) {
      return true;
    }
    int target = Math.max(deepest, 1);
    for (int level = 0; level < target; level++) {
      if (closed || backgroundError != null) {
        return false;
      }
      v = versions.current();
      List<FileMetadata> inputs = level == 0 ? v.files(0) : v.overlapping(level, m.from, m.to);
      if (inputs.isEmpty()) {
        continue;
      }
      // Straight to the next level holding data (or the bottom): empty levels in between need
      // no pass of their own.
      int out = level + 1;
      while (out < target && v.files(out).isEmpty()) {
        out++;
      }
      runCompaction(Compaction.of(v, level, inputs, out), true);
    }
    // The pushes above rewrote only the bottom files they overlapped; rewrite the whole range at
    // the bottom so no overwritten entry or needless tombstone survives in it.
    if (closed || backgroundError != null) {
      return false;
    }
    v = versions.current();
    List<FileMetadata> inputs = v.overlapping(target, m.from, m.to);
    if (!inputs.isEmpty()) {
      runCompaction(new Compaction(target, List.copyOf(inputs), target, List.of()), true);
    }
    return true;
  }

  /** Deletes files no version, cursor or pending job refers to. */
  private void deleteObsoleteFiles() throws IOException {
    List<String> doomed = new ArrayList<>();
    List<Long> doomedTables = new ArrayList<>();
    mutex.lock();
    try {
      // After a failure the manifest on disk may hold an edit this process believes failed (an
      // append that landed before its sync failed): keep every file until a reopen sorts it out.
      if (closed || backgroundError != null) {
        return;
      }
      Set<Long> live = versions.liveFiles();
      synchronized (pendingOutputs) {
        live.addAll(pendingOutputs);
      }
      long minLog = versions.logNumber();
      for (String name : vfs.list(dir)) {
        FileNames.Parsed p = FileNames.parse(name);
        if (p == null) {
          continue;
        }
        boolean keep =
            switch (p.kind()) {
              case LOG -> p.number() >= minLog || p.number() == logNumber;
              case TABLE -> live.contains(p.number());
              case MANIFEST -> p.number() == versions.manifestNumber();
              case TEMP -> false;
              case CURRENT, LOCK -> true;
            };
        if (!keep) {
          doomed.add(name);
          if (p.kind() == FileNames.Kind.TABLE) {
            doomedTables.add(p.number());
          }
        }
      }
    } finally {
      mutex.unlock();
    }
    for (long n : doomedTables) {
      tableCache.evict(n);
    }
    IOException failure = null;
    for (String name : doomed) {
      try {
        vfs.delete(dir.resolve(name));
        stats.filesDeleted.incrementAndGet();
      } catch (IOException e) {
        // Keep going: another cleanup may have removed it first; report the first failure.
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  // ---------------------------------------------------------------- errors, state, close

  private void setBackgroundError(Throwable e) {
    if (backgroundError == null) {
      backgroundError = e;
      LOG.log(
          System.Logger.Level.ERROR,
          "background error; writes are refused until the database is reopened: {0}",
          e.toString());
    }
    if (mutex.isHeldByCurrentThread()) {
      backgroundChanged.signalAll();
    }
  }

  void checkOpen() {
    if (closed) {
      throw new CairnException("database is closed: " + dir);
    }
  }

  private void checkWritable() {
    checkOpen();
    if (logSyncer != null && backgroundError == null) {
      IOException syncFailure = logSyncer.failure();
      if (syncFailure != null) {
        // A failed fsync may have dropped acknowledged writes from the page cache: latch it.
        setBackgroundError(syncFailure);
      }
    }
    Throwable e = backgroundError;
    if (e != null) {
      if (e instanceof CorruptionException ce) {
        throw new CorruptionException(ce.file(), "earlier failure: " + ce.getMessage(), ce);
      }
      throw new CairnException(
          "database is in an error state after: " + e + " (reopen it to recover)", e);
    }
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Checks every live file against the manifest (see {@link Verifier}). Pins the current version
   * under the mutex, then reads without any lock.
   */
  public VerifyReport verify() {
    Version v;
    long manifestNumber;
    long minLog;
    mutex.lock();
    try {
      checkOpen();
      v = versions.current();
      v.ref();
      manifestNumber = versions.manifestNumber();
      minLog = versions.logNumber();
    } finally {
      mutex.unlock();
    }
    try {
      return new Verifier(vfs, dir, manifestNumber).verify(v, minLog);
    } finally {
      v.unref();
    }
  }

  /** Statistics and shape as a property, or null for an unknown name. */
  public String property(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    Version v = versions.current();
    return switch (name) {
      case "cairn.stats" -> DbProperties.stats(stats, v, blockCache, snapshots.size());
      case "cairn.levels" -> DbProperties.levels(v, picker);
      case "cairn.sequence" -> Long.toString(lastSequence);
      case "cairn.num-files" -> Integer.toString(v.totalFiles());
      case "cairn.memtable-bytes" -> Long.toString(superVersion.mem.approximateBytes());
      case "cairn.memory" -> DbProperties.memory(memoryUse(), blockCache);
      case "cairn.pending-compaction-bytes" -> Long.toString(pendingCompactionBytes);
      case "cairn.live-files" -> DbProperties.fileList(versions.liveFiles());
      default -> DbProperties.numFilesAtLevel(name, v);
    };
  }

  /** The figures of {@code cairn.stats} and {@code cairn.memory} and the tree's, structured. */
  public Statistics statistics() {
    checkOpen();
    return DbProperties.statistics(
        stats,
        versions.current(),
        blockCache,
        snapshots.size(),
        memoryUse(),
        pendingCompactionBytes,
        lastSequence);
  }

  private MemoryUse memoryUse() {
    SuperVersion sv = acquireSuperVersion();
    try {
      long imm = 0;
      for (MemTable m : sv.imms) {
        imm += m.approximateBytes();
      }
      long budget = sharedMemory != null ? sharedMemory.capacity() : options.memoryBudgetBytes();
      return new MemoryUse(budget, memtableLimit, sv.mem.approximateBytes(), imm, sharedMemory);
    } finally {
      releaseSuperVersion(sv);
    }
  }

  /** The directory this database lives in. */
  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    mutex.lock();
    try {
      if (closed) {
        return;
      }
      // New and queued writers now fail fast; a leader already committing finishes its group.
      closed = true;
      backgroundChanged.signalAll();
      while (!writers.isEmpty()) {
        backgroundChanged.awaitUninterruptibly();
      }
      while (flushScheduled || runningCompactions > 0) {
        backgroundChanged.awaitUninterruptibly();
      }
    } finally {
      mutex.unlock();
    }
    background.shutdown();
    boolean interrupted = false;
    try {
      if (!background.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.log(System.Logger.Level.WARNING, "background thread did not stop within a minute");
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (logSyncer != null) {
      logSyncer.close();
    }
    Throwable failure = null;
    try {
      if (backgroundError == null) {
        log.sync();
      }
    } catch (IOException e) {
      failure = e;
    }
    SuperVersion sv = superVersion;
    if (sv != null) {
      sv.release();
    }
    failure = closeResources(failure);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw new CairnException("error while closing " + dir + ": " + failure, failure);
    }
  }

  private static Throwable addFailure(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
