package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cairndb.fs.MemVfs;
import org.cairndb.internal.db.FileNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Cairn#repair}: after losing or damaging {@code CURRENT} or the manifest of a database
 * written with flushes, compactions and unflushed log data, a repair brings back every key with its
 * newest value (deletes stay deleted); a damaged table is moved to {@code lost/} and the keys of
 * the intact tables all come back; repairing a healthy database changes nothing readable; a
 * database in use is refused.
 */
class RepairTest {
  private static final Path DIR = Path.of("/db");

  private static Options compacting(MemVfs vfs) {
    return Options.builder()
        .vfs(vfs)
        .memtableBytes(8 << 10)
        .blockSize(512)
        .l0CompactionTrigger(3)
        .baseLevelBytes(24 << 10)
        .targetFileBytes(8 << 10)
        .build();
  }

  /** No compaction: every flush stays a level-0 table of its own. */
  private static Options flushOnly(MemVfs vfs) {
    return Options.builder()
        .vfs(vfs)
        .memtableBytes(1 << 20)
        .blockSize(512)
        .l0CompactionTrigger(50)
        .l0SlowdownWritesTrigger(60)
        .l0StopWritesTrigger(70)
        .build();
  }

  private static byte[] key(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Random puts and deletes with flushes along the way and unflushed writes at the end; returns the
   * image a process crash leaves (every written byte kept) and fills {@code model}.
   */
  private static MemVfs randomHistory(long seed, Model model) {
    MemVfs vfs = new MemVfs();
    Random rnd = new Random(seed);
    try (Cairn db = Cairn.open(DIR, compacting(vfs))) {
      int n = 2500 + rnd.nextInt(1000);
      for (int i = 0; i < n; i++) {
        byte[] k = key(rnd.nextInt(700));
        if (rnd.nextInt(5) == 0) {
          db.delete(k);
          model.delete(k);
        } else {
          byte[] v = new byte[5 + rnd.nextInt(80)];
          rnd.nextBytes(v);
          db.put(k, v);
          model.put(k, v);
        }
        if (rnd.nextInt(400) == 0) {
          db.flush();
        }
      }
      return vfs.processCrashClone();
    }
  }

  private static List<String> files(MemVfs vfs, FileNames.Kind kind) throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : vfs.list(DIR)) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p != null && p.kind() == kind) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  private static void assertRepaired(MemVfs vfs, Options o, Model model, String what)
      throws IOException {
    assertEquals(1, files(vfs, FileNames.Kind.MANIFEST).size(), what + ": one manifest remains");
    try (Cairn db = Cairn.open(DIR, o)) {
      model.assertSameAs(db, what);
      db.verify();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void lostCurrentAndManifest(int round) throws IOException {
    long seed = Seeds.seed() + round;
    Model model = new Model();
    MemVfs vfs = randomHistory(seed, model);
    vfs.delete(DIR.resolve(FileNames.CURRENT));
    for (String m : files(vfs, FileNames.Kind.MANIFEST)) {
      vfs.delete(DIR.resolve(m));
    }
    assertThrows(CairnException.class, () -> Cairn.open(DIR, compacting(vfs)).close());
    // A crash during a flush or compaction may leave a partial table: it is set aside, and the
    // data it was being written from is still in the logs or the compaction's inputs.
    RepairReport r = Cairn.repair(DIR, compacting(vfs));
    assertTrue(r.logsReplayed() >= 1 && r.entriesRecovered() >= model.size(), "seed " + seed);
    assertRepaired(vfs, compacting(vfs), model, "seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void damagedManifest(int round) throws IOException {
    long seed = Seeds.seed() + round;
    Model model = new Model();
    MemVfs vfs = randomHistory(seed, model);
    Path manifest = DIR.resolve(files(vfs, FileNames.Kind.MANIFEST).get(0));
    vfs.flipBit(manifest, vfs.size(manifest) / 2, 4);
    assertThrows(CairnException.class, () -> Cairn.open(DIR, compacting(vfs)).close());
    Cairn.repair(DIR, compacting(vfs));
    assertRepaired(vfs, compacting(vfs), model, "seed " + seed);
  }

  /** Five flushed groups of distinct keys plus a sixth only in the log. */
  private static MemVfs groups(Model model) {
    MemVfs vfs = new MemVfs();
    try (Cairn db = Cairn.open(DIR, flushOnly(vfs))) {
      for (int g = 0; g < 6; g++) {
        for (int i = 0; i < 200; i++) {
          byte[] k = key(g * 1000 + i);
          byte[] v = ("g" + g + "v" + i).getBytes(StandardCharsets.UTF_8);
          db.put(k, v);
          model.put(k, v);
        }
        db.delete(key(g * 1000 + 7));
        model.delete(key(g * 1000 + 7));
        if (g < 5) {
          db.flush();
        }
      }
      MemVfs image = vfs.processCrashClone();
      // Logs of flushed memtables are deleted in the background after each flush; finish that
      // cleanup so the image's shape does not depend on timing. The newest log holds group 5.
      List<String> logs = files(image, FileNames.Kind.LOG);
      for (String log : logs.subList(0, logs.size() - 1)) {
        image.delete(DIR.resolve(log));
      }
      return image;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void intactTablesStayInLevelZero() throws IOException {
    Model model = new Model();
    MemVfs vfs = groups(model);
    List<String> tables = files(vfs, FileNames.Kind.TABLE);
    assertEquals(5, tables.size());
    vfs.delete(DIR.resolve(FileNames.CURRENT));
    RepairReport r = Cairn.repair(DIR, flushOnly(vfs));
    // A flush drops the put a delete of the same memtable hides: 200 entries per flushed group,
    // and the same for the group replayed from the log (repair writes tables as flushes do).
    assertEquals(new RepairReport(5, 0, r.logsReplayed(), 6 * 200), r);
    assertTrue(r.logsReplayed() >= 1, r.toString());
    for (String t : tables) {
      assertTrue(vfs.exists(DIR.resolve(t)), t + " kept as it is");
    }
    assertEquals(1, files(vfs, FileNames.Kind.LOG).size(), "replayed logs are removed");
    assertRepaired(vfs, flushOnly(vfs), model, "flush-only groups");
    try (Cairn db = Cairn.open(DIR, flushOnly(vfs))) {
      assertEquals("6", db.property("cairn.num-files-at-level0"));
    }
  }

  @Test
  void damagedTableIsMovedAside() throws IOException {
    Model model = new Model();
    MemVfs vfs = groups(model);
    List<String> tables = files(vfs, FileNames.Kind.TABLE);
    String victim = tables.get(2); // the third flush: group 2
    vfs.flipBit(DIR.resolve(victim), 100, 1);
    RepairReport r = Cairn.repair(DIR, flushOnly(vfs));
    assertEquals(4, r.tablesKept(), r.toString());
    assertEquals(1, r.tablesLost(), r.toString());
    assertTrue(vfs.exists(DIR.resolve("lost").resolve(victim)), "damaged table kept in lost/");
    assertTrue(!vfs.exists(DIR.resolve(victim)));
    try (Cairn db = Cairn.open(DIR, flushOnly(vfs))) {
      for (var e : model.map().entrySet()) {
        byte[] got = db.get(e.getKey());
        if (new String(e.getKey(), StandardCharsets.UTF_8).startsWith("key02")) {
          assertNull(got, "a key of the damaged table must not come back with other data");
        } else {
          assertArrayEquals(e.getValue(), got, "key of an intact table");
        }
      }
      for (int g = 0; g < 6; g++) {
        assertNull(db.get(key(g * 1000 + 7)), "deleted key stays deleted");
      }
      db.verify();
    }
  }

  /**
   * A log that was flushed but not yet deleted when the manifest was lost replays into a table
   * numbered above tables of newer data: level-0 order would then show old values, so the repair
   * merges everything into one sorted run in the last level.
   */
  @Test
  void staleLogForcesAMerge() throws IOException {
    MemVfs vfs = new MemVfs();
    Path staleLog;
    byte[] staleBytes;
    try (Cairn db = Cairn.open(DIR, flushOnly(vfs))) {
      db.put(key(1), key(100));
      db.put(key(2), key(200));
      staleLog = DIR.resolve(files(vfs, FileNames.Kind.LOG).get(0));
      staleBytes = vfs.readAll(staleLog);
      db.flush();
      db.put(key(1), key(101));
      db.delete(key(2));
      db.flush();
    }
    // The flushed log may or may not have been deleted yet (its cleanup is a background job that
    // a close can overtake); either way it comes back with its old contents, as if not deleted.
    try (var f = vfs.create(staleLog)) {
      f.append(staleBytes);
      f.sync();
    }
    vfs.syncDir(DIR);
    vfs.delete(DIR.resolve(FileNames.CURRENT));
    RepairReport r = Cairn.repair(DIR, flushOnly(vfs));
    assertEquals(2, r.tablesKept(), r.toString());
    assertEquals(1, r.entriesRecovered(), "only the newest live version is merged: " + r);
    try (Cairn db = Cairn.open(DIR, flushOnly(vfs))) {
      assertArrayEquals(key(101), db.get(key(1)));
      assertNull(db.get(key(2)), "deleted key stays deleted");
      assertEquals("0", db.property("cairn.num-files-at-level0"));
      assertEquals("1", db.property("cairn.num-files-at-level6"));
      db.verify();
    }
  }

  @Test
  void healthyDatabaseReadsTheSame() throws IOException {
    long seed = Seeds.seed();
    Model model = new Model();
    MemVfs vfs = randomHistory(seed, model);
    long before;
    try (Cairn db = Cairn.open(DIR, compacting(vfs))) {
      before = Model.fingerprintOf(db);
    }
    for (int i = 0; i < 2; i++) {
      RepairReport r = Cairn.repair(DIR, compacting(vfs));
      assertEquals(0, r.tablesLost(), "seed " + seed + ": " + r);
      try (Cairn db = Cairn.open(DIR, compacting(vfs))) {
        assertEquals(before, Model.fingerprintOf(db), "seed " + seed);
        model.assertSameAs(db, "seed " + seed);
      }
    }
  }

  /** The same on the real file system: a damaged table ends up in lost/, the rest comes back. */
  @Test
  void onRealFiles(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("db");
    Options o = Options.builder().l0CompactionTrigger(10).build();
    try (Cairn db = Cairn.open(dir, o)) {
      for (int g = 0; g < 3; g++) {
        for (int i = 0; i < 100; i++) {
          db.put(key(g * 1000 + i), key(g));
        }
        db.flush();
      }
    }
    List<Path> tables;
    try (var s = java.nio.file.Files.list(dir)) {
      tables = s.filter(p -> p.toString().endsWith(".sst")).sorted().toList();
    }
    assertEquals(3, tables.size());
    byte[] b = java.nio.file.Files.readAllBytes(tables.get(0));
    b[10] ^= 1;
    java.nio.file.Files.write(tables.get(0), b);
    java.nio.file.Files.delete(dir.resolve(FileNames.CURRENT));
    RepairReport r = Cairn.repair(dir, o);
    assertEquals(new RepairReport(2, 1, r.logsReplayed(), 200), r);
    assertTrue(
        java.nio.file.Files.exists(dir.resolve("lost").resolve(tables.get(0).getFileName())));
    try (Cairn db = Cairn.open(dir, o)) {
      assertNull(db.get(key(5)));
      assertArrayEquals(key(1), db.get(key(1005)));
      assertArrayEquals(key(2), db.get(key(2099)));
      db.verify();
    }
  }

  @Test
  void databaseInUseIsRefused() throws IOException {
    MemVfs vfs = new MemVfs();
    try (Cairn db = Cairn.open(DIR, flushOnly(vfs))) {
      db.put(key(1), key(2));
      CairnException e =
          assertThrows(CairnException.class, () -> Cairn.repair(DIR, flushOnly(vfs)));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertArrayEquals(key(2), db.get(key(1)));
    }
    assertThrows(
        CairnException.class, () -> Cairn.repair(Path.of("/missing"), flushOnly(new MemVfs())));
  }
}
