package org.cairndb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.cairndb.fs.FaultInjectingVfs;
import org.cairndb.fs.MemVfs;
import org.cairndb.internal.iter.DbIterator;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.MergingIterator;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.memtable.MemTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrency through the public API: group commit under contention, atomic batches in every view
 * (a cycle test), {@code close()} racing with every kind of call, cursors pinning files that
 * compaction replaces, and no background thread or deadlock left behind.
 *
 * <p>Two regression tests force the interleavings of engine bugs these tests found (a cursor
 * turning backward while the memtable grows; a read racing close leaking a table handle); each
 * one's comment says what went wrong and where.
 *
 * <p>All randomness of a test comes from one seed ({@link Seeds#seed()}; replay with {@code
 * -Dcairn.seed=N}), which every failure message names. Work is bounded by operation counts, never
 * by time, and nothing asserts on timing: waits are bounded only so that a hang fails the test with
 * thread dumps instead of blocking the build. Databases live in a {@link MemVfs}.
 */
final class ConcurrencyTest {
  private static final String BG_PREFIX = "cairn-bg-";
  private static final String DIR_PREFIX = "conc-";
  private static final AtomicInteger DIR_IDS = new AtomicInteger();

  /** How long a thread (or close) may take before the test calls it a hang. */
  private static final long HANG_MILLIS = 30_000;

  // ---------------------------------------------------------------- 1. group commit

