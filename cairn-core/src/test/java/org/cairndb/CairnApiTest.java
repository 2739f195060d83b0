package org.cairndb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The public contract: argument checks, limits, closed objects, locking, open flags, order. */
class CairnApiTest {
  @TempDir Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static void assertNpeNaming(String arg, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertNotNull(e.getMessage(), "NPE must name the argument");
    assertTrue(e.getMessage().contains(arg), e.getMessage());
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    try (Cairn db = Cairn.open(tmp.resolve("db"))) {
      assertNpeNaming("key", () -> db.put(null, b("v")));
      assertNpeNaming("value", () -> db.put(b("k"), null));
      assertNpeNaming("wo", () -> db.put(b("k"), b("v"), null));
      assertNpeNaming("key", () -> db.get(null));
      assertNpeNaming("ro", () -> db.get(b("k"), null));
      assertNpeNaming("key", () -> db.delete(null));
      assertNpeNaming("batch", () -> db.write(null));
      assertNpeNaming("ro", () -> db.cursor(null));
      assertNpeNaming("key", () -> new WriteBatch().put(null, b("v")));
      assertNpeNaming("value", () -> new WriteBatch().put(b("k"), null));
      assertNpeNaming("key", () -> new WriteBatch().delete(null));
      assertNpeNaming("snapshot", () -> ReadOptions.snapshot(null));
      assertNpeNaming("name", () -> db.property(null));
      try (Cursor c = db.cursor()) {
        assertNpeNaming("target", () -> c.seek(null));
        assertNpeNaming("target", () -> c.seekForPrev(null));
      }
    }
    assertNpeNaming("dir", () -> Cairn.open(null));
    assertNpeNaming("options", () -> Cairn.open(tmp, null));
  }

