package org.cairndb;

import java.nio.file.Path;
import java.util.Objects;
import org.cairndb.internal.db.BatchFormat;
import org.cairndb.internal.db.DbImpl;
import org.cairndb.internal.repair.Repairer;
import org.cairndb.management.CairnManagement;
import org.cairndb.management.MBeanRegistration;

/**
 * An open Cairn database: an embedded, persistent, ordered key-value store.
 *
 * <p>Keys and values are byte arrays; keys sort by unsigned lexicographic byte order. All methods
 * are thread-safe. Every failure is a {@link CairnException}; damage found in a file is a {@link
 * CorruptionException}. Close the database (it is {@link AutoCloseable}) to release its directory
 * lock and background thread.
 *
 * <pre>{@code
 * try (Cairn db = Cairn.open(Path.of("data"))) {
 *   db.put("hello".getBytes(UTF_8), "world".getBytes(UTF_8));
 *   byte[] v = db.get("hello".getBytes(UTF_8));
 * }
 * }</pre>
 */
public final class Cairn implements AutoCloseable {
  private final DbImpl db;

  // The MXBean Options.jmxName asked for, or null; set by open before the instance is returned.
  private MBeanRegistration mbean;

  private Cairn(DbImpl db) {
    this.db = db;
  }

  /** Opens the database in {@code dir} with default options, creating it if missing. */
  public static Cairn open(Path dir) {
    return open(dir, Options.defaults());
  }

  /** Opens the database in {@code dir}. */
  public static Cairn open(Path dir, Options options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Cairn cairn = new Cairn(DbImpl.open(dir.toAbsolutePath().normalize(), options));
    if (options.jmxName() != null) {
      try {
        cairn.mbean = CairnManagement.register(cairn, options.jmxName());
      } catch (RuntimeException e) {
        try {
          cairn.db.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    return cairn;
  }

  public void put(byte[] key, byte[] value) {
    put(key, value, WriteOptions.DEFAULT);
  }

  /** Stores {@code value} under {@code key}; durable as {@code wo} says when this returns. */
  public void put(byte[] key, byte[] value, WriteOptions wo) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(wo, "wo");
    Limits.checkKey(key);
    Limits.checkValue(value);
    // The write path copies the batch before this returns: a per-thread array can hold it.
    int len = BatchFormat.singleLength(key, value);
    db.write(BatchFormat.singleInScratch(key, value, len), len, wo.sync());
  }

  /** The value stored under {@code key}, or null when absent. */
  public byte[] get(byte[] key) {
    return get(key, ReadOptions.DEFAULT);
  }

  public byte[] get(byte[] key, ReadOptions ro) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ro, "ro");
    return db.get(key, ro.snapshot(), ro.fillCache());
  }

  public void delete(byte[] key) {
    delete(key, WriteOptions.DEFAULT);
  }

  /** Removes {@code key} (no error if absent). */
  public void delete(byte[] key, WriteOptions wo) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(wo, "wo");
    Limits.checkKey(key);
    int len = BatchFormat.singleLength(key, null);
    db.write(BatchFormat.singleInScratch(key, null, len), len, wo.sync());
  }

  /**
   * Makes every write acknowledged so far durable, as a {@link WriteOptions#SYNC} write would,
   * without writing anything.
   *
   * @throws CairnException if the sync fails (the database then refuses writes until reopened)
   */
  public void syncWal() {
    db.syncWal();
  }

  public void write(WriteBatch batch) {
    write(batch, WriteOptions.DEFAULT);
  }

  /** Applies every operation of {@code batch} atomically: all or nothing, also across crashes. */
  public void write(WriteBatch batch, WriteOptions wo) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(wo, "wo");
    if (batch.count() == 0) {
      db.write(new byte[BatchFormat.HEADER_BYTES], BatchFormat.HEADER_BYTES, wo.sync());
      return;
    }
    byte[] rep = batch.rep();
    BatchFormat.setHeader(rep, 0, batch.count());
    db.write(rep, batch.size(), wo.sync());
  }

  /** A consistent point-in-time view; close it when done. */
  public Snapshot snapshot() {
    return db.snapshot();
  }

  /** A cursor over the latest state, as of its creation. */
  public Cursor cursor() {
    return cursor(ReadOptions.DEFAULT);
  }

  public Cursor cursor(ReadOptions ro) {
    Objects.requireNonNull(ro, "ro");
    return db.cursor(ro.snapshot(), ro.fillCache());
  }

  /** Writes the memtable to an SSTable; returns when it is durable. */
  public void flush() {
    db.flush();
  }

  /**
   * Compacts the keys in {@code [from, toExclusive)} (null bounds are unbounded), dropping deleted
   * and overwritten entries no snapshot needs; returns when done.
   */
  public void compactRange(byte[] from, byte[] toExclusive) {
    db.compactRange(from, toExclusive);
  }

  /**
   * A named property: {@code cairn.stats}, {@code cairn.levels}, {@code cairn.sequence}, {@code
   * cairn.num-files}, {@code cairn.num-files-at-level<N>}, {@code cairn.memtable-bytes}, {@code
   * cairn.memory}, {@code cairn.pending-compaction-bytes}, {@code cairn.live-files} (numbers of the
   * tables the tree and open cursors refer to); null if the name is unknown.
   */
  public String property(String name) {
    return db.property(name);
  }

  /**
   * The database's statistics now: the figures of the {@code cairn.stats} and {@code cairn.memory}
   * properties and of the tree's shape, by name and typed (see {@link Statistics}). Cheap enough to
   * call for every metrics scrape; it takes no lock that writers wait for.
   *
   * @throws CairnException if the database is closed
   */
  public Statistics statistics() {
    return db.statistics();
  }

  /**
   * Checks every checksum of every live file and the tree's invariants, reading all tables in full
   * from storage (bypassing the block cache): each table exists with the size the manifest records;
   * every block passes its checksum; keys ascend strictly within each table; each table's first and
   * last key, entry count and sequence range agree with its properties and the manifest; tables of
   * each level below 0 are sorted and do not overlap; the live write-ahead logs, the manifest and
   * {@code CURRENT} are intact. Runs alongside reads and writes; takes time proportional to the
   * data.
   *
   * @return what was checked
   * @throws CorruptionException naming the file, at the first problem found
   * @throws CairnException if the database is closed or a file cannot be read
   */
  public VerifyReport verify() {
    return db.verify();
  }

  /**
   * Rebuilds the manifest of the database in {@code dir} from its tables and write-ahead logs, for
   * when {@code CURRENT} or the manifest is lost or damaged. The database must not be open. Every
   * table that reads back intact is kept; damaged ones are moved to the subdirectory {@code lost}
   * (never deleted); the valid records of every write-ahead log are written to new tables. The
   * repaired database holds the newest version of every key found; writes only in damaged tables or
   * in damaged parts of logs are lost. Files go through {@code options.vfs()}.
   *
   * @return what was kept, lost and recovered
   * @throws CairnException if the directory is missing, the database is in use, or I/O fails
   */
  public static RepairReport repair(Path dir, Options options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    return Repairer.repair(dir.toAbsolutePath().normalize(), options);
  }

  /**
   * Closes the database; idempotent; waits for background work. Unregisters the MXBean of {@link
   * Options.Builder#jmxName(String)} first.
   */
  @Override
  public void close() {
    MBeanRegistration m = mbean;
    try {
      if (m != null) {
        m.close();
      }
    } finally {
      db.close();
    }
  }
}
