package org.cairndb.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cairndb.Cairn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stats, levels, compact, dump and bench as child processes against a real multi-level tree. */
class CliInspectTest {
  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void build() {
    dir = tmp.resolve("db");
    TreeFixture.build(dir);
  }

  private static void ok(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
  }

  @Test
  void statsAsTableAndJson() {
    Cli.Result t = Cli.run("stats", "--db", dir.toString());
    ok(t);
    assertTrue(t.out().startsWith("counter"), t::toString);
    assertTrue(
        Pattern.compile("(?m)^sst\\.bytes\\.live +[1-9][0-9]*$").matcher(t.out()).find(),
        t::toString);
    Cli.Result j = Cli.run("stats", "--db", dir.toString(), "--json");
    ok(j);
    String json = j.out().strip();
    assertTrue(json.startsWith("{\"") && json.endsWith("}"), j::toString);
    assertTrue(
        Pattern.compile("\"sst\\.bytes\\.live\":[1-9][0-9]*[,}]").matcher(json).find(),
        j::toString);
    assertTrue(json.contains("\"write.amplification\":0"), j::toString);
    assertEquals(1, j.out().lines().count(), j::toString);
    // Beyond cairn.stats: the memory parts and the tree's shape (three tables on level 0).
    assertTrue(json.contains("\"files.L0\":3,"), j::toString);
    assertTrue(
        Pattern.compile("\"memory\\.total\":[1-9][0-9]*[,}]").matcher(json).find(), j::toString);
    assertTrue(Pattern.compile("\"sequence\\.last\":[1-9]").matcher(json).find(), j::toString);
    assertTrue(
        Pattern.compile("(?m)^files\\.live +[1-9][0-9]*$").matcher(t.out()).find(), t::toString);
  }

  @Test
  void levelsDrawsEveryFileOnItsLevel() throws Exception {
    Cli.Result r = Cli.run("levels", "--db", dir.toString(), "--all");
    ok(r);
    String out = r.out();
    // Level 0 holds the two flushed tables and the one opening the database made of the log;
    // one deeper level holds the compacted keys.
    Matcher l0 = Pattern.compile("(?m)^L0 +(\\d+) ").matcher(out);
    assertTrue(l0.find(), out);
    assertEquals("3", l0.group(1), out);
    int listed = 0;
    for (String t : TreeFixture.tables(dir)) {
      if (out.contains(t)) {
        listed++;
      }
    }
    Matcher files = Pattern.compile("(?m)^ +(\\d{6}\\.sst) ").matcher(out);
    int shown = 0;
    while (files.find()) {
      assertTrue(Files.exists(dir.resolve(files.group(1))), files.group(1) + "\n" + out);
      shown++;
    }
    assertTrue(shown >= 3, out);
    assertEquals(shown, listed, out);
    assertTrue(out.contains("[key00000 .. "), out);
    assertTrue(out.contains("|#"), out);

    Cli.Result j = Cli.run("levels", "--db", dir.toString(), "--json");
    ok(j);
    assertTrue(j.out().startsWith("{\"levels\":[{\"level\":0,"), j::toString);
    assertEquals(shown, count(j.out(), "\"number\":"), j::toString);
  }

  @Test
  void compactMovesEverythingDown() {
    Cli.Result r = Cli.run("compact", "--db", dir.toString());
    ok(r);
    Cli.Result after = Cli.run("levels", "--db", dir.toString());
    Matcher l0 = Pattern.compile("(?m)^L0 +(\\d+) ").matcher(after.out());
    assertTrue(l0.find(), after::toString);
    assertEquals("0", l0.group(1), after::toString);
    assertEquals("value-7\n", Cli.run("get", "--db", dir.toString(), "key00007").out());
    ok(Cli.run("compact", "--db", dir.toString(), "--from", "key00100", "--to", "key00200"));
  }

