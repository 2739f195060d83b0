package org.cairndb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: every workload on every engine at N=2,000, with the reads checked. */
class DbBenchTest {
  private static final int N = 2000;

  @TempDir Path tmp;

  @Test
  void everyWorkloadOnEveryEngineWithCorrectReads() throws Exception {
    BenchConfig cfg =
        BenchConfig.parse(
            "--num",
            "" + N,
            "--threads",
            "3",
            "--batch-size",
            "128",
            "--dir",
            tmp.toString(),
            "--quiet");
    assertEquals(Workload.names(), BenchConfig.DEFAULT_BENCHMARKS, "the default runs everything");

    Report.BenchReport report = DbBench.execute(cfg, System.err);

    assertEquals(Engine.NAMES.size(), report.runs().size());
    for (String engine : Engine.NAMES) {
      for (String benchmark : cfg.benchmarks) {
        Result r = report.find(benchmark, engine);
        assertNotNull(r, benchmark + " on " + engine);
        String what = benchmark + " on " + engine + ": " + r;
        assertNull(r.error(), what);
        if ((engine.equals("leveldb") && benchmark.equals("readreverse"))
            || (engine.equals("lmdb") && benchmark.equals("compact"))) {
          assertTrue(r.unsupported(), what);
          continue;
        }
        assertFalse(r.unsupported(), what);
        assertTrue(r.ops() > 0, what);
        assertTrue(r.elapsedNanos() > 0, what);
        assertEquals(LatencyPoint.PERCENTILES.size(), r.latencyCdf().size(), what);
        for (int i = 1; i < r.latencyCdf().size(); i++) {
          assertTrue(
              r.latencyCdf().get(i).nanos() >= r.latencyCdf().get(i - 1).nanos(),
              what + ": latency by percentile must not fall");
        }
        assertTrue(r.peakRssBytes() > 0, what + ": VmHWM");
        Workload w = Workload.of(benchmark);
        boolean counters = engine.equals("cairn") || engine.equals("rocksdb");
        if (w.writes && counters) {
          // The WAL alone writes every user byte once more.
          assertTrue(r.writeAmplification() >= 1.0, what);
        } else {
          assertTrue(Double.isNaN(r.writeAmplification()), what);
        }
        assertEquals(w.fresh, r.heapBytes() > 0, what + ": heap measured after the fills only");
        switch (benchmark) {
          case "fillseq", "fillbatch", "fillrandom", "overwrite", "deleterandom" -> {
            assertEquals(N, r.ops(), what);
            assertTrue(r.diskBytes() > 0, what);
          }
          case "readrandom", "readrandom_mt", "readwhilewriting", "seekrandom" -> {
            // All N keys are present at this point of the default sequence: every get finds
            // its key, every seek lands on its target.
            assertEquals(N, r.ops(), what);
            assertEquals(r.ops(), r.found(), what);
            assertEquals(r.ops(), r.expectedFound(), what);
          }
          case "readmissing" -> {
            assertEquals(N, r.ops(), what);
            assertEquals(0, r.found(), what);
          }
          case "readseq", "readreverse" -> {
            assertEquals(N, r.ops(), what);
            assertEquals(N, r.found(), what);
          }
          case "compact" -> assertEquals(1, r.ops(), what);
          default -> throw new AssertionError("unexpected benchmark " + benchmark);
        }
      }
    }
    assertEquals(3, report.find("readrandom_mt", "cairn").threads());
    assertEquals(3, report.find("readwhilewriting", "rocksdb").threads(), "2 readers + 1 writer");
    assertFalse(report.hasErrors());

    // The printed table: exactly one row per (workload, engine), none of them an error.
    String md = Report.markdown(report, false);
    List<String[]> rows = resultRows(md);
    assertEquals(cfg.benchmarks.size() * Engine.NAMES.size(), rows.size(), md);
    Set<String> pairs = new HashSet<>();
    for (String[] row : rows) {
      assertTrue(pairs.add(row[0] + "/" + row[1]), "duplicate row " + row[0] + "/" + row[1]);
      assertFalse(String.join("|", row).contains("ERROR"), String.join("|", row));
    }
    for (String engine : Engine.NAMES) {
      for (String benchmark : cfg.benchmarks) {
        assertTrue(pairs.contains(benchmark + "/" + engine), benchmark + "/" + engine);
      }
    }
    assertTrue(md.contains("## Cairn / RocksDB"), md);
    // The fills' table shows the p99 write latency, W-amp, RSS and heap of every engine.
    String fills = md.substring(md.indexOf("## After each fill"), md.indexOf("## Cairn / RocksDB"));
    for (String engine : Engine.NAMES) {
      assertTrue(fills.contains("| fillrandom | " + engine + " |"), fills);
    }
    assertTrue(fills.contains("| p99 write µs |"), fills);
    assertTrue(md.contains("| readrandom | cairn |"), md);
    assertFalse(md.contains("## Errors"), md);
    // compact has no LMDB row, but the ratios are Cairn's against RocksDB's.
    assertEquals(cfg.benchmarks.size(), Report.ratios(report).size());
    for (Report.Ratio x : Report.ratios(report)) {
      boolean writes = Workload.of(x.benchmark()).writes;
      assertEquals(writes, !Double.isNaN(x.writeAmp()), x.toString());
    }
    try (var left = Files.list(tmp)) {
      assertTrue(left.findAny().isEmpty(), "database directories deleted");
    }
  }

