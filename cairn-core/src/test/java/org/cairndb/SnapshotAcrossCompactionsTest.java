package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A snapshot and a cursor held while writers and readers run and the tree is compacted many times
 * over: the snapshot's view and the cursor's view never change, no table they need disappears,
 * tables are deleted as soon as neither the tree nor a cursor refers to them, and tables left
 * behind by a crash (a compaction output never recorded, an old log) are removed on the next open.
 */
class SnapshotAcrossCompactionsTest {
  private static final int KEYS = 3_000;
  private static final int MIN_COMPACTIONS = 25;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  @Timeout(300)
  void viewsHoldWhileTheTreeIsRewritten(CompactionStyle style) throws Exception {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    Options options =
        Options.builder()
            .memtableBytes(64L << 10)
            .targetFileBytes(64L << 10)
            .baseLevelBytes(256L << 10)
            .l0CompactionTrigger(2)
            .maxBackgroundJobs(3)
            .compactionStyle(style)
            .compression(Compression.NONE)
            .build();
    try (Cairn db = Cairn.open(dir, options)) {
      TreeMap<String, byte[]> model = new TreeMap<>();
      for (int i = 0; i < KEYS; i++) {
        byte[] v = value(rnd);
        db.put(key(i), v);
        model.put(new String(key(i), StandardCharsets.UTF_8), v);
      }
      db.compactRange(null, null);
      Snapshot snapshot = db.snapshot();
      TreeMap<String, byte[]> frozen = new TreeMap<>(model);
      // Open the cursor while the tree stands still, so the live tables around it are exactly
      // the tables of the tree it pins.
      Cursor pinned;
      Set<Long> pinnedTables;
      while (true) {
        Set<Long> before = liveFiles(db);
        pinned = db.cursor();
        pinnedTables = liveFiles(db);
        if (before.equals(pinnedTables)) {
          break;
        }
        pinned.close();
        Thread.sleep(10);
      }
      pinned.seekToFirst();
      long compactionsBefore = stat(db, "compaction.count");

      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Map<String, byte[]> latest = new ConcurrentHashMap<>();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        long writerSeed = seed + w;
        // Each writer owns the keys of its parity, so the final state is known exactly.
        int parity = w;
        threads.add(
            worker(
                failure,
                () -> {
                  Random r = new Random(writerSeed);
                  while (!stop.get()) {
                    int k = r.nextInt(KEYS / 2) * 2 + parity;
                    String name = new String(key(k), StandardCharsets.UTF_8);
                    if (r.nextInt(5) == 0) {
                      db.delete(key(k));
                      latest.put(name, new byte[0]);
                    } else {
                      byte[] v = value(r);
                      db.put(key(k), v);
                      latest.put(name, v);
                    }
                  }
                }));
      }
      for (int t = 0; t < 2; t++) {
        long readerSeed = seed + 100 + t;
        threads.add(
            worker(
                failure,
                () -> {
                  Random r = new Random(readerSeed);
                  ReadOptions at = ReadOptions.snapshot(snapshot);
                  while (!stop.get()) {
                    int k = r.nextInt(KEYS);
                    byte[] expected = frozen.get(new String(key(k), StandardCharsets.UTF_8));
                    assertArrayEquals(expected, db.get(key(k), at), "snapshot get, seed " + seed);
                    if (r.nextInt(200) == 0) {
                      try (Cursor c = db.cursor(at)) {
                        assertSameEntries(frozen, c, "snapshot scan, seed " + seed);
                      }
                    }
                  }
                }));
      }
      threads.forEach(Thread::start);
      // The cursor opened before the writers walks the whole range slowly while they run.
      long deadline = System.nanoTime() + 120_000_000_000L;
      var expected = frozen.entrySet().iterator();
      while (pinned.isValid()) {
        var e = expected.next();
        assertEquals(e.getKey(), new String(pinned.key(), StandardCharsets.UTF_8), "seed " + seed);
        assertArrayEquals(e.getValue(), pinned.value(), "seed " + seed);
        pinned.next();
        if (stat(db, "compaction.count") - compactionsBefore < MIN_COMPACTIONS
            && System.nanoTime() < deadline) {
          Thread.sleep(0, 200_000);
        }
      }
      assertFalse(expected.hasNext(), "cursor ended early, seed " + seed);
      while (stat(db, "compaction.count") - compactionsBefore < MIN_COMPACTIONS
          && System.nanoTime() < deadline
          && failure.get() == null) {
        Thread.sleep(20);
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("seed " + seed, failure.get());
      }
      long compactions = stat(db, "compaction.count") - compactionsBefore;
      assertTrue(compactions >= MIN_COMPACTIONS, compactions + " compactions, seed " + seed);

      // Every table the cursor's tree referred to is still there while the cursor is open.
      Set<Long> onDisk = tablesOnDisk();
      for (long n : pinnedTables) {
        assertTrue(onDisk.contains(n), "table " + n + " of an open cursor deleted, seed " + seed);
      }
      try (Cursor c = db.cursor(ReadOptions.snapshot(snapshot))) {
        assertSameEntries(frozen, c, "snapshot after compactions, seed " + seed);
      }
      pinned.close();
      snapshot.close();

      // With the cursor closed, its tables go as soon as the background cleanup runs.
      db.compactRange(null, null);
      awaitOnlyLiveTables(db, seed);
      Set<Long> afterRelease = tablesOnDisk();
      assertTrue(
          pinnedTables.stream().noneMatch(afterRelease::contains),
          "tables of the closed cursor still on disk after a full compaction, seed " + seed);

      // The latest state is exactly what the writers left.
      for (Map.Entry<String, byte[]> e : latest.entrySet()) {
        model.put(e.getKey(), e.getValue().length == 0 ? null : e.getValue());
      }
      model.values().removeIf(v -> v == null);
      try (Cursor c = db.cursor()) {
        assertSameEntries(model, c, "latest state, seed " + seed);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  @Timeout(120)
  void filesLeftByACrashAreRemovedOnOpen(CompactionStyle style) throws Exception {
    Options options =
        Options.builder()
            .memtableBytes(64L << 10)
            .compactionStyle(style)
            .compression(Compression.NONE)
            .build();
    Random rnd = new Random(Seeds.seed());
    try (Cairn db = Cairn.open(dir, options)) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), value(rnd));
      }
      db.flush();
    }
    // What a crash between writing a compaction's output and recording it leaves behind: a table
    // the manifest does not know (a copy of a live one, so it would even read well) and a log
    // older than the manifest's current one.
    Path live;
    try (Stream<Path> files = Files.list(dir)) {
      live = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
    }
    long highest;
    try (Stream<Path> files = Files.list(dir)) {
      highest =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("\\d{6}\\.(sst|log)"))
              .mapToLong(n -> Long.parseLong(n.substring(0, 6)))
              .max()
              .orElseThrow();
    }
    // A number no file has used yet, as the crashed compaction's output would have.
    Path strayTable = dir.resolve(String.format("%06d.sst", highest + 100));
    Path strayLog = dir.resolve("000003.log");
    assertFalse(Files.exists(strayTable), "test setup: number in use");
    Files.copy(live, strayTable);
    Files.write(strayLog, new byte[0]);
    try (Cairn db = Cairn.open(dir, options)) {
      assertFalse(Files.exists(strayTable), "unrecorded table left after open");
      assertFalse(Files.exists(strayLog), "obsolete log left after open");
      for (int i = 0; i < KEYS; i += 7) {
        assertTrue(db.get(key(i)) != null, "key " + i);
      }
      // Background compactions may run after open; once they settle only live tables remain.
      awaitOnlyLiveTables(db, 0);
    }
  }

  private void awaitOnlyLiveTables(Cairn db, long seed) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      Set<Long> live = liveFiles(db);
      Set<Long> onDisk = tablesOnDisk();
      assertTrue(onDisk.containsAll(live), "live table missing on disk, seed " + seed);
      if (onDisk.equals(live)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "obsolete tables not deleted: on disk " + onDisk + ", live " + live + ", seed " + seed);
      }
      Thread.sleep(10);
    }
  }

  private Set<Long> tablesOnDisk() throws IOException {
    Set<Long> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sst"))
          .forEach(n -> out.add(Long.parseLong(n.substring(0, n.length() - 4))));
    }
    return out;
  }

  private static Set<Long> liveFiles(Cairn db) {
    Set<Long> out = new TreeSet<>();
    db.property("cairn.live-files").lines().forEach(line -> out.add(Long.parseLong(line)));
    return out;
  }

  private static long stat(Cairn db, String name) {
    return db.property("cairn.stats")
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statistic " + name));
  }

  private static void assertSameEntries(Map<String, byte[]> expected, Cursor c, String what) {
    c.seekToFirst();
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertTrue(c.isValid(), what + ": ended before " + e.getKey());
      assertEquals(e.getKey(), new String(c.key(), StandardCharsets.UTF_8), what);
      assertTrue(Arrays.equals(e.getValue(), c.value()), what + ": value of " + e.getKey());
      c.next();
    }
    assertFalse(c.isValid(), what + ": extra entries");
  }

  private static Thread worker(AtomicReference<Throwable> failure, Runnable body) {
    return new Thread(
        () -> {
          try {
            body.run();
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        });
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[100 + rnd.nextInt(200)];
    rnd.nextBytes(v);
    return v;
  }
}