  @Test
  void dumpsTablesLogsAndTheManifest() throws Exception {
    List<String> tables = TreeFixture.tables(dir);
    Path table = dir.resolve(tables.get(0));
    Cli.Result sst = Cli.run("dump", "sst", table.toString());
    ok(sst);
    for (String part :
        List.of(
            "footer:", "properties:", "index:", "entries:", "magic", "-> block offset 0 size")) {
      assertTrue(sst.out().contains(part), () -> part + " missing\n" + sst);
    }
    Matcher entries = Pattern.compile("(?m)^  entries +(\\d+)$").matcher(sst.out());
    assertTrue(entries.find(), sst::toString);
    long n = Long.parseLong(entries.group(1));
    assertEquals(n, count(sst.out(), " PUT => ") + count(sst.out(), " DELETE => "), sst::toString);
    assertTrue(sst.out().contains("key00000 @"), sst::toString);

    Path log = dir.resolve(TreeFixture.logs(dir).get(TreeFixture.logs(dir).size() - 1));
    Cli.Result wal = Cli.run("dump", "wal", log.toString());
    ok(wal);
    assertTrue(wal.out().contains("record at offset 0: sequence "), wal::toString);
    assertTrue(wal.out().contains("PUT unflushed => in-the-log"), wal::toString);

    Cli.Result man = Cli.run("dump", "manifest", "--db", dir.toString());
    ok(man);
    assertTrue(man.out().contains("edit 0"), man::toString);
    assertTrue(man.out().contains("format version    1"), man::toString);
    for (String t : tables) {
      assertTrue(man.out().contains(t), () -> t + " missing\n" + man);
    }
  }

  @Test
  void damagedFilesExitThreeNamingTheFile() throws Exception {
    String name = TreeFixture.tables(dir).get(0);
    Path copy = tmp.resolve(name);
    Files.copy(dir.resolve(name), copy);
    try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
      f.seek(10);
      int b = f.read();
      f.seek(10);
      f.write(b ^ 0x40);
    }
    Cli.Result r = Cli.run("dump", "sst", copy.toString());
    assertEquals(3, r.code(), r::toString);
    assertTrue(r.err().contains("corruption in " + name), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);

    // A log of three records: damage in the first with valid ones after it is corruption; a
    // log cut inside its last record is a torn tail, dumped up to it.
    Path w = tmp.resolve("w");
    try (Cairn db = Cairn.open(w)) {
      for (String k : List.of("a", "b", "c")) {
        db.put(k.getBytes(UTF_8), k.getBytes(UTF_8));
      }
    }
    String logName = TreeFixture.logs(w).get(TreeFixture.logs(w).size() - 1);
    byte[] bytes = Files.readAllBytes(w.resolve(logName));
    Cli.Result clean = Cli.run("dump", "wal", w.resolve(logName).toString());
    ok(clean);
    assertEquals(3, count(clean.out(), "record at offset "), clean::toString);
    Path torn = tmp.resolve("torn").resolve(logName);
    Files.createDirectories(torn.getParent());
    Files.write(torn, Arrays.copyOf(bytes, bytes.length - 2));
    Cli.Result t = Cli.run("dump", "wal", torn.toString());
    ok(t);
    assertEquals(2, count(t.out(), "record at offset "), t::toString);
    assertTrue(t.out().contains("torn tail"), t::toString);
    Path bad = tmp.resolve("bad").resolve(logName);
    Files.createDirectories(bad.getParent());
    byte[] flipped = bytes.clone();
    flipped[10] ^= 0x01;
    Files.write(bad, flipped);
    Cli.Result b = Cli.run("dump", "wal", bad.toString());
    assertEquals(3, b.code(), b::toString);
    assertTrue(b.err().contains("corruption in " + logName), b::toString);

    Files.writeString(dir.resolve("CURRENT"), "MANIFEST-\n");
    Cli.Result m = Cli.run("dump", "manifest", "--db", dir.toString());
    assertEquals(3, m.code(), m::toString);
    assertTrue(m.err().contains("CURRENT"), m::toString);
  }

  @Test
  void benchSaysHowToRunTheBenchmark() {
    Cli.Result r = Cli.run("bench");
    ok(r);
    assertTrue(r.out().contains("./cairn bench"), r::toString);
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