  @Test
  void sizeLimitsOnBothSides() {
    try (Cairn db = Cairn.open(Path.of("/db"), Options.builder().vfs(new MemVfs()).build())) {
      byte[] maxKey = new byte[Limits.MAX_KEY_BYTES];
      maxKey[0] = 7;
      db.put(maxKey, b("at-limit"));
      assertArrayEquals(b("at-limit"), db.get(maxKey));

      byte[] bigKey = new byte[Limits.MAX_KEY_BYTES + 1];
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> db.put(bigKey, b("v")));
      assertTrue(e.getMessage().contains(Integer.toString(Limits.MAX_KEY_BYTES)), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> db.delete(bigKey));
      assertNull(db.get(bigKey));

      byte[] maxValue = new byte[Limits.MAX_VALUE_BYTES];
      maxValue[maxValue.length - 1] = 9;
      db.put(b("big"), maxValue);
      assertArrayEquals(maxValue, db.get(b("big")));
      db.flush();
      assertArrayEquals(maxValue, db.get(b("big")));

      byte[] tooBig = new byte[Limits.MAX_VALUE_BYTES + 1];
      e = assertThrows(IllegalArgumentException.class, () -> db.put(b("huge"), tooBig));
      assertTrue(e.getMessage().contains(Integer.toString(Limits.MAX_VALUE_BYTES)), e.getMessage());
      assertNull(db.get(b("huge")));

      WriteBatch batch = new WriteBatch().put(b("a"), b("1"));
      assertThrows(IllegalArgumentException.class, () -> batch.put(b("huge"), tooBig));
      assertThrows(IllegalArgumentException.class, () -> batch.delete(bigKey));
      assertEquals(1, batch.count());
      db.write(batch);
      assertArrayEquals(b("1"), db.get(b("a")));
      assertNull(db.get(b("huge")));
    }
  }

  @Test
  void emptyKeyAndEmptyValueWork() {
    try (Cairn db = Cairn.open(tmp.resolve("db"))) {
      db.put(new byte[0], new byte[0]);
      db.put(b("a"), new byte[0]);
      assertArrayEquals(new byte[0], db.get(new byte[0]));
      assertArrayEquals(new byte[0], db.get(b("a")));
      db.flush();
      assertArrayEquals(new byte[0], db.get(new byte[0]));
      try (Cursor c = db.cursor()) {
        c.seekToFirst();
        assertArrayEquals(new byte[0], c.key());
        c.next();
        assertArrayEquals(b("a"), c.key());
      }
      db.delete(new byte[0]);
      assertNull(db.get(new byte[0]));
    }
  }

  @Test
  void closedDatabaseCursorAndSnapshotThrowCairnException() {
    Cairn db = Cairn.open(tmp.resolve("db"));
    db.put(b("k"), b("v"));
    Cursor c = db.cursor();
    Snapshot s = db.snapshot();
    db.close();
    db.close(); // idempotent
    List<Executable> calls = new ArrayList<>();
    calls.add(() -> db.put(b("k"), b("v")));
    calls.add(() -> db.get(b("k")));
    calls.add(() -> db.delete(b("k")));
    calls.add(() -> db.write(new WriteBatch().put(b("a"), b("b"))));
    calls.add(db::snapshot);
    calls.add(db::cursor);
    calls.add(db::flush);
    calls.add(() -> db.compactRange(null, null));
    calls.add(() -> db.property("cairn.stats"));
    calls.add(c::seekToFirst);
    calls.add(c::isValid);
    calls.add(c::next);
    for (Executable call : calls) {
      assertThrows(CairnException.class, call);
    }
    c.close();
    s.close();

    try (Cairn db2 = Cairn.open(tmp.resolve("db"))) {
      Cursor c2 = db2.cursor();
      c2.close();
      c2.close();
      assertThrows(CairnException.class, c2::seekToFirst);
      assertThrows(CairnException.class, c2::key);
      Snapshot s2 = db2.snapshot();
      s2.close();
      s2.close();
      assertThrows(CairnException.class, () -> db2.get(b("k"), ReadOptions.snapshot(s2)));
      try (Cursor c3 = db2.cursor()) {
        c3.seek(b("zzz"));
        assertFalse(c3.isValid());
        assertThrows(CairnException.class, c3::key);
        assertThrows(CairnException.class, c3::value);
      }
    }
  }

  @Test
  void secondOpenInThisJvmIsRefusedAsLocked() {
    Path dir = tmp.resolve("db");
    try (Cairn db = Cairn.open(dir)) {
      CairnException e = assertThrows(CairnException.class, () -> Cairn.open(dir));
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
    }
    assertDoesNotThrow(() -> Cairn.open(dir).close());
  }

  @Test
  void openFromAnotherProcessIsRefusedAsLocked() throws Exception {
    Path dir = tmp.resolve("db");
    try (Cairn db = Cairn.open(dir)) {
      db.put(b("k"), b("v"));
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  OpenProbe.class.getName(),
                  dir.toString())
              .redirectErrorStream(true)
              .start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
      String out = new String(p.getInputStream().readAllBytes(), UTF_8);
      assertEquals(3, p.exitValue(), out);
      assertTrue(out.contains("locked"), out);
    }
  }

  /** Child process: tries to open a database; exit 0 when it opened, 3 when refused. */
  public static final class OpenProbe {
    private OpenProbe() {}

    public static void main(String[] args) {
      try (Cairn db = Cairn.open(Path.of(args[0]))) {
        System.out.println("opened");
        System.exit(0);
      } catch (CairnException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }

  @Test
  void createIfMissingAndErrorIfExists() throws Exception {
    Path dir = tmp.resolve("missing");
    Options noCreate = Options.builder().createIfMissing(false).build();
    assertThrows(CairnException.class, () -> Cairn.open(dir, noCreate));
    assertFalse(Files.exists(dir));
    Files.createDirectories(dir);
    assertThrows(CairnException.class, () -> Cairn.open(dir, noCreate));
    Cairn.open(dir).close();
    Cairn.open(dir, noCreate).close();
    Options errorIfExists = Options.builder().errorIfExists(true).build();
    CairnException e = assertThrows(CairnException.class, () -> Cairn.open(dir, errorIfExists));
    assertTrue(e.getMessage().contains("exists"), e.getMessage());
    Cairn.open(tmp.resolve("fresh"), errorIfExists).close();
  }

  @Test
  void keysSortAsUnsignedBytesShorterPrefixFirst() {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    try (Cairn db =
        Cairn.open(
            Path.of("/db"),
            Options.builder().vfs(new MemVfs()).memtableBytes(64 << 10).blockSize(256).build())) {
      Model model = new Model();
      for (int i = 0; i < 5000; i++) {
        byte[] k = new byte[rnd.nextInt(5)];
        for (int j = 0; j < k.length; j++) {
          k[j] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : (rnd.nextBoolean() ? 0 : 0xFF));
        }
        db.put(k, k);
        model.put(k, k);
      }
      model.assertSameAs(db, "seed " + seed);
    }
    // Property: the engine's order is Arrays.compareUnsigned, checked on many random pairs.
    for (int i = 0; i < 1_000_000; i++) {
      byte[] x = new byte[rnd.nextInt(4)];
      byte[] y = new byte[rnd.nextInt(4)];
      rnd.nextBytes(x);
      rnd.nextBytes(y);
      int expected = Integer.signum(java.util.Arrays.compareUnsigned(x, y));
      int actual = Integer.signum(org.cairndb.internal.util.Bytes.compare(x, y));
      assertEquals(expected, actual, "seed " + seed);
    }
  }

  @Test
  void laterOperationInABatchWins() {
    try (Cairn db = Cairn.open(tmp.resolve("db"))) {
      db.write(new WriteBatch().put(b("k"), b("1")).delete(b("k")).put(b("k"), b("2")));
      assertArrayEquals(b("2"), db.get(b("k")));
      db.write(new WriteBatch().put(b("j"), b("1")).delete(b("j")));
      assertNull(db.get(b("j")));
      db.flush();
      assertArrayEquals(b("2"), db.get(b("k")));
      assertNull(db.get(b("j")));
    }
  }

  @Test
  void reservedBatchesCheckTheirSizeAndGrowPastIt() {
    assertThrows(IllegalArgumentException.class, () -> new WriteBatch(-1));
    assertThrows(IllegalArgumentException.class, () -> new WriteBatch((1 << 30) + 1));
    try (Cairn db = Cairn.open(tmp.resolve("db"))) {
      // Exactly the header plus one operation of 1 + 1 + 1 + 1 + 3 bytes, then past it.
      WriteBatch batch = new WriteBatch(12 + 7).put(b("a"), b("one"));
      assertEquals(19, batch.approximateBytes());
      for (int i = 0; i < 100; i++) {
        batch.put(b("k" + i), b("v" + i));
      }
      db.write(batch);
      assertArrayEquals(b("one"), db.get(b("a")));
      assertArrayEquals(b("v99"), db.get(b("k99")));
      batch.clear();
      db.write(batch.put(b("a"), b("two")).delete(b("k0")));
      assertArrayEquals(b("two"), db.get(b("a")));
      assertNull(db.get(b("k0")));
      assertArrayEquals(b("v1"), db.get(b("k1")));
      db.write(new WriteBatch(0)); // empty: the header still fits
      db.write(new WriteBatch(0).put(b("z"), b("last")));
      assertArrayEquals(b("last"), db.get(b("z")));
    }
  }

  @Test
  void propertiesAnswerKnownNamesOnly() {
    try (Cairn db = Cairn.open(tmp.resolve("db"))) {
      db.put(b("k"), b("v"));
      db.flush();
      assertTrue(db.property("cairn.stats").contains("write.amplification"));
      assertTrue(db.property("cairn.levels").contains("L0 1"));
      assertEquals("1", db.property("cairn.num-files-at-level0"));
      assertNull(db.property("cairn.no-such-property"));
      assertNull(db.property("cairn.num-files-at-level9"));
    }
  }
}
