package org.cairndb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --isolate}: the child's command line, the JSON round trip, and a real run. */
class IsolateTest {
  @TempDir Path tmp;

  @Test
  void childArgsDropTheParentsOwnOptions() {
    List<String> args =
        List.of(
            "--num",
            "5",
            "--isolate",
            "--engines",
            "cairn,rocksdb",
            "--json=x.json",
            "--markdown",
            "x.md",
            "--dir",
            "d",
            "--no-charts",
            "--style",
            "tiered");
    assertEquals(
        List.of(
            "--num",
            "5",
            "--style",
            "tiered",
            "--engines",
            "lmdb",
            "--json",
            "c.json",
            "--dir",
            "root",
            "--no-charts"),
        Isolate.childArgs(args, "lmdb", Path.of("c.json"), Path.of("root")));
    List<String> cmd = Isolate.command(args, "lmdb", Path.of("c.json"), Path.of("root"));
    assertTrue(String.join(" ", cmd).contains("java.base/java.nio=ALL-UNNAMED"), cmd.toString());
    assertEquals(DbBench.class.getName(), cmd.get(cmd.size() - 12), cmd.toString());
  }

  @Test
  void jsonRoundTripKeepsEveryField() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Report.BenchReport report =
        ChartsTest.report(new SplittableRandom(seed), List.of("cairn", "rocksdb", "lmdb"));
    String json = Report.json(report);
    for (Runner.EngineRun run : report.runs()) {
      Runner.EngineRun back = Isolate.read(json, run.name());
      assertEquals(run.name(), back.name(), "seed " + seed);
      assertEquals(run.results().size(), back.results().size(), "seed " + seed);
      for (int i = 0; i < run.results().size(); i++) {
        Result a = run.results().get(i);
        Result b = back.results().get(i);
        String what = "seed " + seed + ": " + a + " vs " + b;
        assertEquals(a.benchmark(), b.benchmark(), what);
        assertEquals(a.ops(), b.ops(), what);
        assertEquals(a.elapsedNanos(), b.elapsedNanos(), what);
        assertEquals(a.bytes(), b.bytes(), what);
        assertEquals(a.p50Nanos(), b.p50Nanos(), what);
        assertEquals(a.p99Nanos(), b.p99Nanos(), what);
        assertEquals(a.p999Nanos(), b.p999Nanos(), what);
        assertEquals(a.peakRssBytes(), b.peakRssBytes(), what);
        assertEquals(a.heapBytes(), b.heapBytes(), what);
        assertEquals(a.diskBytes(), b.diskBytes(), what);
        assertEquals(Double.isNaN(a.writeAmplification()), Double.isNaN(b.writeAmplification()));
        assertEquals(a.unsupported(), b.unsupported(), what);
        assertEquals(a.error(), b.error(), what);
        assertEquals(a.note(), b.note(), what);
        assertEquals(a.latencyCdf().size(), b.latencyCdf().size(), what);
        for (int k = 0; k < a.latencyCdf().size(); k++) {
          assertEquals(a.latencyCdf().get(k).nanos(), b.latencyCdf().get(k).nanos(), what);
          assertEquals(
              a.latencyCdf().get(k).percentile(), b.latencyCdf().get(k).percentile(), 1e-3, what);
        }
      }
    }
    assertThrows(IllegalStateException.class, () -> Isolate.read(json, "leveldb"));
    assertThrows(IllegalStateException.class, () -> JsonReader.parse("{\"a\": [1, 2}"));
    assertThrows(IllegalStateException.class, () -> JsonReader.parse("{\"a\": \"\\q\"}"));
  }

  @Test
  void eachEngineRunsInItsOwnJvmAndTheResultsMerge() throws Exception {
    Path dir = tmp.resolve("db");
    BenchConfig cfg =
        BenchConfig.parse(
            "--isolate",
            "--num",
            "1000",
            "--benchmarks",
            "fillrandom,readrandom,readseq",
            "--engines",
            "cairn,lmdb",
            "--dir",
            dir.toString(),
            "--quiet");
    Report.BenchReport report = DbBench.execute(cfg, System.err);
    assertEquals(List.of("cairn", "lmdb"), report.runs().stream().map(r -> r.name()).toList());
    for (Runner.EngineRun run : report.runs()) {
      assertEquals(3, run.results().size(), run.toString());
      for (Result r : run.results()) {
        assertNull(r.error(), r.toString());
        assertEquals(1000, r.ops(), r.toString());
        assertTrue(r.peakRssBytes() > 0, r.toString());
      }
      assertFalse(run.settings().isEmpty(), run.toString());
    }
    assertEquals(1000, report.find("readrandom", "lmdb").found());
    assertTrue(report.find("fillrandom", "cairn").writeAmplification() >= 1.0);
    assertTrue(report.environment().get("rss").startsWith("own JVM"));
    assertTrue(Report.markdown(report, false).contains("own child JVM"));
    try (var left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "the children's databases are deleted");
    }
  }
}
