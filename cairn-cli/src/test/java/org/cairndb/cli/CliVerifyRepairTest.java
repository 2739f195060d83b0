package org.cairndb.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cairndb.Cairn;
import org.cairndb.Options;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify and repair as child processes against healthy and damaged databases. */
class CliVerifyRepairTest {
  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void build() {
    dir = tmp.resolve("db");
    TreeFixture.build(dir);
  }

  @Test
  void verifyPassesOnAHealthyDatabase() {
    Cli.Result r = Cli.run("verify", "--db", dir.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("OK: "), r::toString);
    Cli.Result j = Cli.run("verify", "--db", dir.toString(), "--json");
    assertEquals(0, j.code(), j::toString);
    assertTrue(j.out().startsWith("{\"ok\":true,\"tables\":"), j::toString);
  }

  @Test
  void verifyExitsThreeNamingTheDamagedTable() throws Exception {
    String victim = largestTable();
    flip(dir.resolve(victim), 10);
    Cli.Result r = Cli.run("verify", "--db", dir.toString());
    assertEquals(3, r.code(), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
    assertTrue(r.err().contains(victim), r::toString);
    assertEquals("", r.out(), r::toString);
  }

  @Test
  void repairAfterLosingTheManifestBringsBackEveryKey() throws Exception {
    deleteManifestAndCurrent();
    Cli.Result broken = Cli.run("get", "--db", dir.toString(), "key00001");
    assertEquals(4, broken.code(), broken::toString);

    Cli.Result r = Cli.run("repair", "--db", dir.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains(" 0 damaged tables"), r::toString);
    assertEveryKeyBack();
    assertEquals(0, Cli.run("verify", "--db", dir.toString()).code());
  }

  @Test
  void repairMovesADamagedTableAsideAndKeepsTheRest() throws Exception {
    // The newest table holds rewrites of keys also held, with the same values, deeper down.
    List<String> tables = TreeFixture.tables(dir);
    String victim = tables.get(tables.size() - 1);
    flip(dir.resolve(victim), 10);
    deleteManifestAndCurrent();
    Cli.Result r = Cli.run("repair", "--db", dir.toString(), "--json");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("\"tablesLost\":1"), r::toString);
    assertTrue(Files.exists(dir.resolve("lost").resolve(victim)), r::toString);
    assertFalse(Files.exists(dir.resolve(victim)), r::toString);
    assertEveryKeyBack();
  }

  @Test
  void repairOfAMissingDirectoryIsAnError() {
    Cli.Result r = Cli.run("repair", "--db", tmp.resolve("nothing").toString());
    assertEquals(4, r.code(), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
  }

  private void assertEveryKeyBack() {
    try (Cairn db = Cairn.open(dir, Options.builder().createIfMissing(false).build())) {
      for (int i = 0; i < TreeFixture.KEYS; i++) {
        assertArrayEquals(
            TreeFixture.value(i).getBytes(UTF_8),
            db.get(TreeFixture.key(i).getBytes(UTF_8)),
            TreeFixture.key(i));
      }
      // Written only to the log before the database was closed.
      assertArrayEquals("in-the-log".getBytes(UTF_8), db.get("unflushed".getBytes(UTF_8)));
    }
  }

  private void deleteManifestAndCurrent() throws IOException {
    Files.delete(dir.resolve("CURRENT"));
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).toList()) {
        Files.delete(p);
      }
    }
  }

  private String largestTable() throws IOException {
    String best = null;
    long size = -1;
    for (String t : TreeFixture.tables(dir)) {
      long s = Files.size(dir.resolve(t));
      if (s > size) {
        size = s;
        best = t;
      }
    }
    return best;
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x20);
    }
  }
}