  @Test
  void readsOnAnEmptyDatabaseFindNothing() throws Exception {
    BenchConfig cfg =
        BenchConfig.parse(
            "--num",
            "500",
            "--benchmarks",
            "readrandom,readmissing,readseq,seekrandom",
            "--engines",
            "cairn,rocksdb",
            "--dir",
            tmp.toString(),
            "--quiet");
    Report.BenchReport report = DbBench.execute(cfg, System.err);
    for (Result r : report.results()) {
      assertNull(r.error(), r.toString());
      assertEquals(0, r.found(), r.toString());
      assertEquals(0, r.expectedFound(), r.toString());
    }
  }

  @Test
  void commandLineWritesTheReportFiles() throws Exception {
    Path json = tmp.resolve("r.json");
    Path markdown = tmp.resolve("r.md");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DbBench.run(
            new String[] {
              "--quick",
              "--num=1000",
              "--dir",
              tmp.resolve("db").toString(),
              "--json",
              json.toString(),
              "--markdown",
              markdown.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, stdout + err.toString(StandardCharsets.UTF_8));
    // --quick runs its subset on every engine.
    assertEquals(
        BenchConfig.QUICK_BENCHMARKS.size() * Engine.NAMES.size(), resultRows(stdout).size());
    String j = Files.readString(json);
    assertTrue(j.contains("\"cairnOverRocksdb\""), j);
    assertTrue(j.contains("\"benchmark\": \"seekrandom\""), j);
    assertFalse(j.contains("\"status\": \"error\""), j);
    String m = Files.readString(markdown);
    assertTrue(m.contains("## Engine statistics"), m);
    assertTrue(m.contains("cairn.stats"), m);
    assertTrue(m.contains("dbi.stat: entries 1000,"), m);
    // Charts beside the JSON: the quick set has fillrandom and readrandom.
    for (String png :
        List.of("r-throughput.png", "r-latency-fillrandom.png", "r-latency-readrandom.png")) {
      assertTrue(Files.size(tmp.resolve(png)) > 1000, png);
    }
  }

  @Test
  void anEngineThatCannotLoadIsSkippedUnlessNamed() throws Exception {
    assertNull(DbBench.unavailable("lmdb", BenchConfig.parse()), "LMDB loads here");
    BenchConfig all =
        BenchConfig.parse(
            "--num", "300", "--benchmarks", "fillseq", "--dir", tmp.toString(), "--quiet");
    Report.BenchReport report =
        DbBench.execute(all, System.err, e -> e.equals("lmdb") ? "cannot load: no binary" : null);
    assertEquals(
        List.of("cairn", "rocksdb", "leveldb"), report.runs().stream().map(r -> r.name()).toList());
    assertEquals(List.of("lmdb: cannot load: no binary"), report.skipped());
    assertFalse(report.hasErrors());
    assertTrue(
        Report.markdown(report, false).contains("- Skipped: lmdb: cannot load: no binary"),
        "the report says why");

    BenchConfig named =
        BenchConfig.parse(
            "--num",
            "300",
            "--benchmarks",
            "fillseq",
            "--engines",
            "lmdb",
            "--dir",
            tmp.toString(),
            "--quiet");
    Report.BenchReport asked = DbBench.execute(named, System.err, e -> "must not be asked");
    assertEquals(1, asked.runs().size(), "an engine named by --engines is run, not probed");
    assertTrue(asked.skipped().isEmpty());
  }

  @Test
  void badUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(2, DbBench.run(new String[] {"--benchmarks", "nosuch"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("nosuch"));
    assertEquals(2, DbBench.run(new String[] {"--key-size", "4"}, o, e));
    assertEquals(0, DbBench.run(new String[] {"--help"}, o, e));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--num"));
    assertEquals(64L << 20, BenchConfig.size("--cache-bytes", "64MiB"));
    assertEquals(1L << 30, BenchConfig.size("--cache-bytes", "1g"));
    assertEquals(8192, BenchConfig.size("--cache-bytes", "8k"));
  }

  /** The cells of each data row of the "## Results" table. */
  private static List<String[]> resultRows(String md) {
    List<String[]> rows = new ArrayList<>();
    boolean in = false;
    for (String line : md.split("\n", -1)) {
      if (line.startsWith("## ")) {
        in = line.equals("## Results");
        continue;
      }
      if (!in || !line.startsWith("| ") || line.startsWith("| benchmark ")) {
        continue;
      }
      String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
      rows.add(cells);
    }
    return rows;
  }
}
