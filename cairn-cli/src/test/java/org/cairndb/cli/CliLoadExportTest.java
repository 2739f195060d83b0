package org.cairndb.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cairndb.Cairn;
import org.cairndb.Cursor;
import org.cairndb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load and export as child processes: CSV/TSV parsing, quoting, batches, exact round trips. */
class CliLoadExportTest {
  /** Characters that stress quoting and UTF-8: delimiters, quotes, line breaks, non-ASCII. */
  private static final String CHARS = "ab,\"\t\n\r z\u00e9\u4e2d\ud83d\ude00";

  @TempDir Path tmp;

  private static void ok(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
  }

  private static String hex(String s) {
    return ByteFormat.hex(s.getBytes(UTF_8));
  }

  @Test
  void loadsQuotedCsvAndTabSeparatedFiles() throws Exception {
    Path csv = tmp.resolve("in.csv");
    Files.writeString(
        csv,
        "plain,value\n\"with,comma\",\"say \"\"hi\"\"\"\r\n\n\"two\nlines\",x\nempty,\n",
        UTF_8);
    String db = tmp.resolve("db").toString();
    Cli.Result r = Cli.run("load", "--db", db, csv.toString());
    ok(r);
    assertTrue(r.out().contains("loaded 4 entries"), r::toString);
    assertEquals("value\n", Cli.run("get", "--db", db, "plain").out());
    assertEquals("say \"hi\"\n", Cli.run("get", "--db", db, "with,comma").out());
    assertEquals(hex("x") + "\n", Cli.run("get", "--db", db, "--hex", hex("two\nlines")).out());
    assertEquals("\n", Cli.run("get", "--db", db, "empty").out());

    Path tsv = tmp.resolve("in.tsv");
    Files.writeString(tsv, "t1\tcomma,inside\nt2\t\"quoted\ttab\"\n", UTF_8);
    ok(Cli.run("load", "--db", db, tsv.toString()));
    assertEquals("comma,inside\n", Cli.run("get", "--db", db, "t1").out());
    assertEquals(hex("quoted\ttab") + "\n", Cli.run("get", "--db", db, "t2").out());
  }

  @Test
  void malformedInputIsAUsageErrorNamingTheLine() throws Exception {
    String db = tmp.resolve("db").toString();
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "a,1\nb,2\nonly-one-field\n", UTF_8);
    Cli.Result r = Cli.run("load", "--db", db, bad.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("line 3"), r::toString);

    Files.writeString(bad, "a,\"never closed\n", UTF_8);
    Cli.Result q = Cli.run("load", "--db", db, bad.toString());
    assertEquals(2, q.code(), q::toString);

    Files.write(bad, new byte[] {'k', ',', (byte) 0xff, '\n'});
    Cli.Result u = Cli.run("load", "--db", db, bad.toString());
    assertEquals(2, u.code(), u::toString);
    assertTrue(u.err().contains("--hex"), u::toString);
  }

  @Test
  void progressBarOnRequest() throws Exception {
    Path csv = tmp.resolve("in.csv");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append("key").append(i).append(",value").append(i).append('\n');
    }
    Files.writeString(csv, sb, UTF_8);
    String db = tmp.resolve("db").toString();
    Cli.Result quiet = Cli.run("load", "--db", db, csv.toString());
    ok(quiet);
    assertEquals("", quiet.err(), quiet::toString);
    Cli.Result bar = Cli.run("load", "--db", db, "--progress", csv.toString());
    ok(bar);
    assertTrue(bar.err().contains("100%"), bar::toString);
    assertTrue(bar.err().contains("5,000 entries"), bar::toString);
    assertEquals("value4999\n", Cli.run("get", "--db", db, "key4999").out());
  }

  @Test
  void exportThenLoadRoundTripsTextExactly() throws Exception {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    for (int round = 0; round < 3; round++) {
      SplittableRandom rnd = new SplittableRandom(seed + round);
      Map<String, String> data = new TreeMap<>();
      for (int i = 0; i < 300; i++) {
        data.put(text(rnd) + i, rnd.nextInt(10) == 0 ? "" : text(rnd));
      }
      Path src = tmp.resolve("src" + round);
      try (Cairn db = Cairn.open(src)) {
        for (Map.Entry<String, String> e : data.entrySet()) {
          db.put(e.getKey().getBytes(UTF_8), e.getValue().getBytes(UTF_8));
        }
      }
      Path file = tmp.resolve("export" + round + ".csv");
      ok(Cli.run("export", "--db", src.toString(), file.toString()));
      Path dst = tmp.resolve("dst" + round);
      ok(Cli.run("load", "--db", dst.toString(), file.toString()));
      assertSameContents(src, dst, "seed " + (seed + round));
      // Exporting the copy gives the same bytes again.
      Path again = tmp.resolve("again" + round + ".csv");
      ok(Cli.run("export", "--db", dst.toString(), again.toString()));
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again), "seed " + seed);
    }
  }

  @Test
  void binaryDataRoundTripsThroughHexAndBase64() throws Exception {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    SplittableRandom rnd = new SplittableRandom(seed);
    Path src = tmp.resolve("src");
    try (Cairn db = Cairn.open(src)) {
      for (int i = 0; i < 200; i++) {
        byte[] k = new byte[1 + rnd.nextInt(20)];
        byte[] v = new byte[rnd.nextInt(40)];
        fill(rnd, k);
        fill(rnd, v);
        db.put(k, v);
      }
      db.put(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe, 0});
    }
    // Without an encoding, bytes that are not UTF-8 stop the export with a hint.
    Cli.Result refused = Cli.run("export", "--db", src.toString(), tmp.resolve("x").toString());
    assertEquals(2, refused.code(), refused::toString);
    assertTrue(refused.err().contains("--hex or --base64"), refused::toString);
    for (String enc : new String[] {"--hex", "--base64"}) {
      Path file = tmp.resolve("export" + enc + ".csv");
      ok(Cli.run("export", "--db", src.toString(), enc, file.toString()));
      Path dst = tmp.resolve("dst" + enc);
      ok(Cli.run("load", "--db", dst.toString(), enc, file.toString()));
      assertSameContents(src, dst, enc + " seed " + seed);
    }
    // Export to stdout.
    Cli.Result stdout = Cli.run("export", "--db", src.toString(), "--hex");
    ok(stdout);
    assertEquals("ff,fe00", stdout.out().lines().reduce((a, b) -> b).orElse(""), "seed " + seed);
  }

  private static void fill(SplittableRandom rnd, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    if (b.length > 0 && (b[0] & 0xff) == 0xff) {
      b[0] = 0; // keeps the 0xff key written separately the last one
    }
  }

  private static String text(SplittableRandom rnd) {
    int n = rnd.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int at = rnd.nextInt(CHARS.length());
      char c = CHARS.charAt(at);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(CHARS.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void assertSameContents(Path a, Path b, String what) {
    Options ro = Options.builder().createIfMissing(false).build();
    try (Cairn x = Cairn.open(a, ro);
        Cairn y = Cairn.open(b, ro);
        Cursor cx = x.cursor();
        Cursor cy = y.cursor()) {
      cx.seekToFirst();
      cy.seekToFirst();
      int n = 0;
      while (cx.isValid() && cy.isValid()) {
        assertArrayEquals(cx.key(), cy.key(), what + " key " + n);
        assertArrayEquals(cx.value(), cy.value(), what + " value " + n);
        cx.next();
        cy.next();
        n++;
      }
      assertEquals(cx.isValid(), cy.isValid(), what + ": entry counts differ after " + n);
      assertTrue(n > 0, what);
    }
  }
}
