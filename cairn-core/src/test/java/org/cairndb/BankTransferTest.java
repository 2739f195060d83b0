package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bank-transfer test: writer threads move random amounts between accounts, each transfer one
 * {@link WriteBatch} of two puts; reader threads sum all balances through snapshots, cursors and
 * snapshot gets, and every sum must equal the starting total (a partial batch or a torn view would
 * show up as money created or lost). Small memtables keep flushes and several compactions running
 * meanwhile; the database is reopened at the end and summed again.
 */
class BankTransferTest {
  private static final int ACCOUNTS = 200;
  private static final long START = 1_000;

  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  @Timeout(300)
  void totalNeverChanges(CompactionStyle style) throws Exception {
    long seed = Seeds.seed();
    Options options =
        Options.builder()
            .vfs(new MemVfs())
            .memtableBytes(16 << 10)
            .baseLevelBytes(64 << 10)
            .targetFileBytes(16 << 10)
            .compactionStyle(style)
            .maxBackgroundJobs(3)
            .build();
    Path dir = Path.of("/bank");
    long total = ACCOUNTS * START;
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong transfers = new AtomicLong();
    AtomicLong sums = new AtomicLong();
    try (Cairn db = Cairn.open(dir, options)) {
      WriteBatch init = new WriteBatch();
      for (int i = 0; i < ACCOUNTS; i++) {
        init.put(account(i), amount(START));
      }
      db.write(init);
      ReentrantLock[] locks = new ReentrantLock[ACCOUNTS];
      for (int i = 0; i < ACCOUNTS; i++) {
        locks[i] = new ReentrantLock();
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      int ops = Seeds.scaled(4_000);
      for (int t = 0; t < 4; t++) {
        Random r = new Random(seed + t);
        threads.add(
            new Thread(
                () -> {
                  for (int i = 0; i < ops && failures.isEmpty(); i++) {
                    transfer(db, locks, r);
                    transfers.incrementAndGet();
                  }
                }));
      }
      for (int t = 0; t < 3; t++) {
        int kind = t;
        threads.add(
            new Thread(
                () -> {
                  while (!stop.get() && failures.isEmpty()) {
                    long sum = sum(db, kind);
                    sums.incrementAndGet();
                    if (sum != total) {
                      failures.add("view " + kind + " summed " + sum + ", expected " + total);
                    }
                  }
                }));
      }
      for (Thread t : threads) {
        t.start();
      }
      for (int t = 0; t < 4; t++) {
        threads.get(t).join();
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures.peek());
      assertEquals(total, sum(db, 0), "seed " + seed);
    }
    try (Cairn db = Cairn.open(dir, options)) {
      assertEquals(total, sum(db, 1), "seed " + seed + " after reopen");
      db.verify();
    }
    System.out.printf(
        Locale.ROOT,
        "BankTransferTest %s: %d transfers, %d consistent sums%n",
        style,
        transfers.get(),
        sums.get());
  }

  private static void transfer(Cairn db, ReentrantLock[] locks, Random r) {
    int a = r.nextInt(ACCOUNTS);
    int b = r.nextInt(ACCOUNTS - 1);
    if (b >= a) {
      b++;
    }
    // Lock in index order so two transfers never wait on each other in a cycle.
    ReentrantLock first = locks[Math.min(a, b)];
    ReentrantLock second = locks[Math.max(a, b)];
    first.lock();
    second.lock();
    try {
      long from = balance(db.get(account(a)));
      long to = balance(db.get(account(b)));
      long move = r.nextInt(50);
      WriteBatch batch = new WriteBatch();
      batch.put(account(a), amount(from - move));
      batch.put(account(b), amount(to + move));
      db.write(batch);
    } finally {
      second.unlock();
      first.unlock();
    }
  }

  /** Sums every balance: 0 through a cursor, 1 through a snapshot cursor, 2 by snapshot gets. */
  private static long sum(Cairn db, int kind) {
    long sum = 0;
    if (kind == 2) {
      try (Snapshot s = db.snapshot()) {
        ReadOptions ro = ReadOptions.snapshot(s);
        for (int i = 0; i < ACCOUNTS; i++) {
          sum += balance(db.get(account(i), ro));
        }
      }
      return sum;
    }
    Snapshot s = kind == 1 ? db.snapshot() : null;
    try (Cursor c = s == null ? db.cursor() : db.cursor(ReadOptions.snapshot(s))) {
      int n = 0;
      for (c.seekToFirst(); c.isValid(); c.next()) {
        sum += balance(c.value());
        n++;
      }
      if (n != ACCOUNTS) {
        return Long.MIN_VALUE + n;
      }
    } finally {
      if (s != null) {
        s.close();
      }
    }
    return sum;
  }

  private static byte[] account(int i) {
    return String.format(Locale.ROOT, "acct%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] amount(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long balance(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }
}
