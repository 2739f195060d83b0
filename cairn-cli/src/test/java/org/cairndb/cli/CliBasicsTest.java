package org.cairndb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put, get, delete, scan, --help, exit codes and error lines, each run as a child process. */
class CliBasicsTest {
  @TempDir Path tmp;

  private String db() {
    return tmp.resolve("db").toString();
  }

  private static void ok(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
  }

  @Test
  void putGetDeleteWithTextHexAndBase64() {
    ok(Cli.run("put", "--db", db(), "apple", "red"));
    Cli.Result get = Cli.run("get", "--db", db(), "apple");
    ok(get);
    assertEquals("red\n", get.out(), get::toString);
    assertEquals("", get.err(), get::toString);

    // Binary key and value through hex; shown as hex because it is not printable.
    ok(Cli.run("put", "--db", db(), "--hex", "00ff", "0a0b"));
    Cli.Result bin = Cli.run("get", "--db", db(), "--hex", "00ff");
    assertEquals("0a0b\n", bin.out(), bin::toString);
    Cli.Result auto = Cli.run("get", "--db", db(), "--base64", "AP8=");
    assertEquals("Cgs=\n", auto.out(), auto::toString);

    Cli.Result json = Cli.run("get", "--db", db(), "--json", "apple");
    assertEquals("{\"key\":\"apple\",\"value\":\"red\"}\n", json.out(), json::toString);

    ok(Cli.run("delete", "--db", db(), "apple"));
    Cli.Result gone = Cli.run("get", "--db", db(), "apple");
    assertEquals(1, gone.code(), gone::toString);
    assertEquals("", gone.out(), gone::toString);
    assertTrue(gone.err().contains("not found"), gone::toString);
    // Deleting an absent key is not an error.
    ok(Cli.run("delete", "--db", db(), "never-there"));
  }

  @Test
  void scanRangesLimitsReverseAndJson() {
    StringBuilder csv = new StringBuilder();
    for (char c = 'a'; c <= 'h'; c++) {
      csv.append(c).append(',').append("v").append(c).append('\n');
    }
    ok(
        Cli.runWithInput(
            csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "load",
            "--db",
            db(),
            "-"));

    Cli.Result all = Cli.run("scan", "--db", db());
    ok(all);
    assertEquals("a\tva\nb\tvb\nc\tvc\nd\tvd\ne\tve\nf\tvf\ng\tvg\nh\tvh\n", all.out());

    Cli.Result range = Cli.run("scan", "--db", db(), "--from", "b", "--to", "e");
    assertEquals("b\tvb\nc\tvc\nd\tvd\n", range.out(), range::toString);

    Cli.Result limited = Cli.run("scan", "--db", db(), "--from", "c", "--limit", "2");
    assertEquals("c\tvc\nd\tvd\n", limited.out(), limited::toString);

    Cli.Result rev = Cli.run("scan", "--db", db(), "--reverse", "--from", "b", "--to", "e");
    assertEquals("d\tvd\nc\tvc\nb\tvb\n", rev.out(), rev::toString);

    Cli.Result revAll = Cli.run("scan", "--db", db(), "--reverse", "--limit", "3");
    assertEquals("h\tvh\ng\tvg\nf\tvf\n", revAll.out(), revAll::toString);

    Cli.Result json = Cli.run("scan", "--db", db(), "--json", "--from", "g");
    assertEquals(
        "{\"key\":\"g\",\"value\":\"vg\"}\n{\"key\":\"h\",\"value\":\"vh\"}\n",
        json.out(),
        json::toString);
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    for (List<String> args :
        List.of(
            List.of("frobnicate"),
            List.of("get", "--db", db(), "--bogus", "k"),
            List.of("get", "k"),
            List.of("get", "--db", db()),
            List.of("put", "--db", db(), "--hex", "zz", "00"),
            List.of("put", "--db", db(), "--hex", "--base64", "00", "00"),
            List.of("scan", "--db", db(), "--limit", "many"),
            List.of("dump", "nothing"))) {
      Cli.Result r = Cli.run(args.toArray(new String[0]));
      assertEquals(2, r.code(), () -> args + " -> " + r);
      assertEquals(1, r.err().strip().lines().count(), () -> args + " -> " + r);
      assertFalse(r.err().contains("\tat "), () -> args + " -> " + r);
    }
    Cli.Result none = Cli.run();
    assertEquals(2, none.code(), none::toString);
    assertTrue(none.err().contains("usage: cairn"), none::toString);
  }

  @Test
  void otherErrorsExitFourAndVerboseAddsTheStackTrace() throws Exception {
    Path missing = tmp.resolve("missing");
    Cli.Result r = Cli.run("get", "--db", missing.toString(), "k");
    assertEquals(4, r.code(), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
    assertTrue(r.err().contains("does not exist"), r::toString);
    // A read-only command never creates a database.
    assertFalse(Files.exists(missing), r::toString);

    Cli.Result nofile = Cli.run("dump", "sst", tmp.resolve("000001.sst").toString());
    assertEquals(4, nofile.code(), nofile::toString);
    assertEquals("cairn: no such file: " + tmp.resolve("000001.sst") + "\n", nofile.err());

    Cli.Result v = Cli.run("get", "--verbose", "--db", missing.toString(), "k");
    assertEquals(4, v.code(), v::toString);
    assertTrue(v.err().contains("\tat org.cairndb"), v::toString);
  }

  @Test
  void everyCommandHasHelp() {
    Cli.Result top = Cli.run("--help");
    ok(top);
    for (String c :
        List.of(
            "put", "get", "delete", "scan", "stats", "levels", "compact", "load", "export", "dump",
            "bench", "report")) {
      assertTrue(top.out().contains("\n  " + c + " "), () -> c + " missing from\n" + top);
      Cli.Result h = Cli.run(c, "--help");
      ok(h);
      assertTrue(h.out().startsWith("usage: cairn " + c), h::toString);
    }
  }
}