  /**
   * 8-16 writers hammer one database with puts, deletes and batches (values of 50-2000 bytes, some
   * SYNC) over a 64 KiB memtable, so memtable switches, flushes and compactions run during the
   * writes and many writers ride in each commit group. Every writer owns its keys, checks each of
   * its writes right after the acknowledgement, and at the end the whole database must equal the
   * union of the writers' models, before and after a reopen. Writer 0 also writes two batches
   * larger than 4 MiB: the engine then starts the next group from a small buffer, so groups grow
   * their buffer again while followers are being copied in (a lost follower shows up as a missing
   * or stale value).
   */
  @Test
  @Timeout(value = 120, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void groupCommitUnderContentionLosesNoAcknowledgedWrite() throws Exception {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    for (int round = 0; round < 2; round++) {
      groupCommitRound(rnd, "seed=" + seed + " round=" + round);
    }
  }

  private void groupCommitRound(Random rnd, String context) throws Exception {
    int writers = 8 + rnd.nextInt(9);
    int ops = Seeds.scaled(200);
    int keysPerWriter = 150;
    MemVfs vfs = new MemVfs();
    Path dir = newDir("group");
    Options options = smallOptions(rnd, vfs, 64 << 10);
    String where = context + " writers=" + writers;
    byte[][][] models = new byte[writers][keysPerWriter][];
    Cairn db = Cairn.open(dir, options);
    boolean ok = false;
    try {
      Workers w = new Workers(where);
      CyclicBarrier start = new CyclicBarrier(writers);
      for (int t = 0; t < writers; t++) {
        int id = t;
        long writerSeed = rnd.nextLong();
        w.start(
            "group-writer-" + t,
            () -> {
              start.await(HANG_MILLIS, MILLISECONDS);
              groupWriter(db, id, new Random(writerSeed), ops, models[id], where, w);
            });
      }
      w.joinAll();
      assertTrue(
          backgroundThreadAlive(dir),
          where + ": no background thread ran (test exercised nothing)");
      verifyWriterModels(db, "g", models, where + " before close");
      ok = true;
    } finally {
      closeAfter(db, ok, where);
    }
    assertNoBackgroundThread(dir, where);
    assertEquals(0, vfs.openHandles(), where + ": file handles open after close");
    Cairn again = Cairn.open(dir, options);
    ok = false;
    try {
      verifyWriterModels(again, "g", models, where + " after reopen");
      ok = true;
    } finally {
      closeAfter(again, ok, where);
    }
    assertNoBackgroundThread(dir, where);
  }

  private static void groupWriter(
      Cairn db, int t, Random r, int ops, byte[][] model, String context, Workers w) {
    int keys = model.length;
    for (int op = 0; op < ops && !w.failed(); op++) {
      WriteOptions wo = r.nextInt(8) == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT;
      Map<Integer, byte[]> pending = new LinkedHashMap<>(); // key index -> value (null: delete)
      int kind = r.nextInt(100);
      if (t == 0 && (op == ops / 3 || op == 2 * ops / 3)) {
        // Over 4 MiB: the next group leader replaces the grown group buffer by a small one.
        WriteBatch big = new WriteBatch();
        for (int i = 0; i < 2200; i++) {
          int k = r.nextInt(keys);
          byte[] v = randomBytes(r, 2000);
          big.put(writerKey("g", t, k), v);
          pending.put(k, v);
        }
        db.write(big, wo);
      } else if (kind < 45) {
        int k = r.nextInt(keys);
        byte[] v = randomBytes(r, 50 + r.nextInt(1951));
        db.put(writerKey("g", t, k), v, wo);
        pending.put(k, v);
      } else if (kind < 50) {
        int k = r.nextInt(keys);
        db.delete(writerKey("g", t, k), wo);
        pending.put(k, null);
      } else {
        WriteBatch batch = new WriteBatch();
        int n = 2 + r.nextInt(23);
        for (int i = 0; i < n; i++) {
          int k = r.nextInt(keys);
          if (r.nextInt(10) == 0) {
            batch.delete(writerKey("g", t, k));
            pending.remove(k);
            pending.put(k, null);
          } else {
            byte[] v = randomBytes(r, 50 + r.nextInt(1951));
            batch.put(writerKey("g", t, k), v);
            pending.remove(k);
            pending.put(k, v);
          }
        }
        db.write(batch, wo);
      }
      for (Map.Entry<Integer, byte[]> e : pending.entrySet()) {
        model[e.getKey()] = e.getValue();
      }
      // Only this thread writes these keys: an acknowledged write must be visible at once.
      for (int k : pending.keySet()) {
        expectValue(db, writerKey("g", t, k), model[k], context + " writer " + t + " op " + op);
      }
    }
  }

  // ---------------------------------------------------------------- 2. cycle test

  /**
   * FoundationDB-style cycle test. Accounts 0..N-1 hold a permutation of 0..N-1 (plus random
   * padding). Each writer owns the accounts {@code i % writers == t} and applies batches that
   * rotate the values of 2-5 of its accounts, sometimes after a put of garbage or a delete of one
   * of them that the batch itself overrides; so every complete batch keeps the permutation, and any
   * partial batch, lost override or mixed view breaks it. Readers check the permutation on every
   * view: implicit-snapshot cursors forward, backward and split by seeks, explicit snapshots read
   * by gets and by a cursor (which must agree byte for byte), and snapshots kept open for a while
   * and read again later (which must not have changed). A maintenance thread flushes and compacts
   * ranges all along, over a 16 KiB memtable.
   */
  @Test
  @Timeout(value = 120, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void batchesAreAtomicInEveryCursorSnapshotAndGet() throws Exception {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    String context = "seed=" + seed;
    int accounts = 48;
    int writers = 4;
    int readers = 3;
    int batchesPerWriter = Seeds.scaled(1000);
    MemVfs vfs = new MemVfs();
    Path dir = newDir("cycle");
    Options options = smallOptions(rnd, vfs, 16 << 10);
    byte[][] state = new byte[accounts][];
    AtomicLong views = new AtomicLong();
    Cairn db = Cairn.open(dir, options);
    boolean ok = false;
    try {
      WriteBatch init = new WriteBatch();
      for (int i = 0; i < accounts; i++) {
        state[i] = accountValue(i, rnd);
        init.put(account(i), state[i]);
      }
      db.write(init);

      Workers w = new Workers(context);
      AtomicInteger writersLeft = new AtomicInteger(writers);
      for (int t = 0; t < writers; t++) {
        int id = t;
        long s = rnd.nextLong();
        w.start(
            "cycle-writer-" + t,
            () -> {
              try {
                cycleWriter(db, id, writers, batchesPerWriter, new Random(s), state, context, w);
              } finally {
                writersLeft.decrementAndGet();
              }
            });
      }
      for (int i = 0; i < readers; i++) {
        long s = rnd.nextLong();
        w.start(
            "cycle-reader-" + i,
            () -> cycleReader(db, accounts, new Random(s), writersLeft, views, context, w));
      }
      long ms = rnd.nextLong();
      w.start(
          "cycle-maintenance",
          () -> {
            Random r = new Random(ms);
            while (writersLeft.get() > 0 && !w.failed()) {
              switch (r.nextInt(5)) {
                case 0, 1 -> db.flush();
                case 2 -> db.compactRange(null, null);
                case 3 -> {
                  int a = r.nextInt(accounts);
                  int b = a + 1 + r.nextInt(accounts - a);
                  db.compactRange(account(a), b < accounts ? account(b) : null);
                }
                default -> assertNotNull(db.property("cairn.levels"));
              }
              Thread.sleep(r.nextInt(3));
            }
          });
      w.joinAll();
      assertTrue(views.get() >= readers, context + ": readers checked no view");
      checkFinalState(db, state, context + " before close");
      ok = true;
    } finally {
      closeAfter(db, ok, context);
    }
    assertNoBackgroundThread(dir, context);
    Cairn again = Cairn.open(dir, options);
    ok = false;
    try {
      checkFinalState(again, state, context + " after reopen");
      ok = true;
    } finally {
      closeAfter(again, ok, context);
    }
  }

  private static void cycleWriter(
      Cairn db,
      int t,
      int writers,
      int batches,
      Random r,
      byte[][] state,
      String context,
      Workers w) {
    List<Integer> own = new ArrayList<>();
    for (int i = t; i < state.length; i += writers) {
      own.add(i);
    }
    for (int b = 0; b < batches && !w.failed(); b++) {
      Collections.shuffle(own, r);
      int m = 2 + r.nextInt(Math.min(4, own.size() - 1));
      int[] idx = new int[m];
      byte[][] cur = new byte[m][];
      for (int j = 0; j < m; j++) {
        idx[j] = own.get(j);
        cur[j] = db.get(account(idx[j]));
        if (!Arrays.equals(cur[j], state[idx[j]])) {
          throw new AssertionError(
              context
                  + ": writer "
                  + t
                  + " batch "
                  + b
                  + ": account "
                  + idx[j]
                  + " holds "
                  + describe(cur[j])
                  + ", its owner last wrote "
                  + describe(state[idx[j]]));
        }
      }
      WriteBatch batch = new WriteBatch();
      if (r.nextInt(3) == 0) {
        // Overridden by a later operation of the same batch: nobody may ever see it.
        byte[] victim = account(idx[r.nextInt(m)]);
        if (r.nextBoolean()) {
          batch.delete(victim);
        } else {
          batch.put(victim, "garbage".getBytes(UTF_8));
        }
      }
      byte[][] next = new byte[m][];
      for (int j = 0; j < m; j++) {
        next[j] = accountValue(balance(cur[(j + 1) % m], context), r);
        batch.put(account(idx[j]), next[j]);
      }
      db.write(batch, r.nextInt(8) == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT);
      for (int j = 0; j < m; j++) {
        state[idx[j]] = next[j];
      }
    }
  }

  private static void cycleReader(
      Cairn db,
      int accounts,
      Random r,
      AtomicInteger writersLeft,
      AtomicLong views,
      String context,
      Workers w) {
    Deque<Snapshot> kept = new ArrayDeque<>();
    Deque<byte[][]> keptViews = new ArrayDeque<>();
    try {
      do {
        int mode = r.nextInt(5);
        String where = context + " reader mode " + mode;
        switch (mode) {
          case 0 -> {
            // An implicit snapshot: two passes over one cursor see the same complete view.
            try (Cursor c = db.cursor()) {
              byte[][] first = forwardView(c, accounts, where);
              byte[][] second = forwardView(c, accounts, where + " (second pass)");
              assertViewsEqual(first, second, where + ": cursor view changed between passes");
            }
          }
          case 1 -> {
            try (Cursor c = db.cursor()) {
              backwardView(c, accounts, where);
            }
          }
          case 2 -> {
            // Suffix by seek, prefix by seekForPrev: together one view of the same cursor.
            try (Cursor c = db.cursor()) {
              splitView(c, accounts, 1 + r.nextInt(accounts - 1), where);
            }
          }
          case 3 -> {
            try (Snapshot s = db.snapshot()) {
              byte[][] byGets = snapshotGets(db, s, accounts, r.nextBoolean(), where);
              try (Cursor c = db.cursor(ReadOptions.snapshot(s))) {
                byte[][] byCursor = forwardView(c, accounts, where);
                assertViewsEqual(byGets, byCursor, where + ": gets and cursor at one snapshot");
              }
            }
          }
          default -> {
            // Keep a few snapshots open while writes, flushes and compactions go on.
            Snapshot s = db.snapshot();
            kept.addLast(s);
            keptViews.addLast(snapshotGets(db, s, accounts, true, where));
            if (kept.size() > 3) {
              Snapshot old = kept.removeFirst();
              byte[][] then = keptViews.removeFirst();
              try (Cursor c = db.cursor(ReadOptions.snapshot(old))) {
                assertViewsEqual(
                    then, forwardView(c, accounts, where), where + ": old snapshot by cursor");
              }
              assertViewsEqual(
                  then,
                  snapshotGets(db, old, accounts, false, where),
                  where + ": old snapshot by gets");
              old.close();
            }
          }
        }
        views.incrementAndGet();
      } while (writersLeft.get() > 0 && !w.failed());
    } finally {
      for (Snapshot s : kept) {
        s.close();
      }
    }
  }

  private static byte[][] forwardView(Cursor c, int accounts, String where) {
    List<byte[]> values = new ArrayList<>();
    for (c.seekToFirst(); c.isValid(); c.next()) {
      expectAccountKey(values.size(), c.key(), where);
      values.add(c.value());
    }
    return checkPermutation(values, accounts, where);
  }

  private static void backwardView(Cursor c, int accounts, String where) {
    List<byte[]> values = new ArrayList<>();
    for (c.seekToLast(); c.isValid(); c.prev()) {
      expectAccountKey(accounts - 1 - values.size(), c.key(), where);
      values.add(c.value());
    }
    Collections.reverse(values);
    checkPermutation(values, accounts, where);
  }

  private static void splitView(Cursor c, int accounts, int split, String where) {
    List<byte[]> suffix = new ArrayList<>();
    for (c.seek(account(split)); c.isValid(); c.next()) {
      expectAccountKey(split + suffix.size(), c.key(), where);
      suffix.add(c.value());
    }
    List<byte[]> prefix = new ArrayList<>();
    for (c.seekForPrev(account(split - 1)); c.isValid(); c.prev()) {
      expectAccountKey(split - 1 - prefix.size(), c.key(), where);
      prefix.add(c.value());
    }
    Collections.reverse(prefix);
    prefix.addAll(suffix);
    checkPermutation(prefix, accounts, where);
  }

  private static byte[][] snapshotGets(
      Cairn db, Snapshot s, int accounts, boolean fillCache, String where) {
    ReadOptions ro = ReadOptions.snapshot(s).fillCache(fillCache);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      values.add(db.get(account(i), ro));
    }
    return checkPermutation(values, accounts, where + " (gets at a snapshot)");
  }

  private static void expectAccountKey(int index, byte[] key, String where) {
    if (index < 0 || !Arrays.equals(account(index), key)) {
      throw new AssertionError(
          where
              + ": expected key "
              + (index < 0 ? "none" : new String(account(index), UTF_8))
              + " but the cursor is at "
              + new String(key, UTF_8));
    }
  }

  /** All accounts present, balances a permutation of 0..accounts-1; returns the view. */
  private static byte[][] checkPermutation(List<byte[]> values, int accounts, String where) {
    if (values.size() != accounts) {
      throw new AssertionError(
          where + ": view has " + values.size() + " accounts, not " + accounts);
    }
    boolean[] seen = new boolean[accounts];
    for (int i = 0; i < accounts; i++) {
      byte[] v = values.get(i);
      if (v == null) {
        throw new AssertionError(where + ": account " + i + " missing (partial batch?)");
      }
      int b = balance(v, where + " account " + i);
      if (b < 0 || b >= accounts || seen[b]) {
        throw new AssertionError(
            where + ": balance " + b + " of account " + i + " breaks the permutation (mixed view)");
      }
      seen[b] = true;
    }
    return values.toArray(new byte[0][]);
  }

  private static void assertViewsEqual(byte[][] a, byte[][] b, String where) {
    for (int i = 0; i < a.length; i++) {
      if (!Arrays.equals(a[i], b[i])) {
        throw new AssertionError(
            where + ": account " + i + " differs: " + describe(a[i]) + " vs " + describe(b[i]));
      }
    }
  }

  private static void checkFinalState(Cairn db, byte[][] state, String where) {
    for (int i = 0; i < state.length; i++) {
      expectValue(db, account(i), state[i], where);
    }
    try (Cursor c = db.cursor()) {
      assertViewsEqual(state, forwardView(c, state.length, where), where + ": final cursor");
    }
  }

  private static byte[] account(int i) {
    return String.format(Locale.ROOT, "acct-%03d", i).getBytes(UTF_8);
  }

  /** A balance (4 bytes, big-endian) and 50-1000 bytes of random padding. */
  private static byte[] accountValue(int balance, Random r) {
    byte[] v = randomBytes(r, 4 + 50 + r.nextInt(951));
    ByteBuffer.wrap(v).putInt(balance);
    return v;
  }

  private static int balance(byte[] v, String where) {
    if (v == null || v.length < 54) {
      throw new AssertionError(where + ": not an account value: " + describe(v));
    }
    return ByteBuffer.wrap(v).getInt();
  }

  // ---------------------------------------------------------------- 3. close while running

  /**
   * Rounds of: open; writers, readers, a cursor thread, a snapshot thread and a maintenance thread
   * (flush, compactRange, properties) all run; after a seeded amount of acknowledged work the main
   * thread closes the database. close() must return; every call of the other threads must succeed
   * or throw {@link CairnException} (nothing else, no hang, and no CairnException before close
   * began); cursors and snapshots opened before close must refuse work afterwards; no file handle
   * stays open. The next round reopens the database, which must hold every acknowledged write, and
   * each writer's one interrupted write entirely or not at all.
   */
  @Test
  @Timeout(value = 120, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void closeWhileEverythingRunsFailsCleanlyAndKeepsAcknowledgedWrites() throws Exception {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    MemVfs vfs = new MemVfs();
    Path dir = newDir("close");
    Options options = smallOptions(rnd, vfs, 32 << 10);
    int writers = 4;
    int keysPerWriter = 100;
    byte[][][] acked = new byte[writers][keysPerWriter][];
    List<Map<Integer, byte[]>> inFlight = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      inFlight.add(null);
    }
    int rounds = Seeds.scaled(10);
    for (int round = 0; round <= rounds; round++) {
      String context = "seed=" + seed + " round=" + round;
      Cairn db = Cairn.open(dir, options);
      if (round == rounds) {
        boolean ok = false;
        try {
          resolveInFlight(db, acked, inFlight, context + " (final reopen)");
          ok = true;
        } finally {
          closeAfter(db, ok, context);
        }
        break;
      }
      try {
        resolveInFlight(db, acked, inFlight, context + " (reopen)");
      } catch (Throwable e) {
        closeAfter(db, false, context);
        throw e;
      }
      closeRound(db, vfs, dir, rnd, acked, inFlight, context);
    }
  }

  private static void closeRound(
      Cairn db,
      MemVfs vfs,
      Path dir,
      Random rnd,
      byte[][][] acked,
      List<Map<Integer, byte[]>> inFlight,
      String context)
      throws Exception {
    int writers = acked.length;
    int keys = acked[0].length;
    AtomicBoolean closeStarted = new AtomicBoolean();
    AtomicLong progress = new AtomicLong();
    Workers w = new Workers(context);
    int maxOps = 20_000;
    for (int t = 0; t < writers; t++) {
      int id = t;
      long s = rnd.nextLong();
      w.start(
          "close-writer-" + t,
          () -> {
            Random r = new Random(s);
            byte[][] model = acked[id];
            for (int op = 0; op < maxOps; op++) {
              WriteOptions wo = r.nextInt(6) == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT;
              Map<Integer, byte[]> pending = new LinkedHashMap<>();
              try {
                int kind = r.nextInt(10);
                if (kind < 5) {
                  int k = r.nextInt(keys);
                  byte[] key = writerKey("c", id, k);
                  byte[] v = selfDescribingValue(key, r);
                  pending.put(k, v);
                  db.put(key, v, wo);
                } else if (kind < 6) {
                  int k = r.nextInt(keys);
                  pending.put(k, null);
                  db.delete(writerKey("c", id, k), wo);
                } else {
                  WriteBatch batch = new WriteBatch();
                  for (int i = 1 + r.nextInt(10); i > 0; i--) {
                    int k = r.nextInt(keys);
                    byte[] key = writerKey("c", id, k);
                    pending.remove(k);
                    if (r.nextInt(5) == 0) {
                      batch.delete(key);
                      pending.put(k, null);
                    } else {
                      byte[] v = selfDescribingValue(key, r);
                      batch.put(key, v);
                      pending.put(k, v);
                    }
                  }
                  db.write(batch, wo);
                }
              } catch (CairnException e) {
                expectClosing(closeStarted, e, context + " writer " + id);
                inFlight.set(id, pending);
                assertThrows(
                    CairnException.class, () -> db.put(writerKey("c", id, 0), new byte[1]));
                return;
              }
              for (Map.Entry<Integer, byte[]> e : pending.entrySet()) {
                model[e.getKey()] = e.getValue();
              }
              progress.incrementAndGet();
            }
          });
    }
    for (int i = 0; i < 2; i++) {
      long s = rnd.nextLong();
      w.start(
          "close-getter-" + i,
          () -> {
            Random r = new Random(s);
            for (int op = 0; op < maxOps * 4; op++) {
              byte[] key = writerKey("c", r.nextInt(writers), r.nextInt(keys));
              try {
                byte[] v = db.get(key);
                checkSelfDescribing(key, v, context + " getter");
              } catch (CairnException e) {
                expectClosing(closeStarted, e, context + " getter");
                assertThrows(CairnException.class, () -> db.get(key));
                return;
              }
            }
          });
    }
    long cursorSeed = rnd.nextLong();
    w.start("close-cursor", () -> cursorUntilClosed(db, new Random(cursorSeed), closeStarted, w));
    long snapshotSeed = rnd.nextLong();
    w.start(
        "close-snapshot",
        () -> snapshotsUntilClosed(db, new Random(snapshotSeed), writers, keys, closeStarted, w));
    long maintenanceSeed = rnd.nextLong();
    w.start(
        "close-maintenance",
        () -> {
          Random r = new Random(maintenanceSeed);
          for (int op = 0; op < maxOps; op++) {
            try {
              switch (r.nextInt(4)) {
                case 0 -> db.flush();
                case 1 -> db.compactRange(null, null);
                case 2 -> {
                  byte[] from = writerKey("c", r.nextInt(writers), r.nextInt(keys));
                  db.compactRange(from, null);
                }
                default -> assertNotNull(db.property("cairn.stats"));
              }
            } catch (CairnException e) {
              expectClosing(closeStarted, e, context + " maintenance");
              assertThrows(CairnException.class, db::flush);
              return;
            }
            Thread.sleep(r.nextInt(4));
          }
        });

    // Close after a seeded amount of acknowledged work (bounded wait: a stuck writer is a bug
    // that joinAll reports).
    long target = 50L + rnd.nextInt(1500);
    long deadline = System.nanoTime() + MILLISECONDS.toNanos(HANG_MILLIS);
    while (progress.get() < target && !w.failed() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    // Held across close: both must refuse work afterwards, and closing them must still work.
    Cursor heldCursor = db.cursor();
    Snapshot heldSnapshot = db.snapshot();
    closeStarted.set(true);
    closeBounded(db, context);
    // close() waits for background work, and calls after it touch no file: from now on the
    // directory must not change.
    Map<String, Long> closedState = directoryState(vfs, dir);
    db.close(); // idempotent

    byte[] k = writerKey("c", 0, 0);
    assertThrows(CairnException.class, () -> db.put(k, k));
    assertThrows(CairnException.class, () -> db.delete(k));
    assertThrows(CairnException.class, () -> db.write(new WriteBatch().put(k, k)));
    assertThrows(CairnException.class, () -> db.get(k));
    assertThrows(CairnException.class, () -> db.snapshot());
    assertThrows(CairnException.class, () -> db.cursor());
    assertThrows(CairnException.class, db::flush);
    assertThrows(CairnException.class, () -> db.compactRange(null, null));
    assertThrows(CairnException.class, () -> db.property("cairn.stats"));
    assertThrows(CairnException.class, heldCursor::seekToFirst);
    assertThrows(CairnException.class, () -> db.get(k, ReadOptions.snapshot(heldSnapshot)));
    assertThrows(CairnException.class, () -> db.cursor(ReadOptions.snapshot(heldSnapshot)));
    heldCursor.close();
    heldSnapshot.close();
    w.joinAll();
    assertNoBackgroundThread(dir, context);
    assertEquals(0, vfs.openHandles(), context + ": file handles open after close");
    assertEquals(
        closedState,
        directoryState(vfs, dir),
        context + ": files changed after close() returned (work still running?)");
  }

  /** Every file of {@code dir} with its size. */
  private static Map<String, Long> directoryState(MemVfs vfs, Path dir) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (String name : vfs.list(dir)) {
      out.put(name, vfs.size(dir.resolve(name)));
    }
    return out;
  }

  private static void cursorUntilClosed(Cairn db, Random r, AtomicBoolean closeStarted, Workers w) {
    Cursor c = null;
    byte[] last = null;
    try {
      for (int op = 0; op < 200_000 && !w.failed(); op++) {
        if (c == null || r.nextInt(200) == 0) {
          if (c != null) {
            c.close();
          }
          c = db.cursor();
          c.seekToFirst();
          last = null;
        }
        if (!c.isValid()) {
          c.seekToFirst();
          last = null;
          continue;
        }
        byte[] key = c.key();
        if (last != null && Arrays.compareUnsigned(last, key) >= 0) {
          throw new AssertionError("cursor keys out of order: " + describe(key));
        }
        checkSelfDescribing(key, c.value(), "cursor");
        last = key;
        c.next();
      }
    } catch (CairnException e) {
      expectClosing(closeStarted, e, "cursor");
      if (c != null) {
        Cursor held = c;
        assertThrows(CairnException.class, held::seekToFirst);
        assertThrows(CairnException.class, held::isValid);
      }
    } finally {
      if (c != null) {
        c.close();
        c.close();
      }
    }
  }

  private static void snapshotsUntilClosed(
      Cairn db, Random r, int writers, int keys, AtomicBoolean closeStarted, Workers w) {
    Deque<Snapshot> held = new ArrayDeque<>();
    try {
      for (int op = 0; op < 100_000 && !w.failed(); op++) {
        held.addLast(db.snapshot());
        if (held.size() > 3) {
          held.removeFirst().close();
        }
        Snapshot s = held.peekFirst();
        for (int i = 0; i < 8; i++) {
          byte[] key = writerKey("c", r.nextInt(writers), r.nextInt(keys));
          checkSelfDescribing(key, db.get(key, ReadOptions.snapshot(s)), "snapshot get");
        }
      }
    } catch (CairnException e) {
      expectClosing(closeStarted, e, "snapshot");
      for (Snapshot s : held) {
        assertThrows(
            CairnException.class, () -> db.get(writerKey("c", 0, 0), ReadOptions.snapshot(s)));
      }
    } finally {
      for (Snapshot s : held) {
        s.close();
      }
    }
  }

  /** A CairnException is fine once close has begun; before that it is a failure. */
  private static void expectClosing(AtomicBoolean closeStarted, CairnException e, String who) {
    if (!closeStarted.get()) {
      throw new AssertionError(who + ": CairnException while the database was open: " + e, e);
    }
  }

  /**
   * Settles each writer's interrupted write (all of it or none of it, never part), then checks that
   * the database holds exactly the writers' models.
   */
  private static void resolveInFlight(
      Cairn db, byte[][][] acked, List<Map<Integer, byte[]>> inFlight, String context) {
    for (int t = 0; t < acked.length; t++) {
      Map<Integer, byte[]> pending = inFlight.get(t);
      if (pending == null) {
        continue;
      }
      int landed = 0;
      int missing = 0;
      for (Map.Entry<Integer, byte[]> e : pending.entrySet()) {
        byte[] actual = db.get(writerKey("c", t, e.getKey()));
        boolean isNew = Arrays.equals(actual, e.getValue());
        boolean isOld = Arrays.equals(actual, acked[t][e.getKey()]);
        if (isNew && !isOld) {
          landed++;
        } else if (isOld && !isNew) {
          missing++;
        } else if (!isNew) {
          throw new AssertionError(
              context
                  + ": writer "
                  + t
                  + " key "
                  + e.getKey()
                  + " holds "
                  + describe(actual)
                  + ", neither its acknowledged value nor the interrupted write's");
        }
      }
      if (landed > 0 && missing > 0) {
        throw new AssertionError(
            context
                + ": writer "
                + t
                + "'s interrupted batch landed partially ("
                + landed
                + " keys new, "
                + missing
                + " old)");
      }
      if (landed > 0) {
        for (Map.Entry<Integer, byte[]> e : pending.entrySet()) {
          acked[t][e.getKey()] = e.getValue();
        }
      }
      inFlight.set(t, null);
    }
    verifyWriterModels(db, "c", acked, context);
  }

  /** key bytes, an 8-byte nonce, 30-700 random bytes, then a CRC32 of all that. */
  private static byte[] selfDescribingValue(byte[] key, Random r) {
    byte[] v = new byte[key.length + 8 + 30 + r.nextInt(671) + 4];
    System.arraycopy(key, 0, v, 0, key.length);
    byte[] rest = randomBytes(r, v.length - 4 - key.length);
    System.arraycopy(rest, 0, v, key.length, rest.length);
    CRC32 crc = new CRC32();
    crc.update(v, 0, v.length - 4);
    ByteBuffer.wrap(v).putInt(v.length - 4, (int) crc.getValue());
    return v;
  }

  private static void checkSelfDescribing(byte[] key, byte[] v, String where) {
    if (v == null) {
      return;
    }
    boolean ok = v.length >= key.length + 42 && Arrays.equals(v, 0, key.length, key, 0, key.length);
    if (ok) {
      CRC32 crc = new CRC32();
      crc.update(v, 0, v.length - 4);
      ok = ByteBuffer.wrap(v).getInt(v.length - 4) == (int) crc.getValue();
    }
    if (!ok) {
      throw new AssertionError(
          where + ": value of " + new String(key, UTF_8) + " is not its own: " + describe(v));
    }
  }

  // ---------------------------------------------------------------- 4. cursor pinning

  /**
   * A cursor (and a snapshot) opened over a compacted tree keeps reading exactly its original view
   * while other work overwrites and deletes every key, flushes and compacts the whole range twice
   * (once between two stretches of the cursor's reads, once while it reads). The tables it reads
   * stay on disk while it is open; once it and the snapshot are closed, one more compaction deletes
   * them, and the directory ends up holding exactly the tables of the current version.
   */
  @Test
  @Timeout(value = 120, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void cursorKeepsItsViewWhileItsTablesAreCompactedAwayAndReleasesThemAfter() throws Exception {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    String context = "seed=" + seed;
    MemVfs vfs = new MemVfs();
    Path dir = newDir("pin");
    Options options =
        Options.builder()
            .vfs(vfs)
            .memtableBytes(32 << 10)
            .targetFileBytes(32 << 10)
            // Level 1 never exceeds its target: once compactRange returns, the tree stays put, so
            // the tables listed then are the ones a cursor opened next reads.
            .baseLevelBytes(64L << 20)
            .blockSize(1024)
            .l0CompactionTrigger(2)
            .blockCacheBytes(rnd.nextBoolean() ? 0 : 256 << 10)
            .compression(rnd.nextBoolean() ? Compression.NONE : Compression.LZ4)
            .build();
    int n = 3000;
    NavigableMap<byte[], byte[]> original = new TreeMap<>(Arrays::compareUnsigned);
    Cairn db = Cairn.open(dir, options);
    boolean ok = false;
    try {
      for (int i = 0; i < n; i++) {
        byte[] v = randomBytes(rnd, 100 + rnd.nextInt(300));
        db.put(pinKey(i), v);
        original.put(pinKey(i), v);
      }
      db.compactRange(null, null);
      Set<String> pinnedTables = awaitTablesMatchVersion(db, vfs, dir, context);
      assertTrue(pinnedTables.size() >= 4, context + ": expected several tables: " + pinnedTables);

      Snapshot snapshot = db.snapshot();
      Cursor c = db.cursor();
      Iterator<Map.Entry<byte[], byte[]>> expected = original.entrySet().iterator();
      c.seekToFirst();
      readForward(c, expected, n / 3, context + " first third");

      long rewriteSeed = rnd.nextLong();
      Workers first = new Workers(context + " rewrite 1");
      first.start("pin-rewrite-1", () -> rewrite(db, new Random(rewriteSeed), n));
      first.joinAll();
      Set<String> present = tables(vfs, dir);
      for (String t : pinnedTables) {
        assertTrue(
            present.contains(t),
            context + ": " + t + " was deleted while an open cursor reads it; now " + present);
      }
      assertTrue(
          present.size() > Integer.parseInt(db.property("cairn.num-files")),
          context + ": the compaction should have replaced the pinned tables");
      readForward(c, expected, n / 3, context + " second third");

      long rewriteSeed2 = rnd.nextLong();
      Workers second = new Workers(context + " rewrite 2");
      second.start("pin-rewrite-2", () -> rewrite(db, new Random(rewriteSeed2), n));
      readForward(c, expected, n, context + " rest, during a rewrite");
      second.joinAll();
      assertFalse(c.isValid(), context + ": cursor runs past its view");

      int i = 0;
      for (Map.Entry<byte[], byte[]> e : original.descendingMap().entrySet()) {
        if (i++ == 0) {
          c.seekToLast();
        } else {
          c.prev();
        }
        expectEntry(c, e, context + " backward");
      }
      c.prev();
      assertFalse(c.isValid(), context + ": cursor runs before its view");
      for (int s = 0; s < 300; s++) {
        byte[] target = pinKey(rnd.nextInt(n + 10) - 5);
        if (rnd.nextBoolean()) {
          target = Arrays.copyOf(target, target.length + 1); // between two keys
        }
        c.seek(target);
        expectEntry(c, original.ceilingEntry(target), context + " seek");
        c.seekForPrev(target);
        expectEntry(c, original.floorEntry(target), context + " seekForPrev");
      }

      // The snapshot taken before the rewrites still reads the original data, also through a
      // cursor opened only now, over the rewritten tables.
      try (Cursor sc = db.cursor(ReadOptions.snapshot(snapshot))) {
        sc.seekToFirst();
        readForward(sc, original.entrySet().iterator(), n, context + " snapshot cursor");
        assertFalse(sc.isValid(), context + ": snapshot cursor runs past its view");
      }
      for (int s = 0; s < 300; s++) {
        byte[] key = pinKey(rnd.nextInt(n));
        expectValue(
            db, key, original.get(key), db.get(key, ReadOptions.snapshot(snapshot)), context);
      }
      c.close();
      snapshot.close();

      db.compactRange(null, null);
      Set<String> after = awaitTablesMatchVersion(db, vfs, dir, context + " after cursor close");
      for (String t : pinnedTables) {
        assertFalse(after.contains(t), context + ": " + t + " outlived its last reader");
      }
      ok = true;
    } finally {
      closeAfter(db, ok, context);
    }
    assertNoBackgroundThread(dir, context);
    assertEquals(0, vfs.openHandles(), context + ": file handles open after close");
  }

  /** Overwrites every key, deletes every third, adds others; flushes; compacts everything. */
  private static void rewrite(Cairn db, Random r, int n) {
    for (int i = 0; i < n; i++) {
      if (i % 3 == 0) {
        db.delete(pinKey(i));
      } else {
        db.put(pinKey(i), randomBytes(r, 100 + r.nextInt(300)));
      }
      if (i % 2 == 0) {
        byte[] between = Arrays.copyOf(pinKey(i), pinKey(i).length + 1);
        db.put(between, randomBytes(r, 50));
      }
    }
    db.flush();
    db.compactRange(null, null);
  }

  private static void readForward(
      Cursor c, Iterator<Map.Entry<byte[], byte[]>> expected, int max, String where) {
    for (int i = 0; i < max && expected.hasNext(); i++) {
      expectEntry(c, expected.next(), where);
      c.next();
    }
  }

  private static void expectEntry(Cursor c, Map.Entry<byte[], byte[]> e, String where) {
    if (e == null) {
      assertFalse(c.isValid(), () -> where + ": expected no entry, got " + keyOf(c));
      return;
    }
    assertTrue(
        c.isValid(), () -> where + ": cursor ended, expected " + new String(e.getKey(), UTF_8));
    if (!Arrays.equals(e.getKey(), c.key()) || !Arrays.equals(e.getValue(), c.value())) {
      throw new AssertionError(
          where
              + ": expected "
              + new String(e.getKey(), UTF_8)
              + "="
              + describe(e.getValue())
              + " but the cursor has "
              + new String(c.key(), UTF_8)
              + "="
              + describe(c.value()));
    }
  }

  private static String keyOf(Cursor c) {
    return new String(c.key(), UTF_8);
  }

  private static byte[] pinKey(int i) {
    return String.format(Locale.ROOT, "pin-%+06d", i).getBytes(UTF_8);
  }

  private static Set<String> tables(MemVfs vfs, Path dir) throws Exception {
    Set<String> out = new HashSet<>();
    for (String name : vfs.list(dir)) {
      if (name.endsWith(".sst")) {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * Obsolete tables are deleted after each background round, shortly after the call that caused the
   * round returns: polls (bounded) until the directory holds as many tables as the version.
   */
  private static Set<String> awaitTablesMatchVersion(Cairn db, MemVfs vfs, Path dir, String context)
      throws Exception {
    long deadline = System.nanoTime() + MILLISECONDS.toNanos(HANG_MILLIS);
    while (true) {
      int live = Integer.parseInt(db.property("cairn.num-files"));
      Set<String> present = tables(vfs, dir);
      if (present.size() == live) {
        return present;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            context
                + ": the directory keeps "
                + present.size()
                + " tables but the version has "
                + live
                + " (leaked tables?): "
                + present
                + "\n"
                + db.property("cairn.levels"));
      }
      Thread.sleep(5);
    }
  }

  // ---------------------------------------------------------------- 5. threads and open races

  /**
   * Racing opens of one directory (exactly one wins, the others get a "locked / in use"
   * CairnException), while other threads open, use and close their own databases over and over
   * (closing a cursor and a snapshot only after the database). Every close ends its background
   * thread, and every write survives into the next open.
   */
  @Test
  @Timeout(value = 120, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void racingOpensAndOpenCloseChurnLeaveNoBackgroundThreads() throws Exception {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    String context = "seed=" + seed;
    MemVfs vfs = new MemVfs();
    Options options = smallOptions(rnd, vfs, 16 << 10);
    Path shared = newDir("shared");
    List<Path> churnDirs = new ArrayList<>();
    Workers churn = new Workers(context + " churn");
    for (int t = 0; t < 3; t++) {
      Path dir = newDir("churn");
      churnDirs.add(dir);
      long s = rnd.nextLong();
      churn.start("churn-" + t, () -> churn(dir, options, new Random(s), context));
    }
    int rounds = Seeds.scaled(10);
    for (int round = 0; round < rounds; round++) {
      String where = context + " round " + round;
      int racers = 3 + rnd.nextInt(3);
      CyclicBarrier gate = new CyclicBarrier(racers);
      List<Cairn> winners = Collections.synchronizedList(new ArrayList<>());
      AtomicReference<String> loserMessage = new AtomicReference<>();
      Workers w = new Workers(where);
      for (int i = 0; i < racers; i++) {
        w.start(
            "racer-" + i,
            () -> {
              gate.await(HANG_MILLIS, MILLISECONDS);
              try {
                winners.add(Cairn.open(shared, options));
              } catch (CairnException e) {
                loserMessage.set(String.valueOf(e.getMessage()));
              }
            });
      }
      w.joinAll();
      assertEquals(1, winners.size(), where + ": racing opens of one directory");
      String msg = loserMessage.get().toLowerCase(Locale.ROOT);
      assertTrue(msg.contains("lock") || msg.contains("in use"), where + ": " + msg);
      Cairn db = winners.get(0);
      boolean ok = false;
      try {
        for (int r = 0; r <= round; r++) {
          expectValue(db, roundKey(r), r < round ? roundKey(r) : null, where);
        }
        db.put(roundKey(round), roundKey(round), WriteOptions.SYNC);
        db.flush();
        ok = true;
      } finally {
        closeAfter(db, ok, where);
      }
      assertNoBackgroundThread(shared, where);
    }
    churn.joinAll();
    for (Path dir : churnDirs) {
      assertNoBackgroundThread(dir, context);
    }
    assertEquals(0, vfs.openHandles(), context + ": file handles open after close");
  }

  private static byte[] roundKey(int round) {
    return ("round-" + round).getBytes(UTF_8);
  }

  private static void churn(Path dir, Options options, Random r, String context) throws Exception {
    int acknowledged = 0;
    for (int cycle = 0; cycle < Seeds.scaled(10); cycle++) {
      Cairn db = Cairn.open(dir, options);
      String where = context + " " + dir + " cycle " + cycle;
      Cursor cursor = null;
      Snapshot snapshot = null;
      boolean ok = false;
      try {
        expectValue(
            db,
            ("n-" + (acknowledged - 1)).getBytes(UTF_8),
            acknowledged == 0 ? null : randomBytesFor(acknowledged - 1),
            where);
        int writes = 20 + r.nextInt(200);
        for (int i = 0; i < writes; i++) {
          db.put(("n-" + acknowledged).getBytes(UTF_8), randomBytesFor(acknowledged));
          acknowledged++;
        }
        if (r.nextBoolean()) {
          db.flush();
        }
        if (r.nextBoolean()) {
          db.compactRange(null, null);
        }
        cursor = db.cursor();
        cursor.seekToFirst();
        snapshot = db.snapshot();
        ok = true;
      } finally {
        closeAfter(db, ok, where);
      }
      assertNoBackgroundThread(dir, where);
      Cursor c = cursor;
      assertThrows(CairnException.class, c::next);
      cursor.close();
      snapshot.close();
    }
  }

  private static byte[] randomBytesFor(int n) {
    return randomBytes(new Random(n), 20 + n % 300);
  }

  // ---------------------------------------------------------------- known bugs (fail on purpose)

  /**
   * KNOWN BUG (fails until DbImpl/TableCache are fixed): a read that opens a table while {@code
   * close()} runs leaks that table's file handle. {@code DbImpl.get} (and a cursor step moving to a
   * new table) checks {@code closed} before pinning the tree, but {@code close()} neither waits for
   * reads in flight nor stops {@code TableCache.acquire} from opening a reader and caching it as a
   * fresh handle after {@code TableCache.close()} has swept the shards, so that reader is never
   * closed (with the real file system: a leaked file descriptor per occurrence). The close test
   * above runs into it by chance in about half of its runs; here the interleaving is forced by
   * pausing the reading thread inside {@code Vfs.open} of the table until {@code close()} has
   * returned (or, should a fix make close wait for the read, until the closing thread blocks).
   */
  @Test
  @Timeout(value = 60, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void readRacingCloseLeaksNoTableFileHandle() throws Exception {
    String context = "read racing close";
    MemVfs mem = new MemVfs();
    FaultInjectingVfs vfs = new FaultInjectingVfs(mem);
    Path dir = newDir("leak");
    Options options = Options.builder().vfs(vfs).build();
    byte[] key = "key".getBytes(UTF_8);
    byte[] value = "value".getBytes(UTF_8);
    Cairn setup = Cairn.open(dir, options);
    setup.put(key, value);
    setup.flush();
    closeBounded(setup, context);
    assertEquals(0, mem.openHandles(), context + ": handles open after a plain close");

    // Reopened, the database has not opened its one table yet: the next get does.
    CountDownLatch opening = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    String readerName = "conc-leak-reader";
    vfs.setPolicy(
        (op, path) -> {
          if (op == FaultInjectingVfs.Op.OPEN
              && path.toString().endsWith(".sst")
              && Thread.currentThread().getName().equals(readerName)) {
            opening.countDown();
            try {
              if (!proceed.await(HANG_MILLIS, MILLISECONDS)) {
                throw new IOException("test gate never opened");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted at the test gate");
            }
          }
        });
    Cairn db = Cairn.open(dir, options);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Workers reader = new Workers(context);
    reader.start(
        "leak-reader",
        () -> {
          try {
            outcome.set(db.get(key));
          } catch (CairnException e) {
            outcome.set(e);
          }
        });
    assertTrue(opening.await(HANG_MILLIS, MILLISECONDS), context + ": the get never opened");

    AtomicReference<Throwable> closeError = new AtomicReference<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                db.close();
              } catch (Throwable e) {
                closeError.set(e);
              }
            },
            "conc-leak-closer");
    closer.setDaemon(true);
    closer.start();
    long deadline = System.nanoTime() + MILLISECONDS.toNanos(HANG_MILLIS);
    int blockedPolls = 0;
    while (closer.isAlive() && blockedPolls < 20 && System.nanoTime() < deadline) {
      Thread.State state = closer.getState();
      blockedPolls =
          state == Thread.State.RUNNABLE || state == Thread.State.NEW ? 0 : blockedPolls + 1;
      Thread.sleep(5);
    }
    proceed.countDown();
    closer.join(HANG_MILLIS);
    assertFalse(closer.isAlive(), () -> context + ": close() did not return\n" + dumpAll());
    assertNull(closeError.get(), () -> context + ": close() failed: " + closeError.get());
    reader.joinAll();
    Object result = outcome.get();
    assertTrue(
        result instanceof CairnException
            || (result instanceof byte[] bytes && Arrays.equals(value, bytes)),
        () -> context + ": the racing get returned " + result);
    assertNoBackgroundThread(dir, context);
    assertEquals(
        0,
        mem.openHandles(),
        context
            + ": KNOWN BUG: the table reader opened by a get racing close() is never closed"
            + " (TableCache.acquire opens and caches it after TableCache.close())");
  }

  /**
   * KNOWN BUG (fails until MergingIterator is fixed): a cursor that turns from forward to backward
   * ({@code seekForPrev}, which seeks and then steps back, or {@code prev()} after {@code seek} or
   * {@code next}) while a writer inserts into the active memtable can return a key again, or a key
   * above the {@code seekForPrev} target. {@code MergingIterator.turnBackward} places each other
   * child with {@code seek(K)} followed by {@code prev()}, or {@code seekToLast()} when the seek
   * found nothing. Both steps are separate searches of the memtable, so an entry inserted in
   * between can leave the memtable child at or after K: any entry newer than the cursor, for
   * example a larger key. {@code rebuild()} then makes that child current, so {@code prev()} moves
   * the memtable child instead of the child holding K, and the merged stream yields K once more.
   * The cycle test found this (split views, in about one run in four) with a trace of exactly these
   * steps. Here the writer's insert is placed deterministically between the two memtable operations
   * of the turn, by a wrapper around the memtable child.
   */
  @Test
  @Timeout(value = 60, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void cursorTurningBackwardWhileTheMemtableGrowsRepeatsNoKey() {
    byte[] k11 = account(11);
    byte[] k12 = account(12);
    byte[] k44 = account(44);
    byte[] v = "value".getBytes(UTF_8);
    long cursorSeq = 100;

    // seekForPrev(k11) must find k11; with the insert during the turn it finds k12.
    try (Cursor c = turningCursor(k11, k12, k44, v, cursorSeq)) {
      c.seekForPrev(k11);
      assertTrue(c.isValid(), "seekForPrev found nothing");
      assertEquals(
          "acct-011",
          new String(c.key(), UTF_8),
          "KNOWN BUG: seekForPrev returned a key above its target (MergingIterator.turnBackward)");
    }
    // prev() after seek(k12) must move to k11; with the insert during the turn it stays on k12.
    try (Cursor c = turningCursor(k11, k12, k44, v, cursorSeq)) {
      c.seek(k12);
      assertEquals("acct-012", new String(c.key(), UTF_8));
      c.prev();
      assertTrue(c.isValid(), "prev found nothing");
      assertEquals(
          "acct-011",
          new String(c.key(), UTF_8),
          "KNOWN BUG: prev() after a forward move returned the same key again"
              + " (MergingIterator.turnBackward)");
    }
  }

  /**
   * A cursor at {@code seq} over a "table" holding k11 and k12 and an empty active memtable, into
   * which a writer inserts {@code late} (newer than the cursor, so invisible to it) just after the
   * memtable child's second seek: the seek {@code MergingIterator.turnBackward} makes.
   */
  private static Cursor turningCursor(byte[] k11, byte[] k12, byte[] late, byte[] v, long seq) {
    MemTable table = new MemTable();
    table.add(10, ValueKind.PUT, k11, v);
    table.add(20, ValueKind.PUT, k12, v);
    MemTable active = new MemTable();
    InternalIterator activeChild =
        new InsertAfterSecondSeek(
            active.iterator(), () -> active.add(seq + 1, ValueKind.PUT, late, v));
    MergingIterator merged = new MergingIterator(List.of(activeChild, table.iterator()));
    return new DbIterator(merged, seq, () -> {});
  }

  /** Delegates to a memtable iterator; runs {@code insert} right after the second seek. */
  private static final class InsertAfterSecondSeek implements InternalIterator {
    private final InternalIterator delegate;
    private final Runnable insert;
    private int seeks;

    InsertAfterSecondSeek(InternalIterator delegate, Runnable insert) {
      this.delegate = delegate;
      this.insert = insert;
    }

    @Override
    public boolean isValid() {
      return delegate.isValid();
    }

    @Override
    public void seekToFirst() {
      delegate.seekToFirst();
    }

    @Override
    public void seekToLast() {
      delegate.seekToLast();
    }

    @Override
    public void seek(byte[] target) {
      delegate.seek(target);
      if (++seeks == 2) {
        insert.run(); // what a concurrent writer may do between two searches of the reader
      }
    }

    @Override
    public void next() {
      delegate.next();
    }

    @Override
    public void prev() {
      delegate.prev();
    }

    @Override
    public byte[] key() {
      return delegate.key();
    }

    @Override
    public byte[] value() {
      return delegate.value();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  // ---------------------------------------------------------------- shared helpers

  /** After every test: no deadlock anywhere, no background thread of these tests left. */
  @AfterEach
  void noDeadlockAndNoBackgroundThreadLeft() throws InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] deadlocked = mx.findDeadlockedThreads();
    if (deadlocked != null) {
      StringBuilder sb = new StringBuilder("deadlocked threads:\n");
      for (ThreadInfo info : mx.getThreadInfo(deadlocked, true, true)) {
        sb.append(info);
      }
      throw new AssertionError(sb.toString());
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(BG_PREFIX + DIR_PREFIX)) {
        t.join(HANG_MILLIS);
        assertFalse(t.isAlive(), () -> "background thread left running:\n" + dump(t));
      }
    }
  }

  private static Path newDir(String what) {
    return Path.of("/" + DIR_PREFIX + what + "-" + DIR_IDS.incrementAndGet());
  }

  /** Small memtables, files and levels, so flushes and compactions happen all the time. */
  private static Options smallOptions(Random r, MemVfs vfs, long memtableBytes) {
    return Options.builder()
        .vfs(vfs)
        .memtableBytes(memtableBytes)
        .blockSize(r.nextBoolean() ? 1024 : 4096)
        .blockCacheBytes(r.nextBoolean() ? 0 : 1 << 20)
        .bloomBitsPerKey(r.nextBoolean() ? 0 : 10)
        .compression(r.nextBoolean() ? Compression.NONE : Compression.LZ4)
        .targetFileBytes(64 << 10)
        .baseLevelBytes(256 << 10)
        .l0CompactionTrigger(2 + r.nextInt(3))
        .l0StopWritesTrigger(8)
        .maxImmutableMemtables(1 + r.nextInt(2))
        .build();
  }

  private static byte[] writerKey(String prefix, int writer, int k) {
    return String.format(Locale.ROOT, "%s%02d-%05d", prefix, writer, k).getBytes(UTF_8);
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static String describe(byte[] v) {
    if (v == null) {
      return "null";
    }
    return "[" + v.length + " bytes, hash " + Integer.toHexString(Arrays.hashCode(v)) + "]";
  }

  private static void expectValue(Cairn db, byte[] key, byte[] expected, String where) {
    expectValue(db, key, expected, db.get(key), where);
  }

  private static void expectValue(
      Cairn db, byte[] key, byte[] expected, byte[] actual, String where) {
    if (!Arrays.equals(expected, actual)) {
      throw new AssertionError(
          where
              + ": "
              + new String(key, UTF_8)
              + " should be "
              + describe(expected)
              + " but is "
              + describe(actual)
              + " (sequence "
              + db.property("cairn.sequence")
              + ")");
    }
  }

  /** Every writer's keys by get, then the whole database by one cursor, against the models. */
  private static void verifyWriterModels(Cairn db, String prefix, byte[][][] models, String where) {
    NavigableMap<byte[], byte[]> all = new TreeMap<>(Arrays::compareUnsigned);
    for (int t = 0; t < models.length; t++) {
      for (int k = 0; k < models[t].length; k++) {
        byte[] key = writerKey(prefix, t, k);
        expectValue(db, key, models[t][k], where);
        if (models[t][k] != null) {
          all.put(key, models[t][k]);
        }
      }
    }
    try (Cursor c = db.cursor()) {
      c.seekToFirst();
      readForward(c, all.entrySet().iterator(), Integer.MAX_VALUE, where + " (cursor)");
      assertFalse(c.isValid(), () -> where + ": unexpected key " + keyOf(c));
    }
  }

  /** Background threads are named {@code cairn-bg-<dir>}, or that plus {@code -<n>}. */
  private static boolean isBackgroundThreadOf(Thread t, Path dir) {
    String name = BG_PREFIX + dir.getFileName();
    return t.getName().equals(name) || t.getName().startsWith(name + "-");
  }

  private static boolean backgroundThreadAlive(Path dir) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (isBackgroundThreadOf(t, dir) && t.isAlive()) {
        return true;
      }
    }
    return false;
  }

  /** The background thread of {@code dir} must end (bounded wait) once close has returned. */
  private static void assertNoBackgroundThread(Path dir, String where) throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (isBackgroundThreadOf(t, dir)) {
        t.join(HANG_MILLIS);
        assertFalse(t.isAlive(), () -> where + ": background thread alive after close\n" + dump(t));
      }
    }
  }

  /** Closes {@code db}: bounded (a hang fails with thread dumps) when the test body passed. */
  private static void closeAfter(Cairn db, boolean bodyPassed, String where)
      throws InterruptedException {
    if (bodyPassed) {
      closeBounded(db, where);
    } else {
      try {
        db.close();
      } catch (RuntimeException e) {
        // The body's failure is the one to report.
      }
    }
  }

  private static void closeBounded(Cairn db, String where) throws InterruptedException {
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                db.close();
              } catch (Throwable e) {
                error.set(e);
              }
            },
            "conc-closer");
    closer.setDaemon(true);
    closer.start();
    closer.join(HANG_MILLIS);
    if (closer.isAlive()) {
      throw new AssertionError(where + ": close() did not return\n" + dumpAll());
    }
    if (error.get() != null) {
      throw new AssertionError(where + ": close() failed: " + error.get(), error.get());
    }
  }

  private static String dump(Thread t) {
    StringBuilder sb = new StringBuilder();
    sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
    for (StackTraceElement e : t.getStackTrace()) {
      sb.append("    at ").append(e).append('\n');
    }
    return sb.toString();
  }

  private static String dumpAll() {
    StringBuilder sb = new StringBuilder();
    long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
    if (deadlocked != null) {
      sb.append("DEADLOCK among thread ids ").append(Arrays.toString(deadlocked)).append('\n');
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("conc-") || t.getName().startsWith(BG_PREFIX)) {
        sb.append(dump(t));
      }
    }
    return sb.toString();
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  /**
   * Worker threads of one test: the first failure is kept (and tells the others to stop via {@link
   * #failed}); {@link #joinAll} reports it, or a thread that did not finish in time as a hang.
   */
  private static final class Workers {
    private final String context;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Workers(String context) {
      this.context = context;
    }

    void start(String name, Body body) {
      Thread t =
          new Thread(
              () -> {
                try {
                  body.run();
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "conc-" + name);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    boolean failed() {
      return failure.get() != null;
    }

    void joinAll() throws InterruptedException {
      long deadline = System.nanoTime() + MILLISECONDS.toNanos(HANG_MILLIS);
      for (Thread t : threads) {
        t.join(Math.max(1, NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (t.isAlive()) {
          AssertionError e =
              new AssertionError(
                  context + ": " + t.getName() + " did not finish (hang?)\n" + dumpAll());
          if (failure.get() != null) {
            e.addSuppressed(failure.get());
          }
          throw e;
        }
      }
      Throwable f = failure.get();
      if (f != null) {
        throw new AssertionError(context + ": " + f, f);
      }
    }
  }
}
