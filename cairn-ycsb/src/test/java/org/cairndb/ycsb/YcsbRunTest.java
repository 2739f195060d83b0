package org.cairndb.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end on a tiny workload A, and its parsing of YCSB's output and options. */
final class YcsbRunTest {
  @TempDir Path tmp;

  @Test
  void tinyWorkloadACompletesWithoutErrorsOnCairn() throws Exception {
    RunConfig cfg =
        RunConfig.parse(
            new String[] {
              "--engines", "cairn", "--workloads", "a", "--records", "1000", "--operations",
              "2000", "--threads", "1", "--jvm-args", "-Xmx256m", "--memtable-bytes", "256k"
            });
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    List<Cell> cells =
        new YcsbRun(cfg).runAll(tmp, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertEquals(1, cells.size());
    Cell c = cells.get(0);
    assertNull(c.failure(), c.failure());
    assertEquals(0, c.errors(), progress.toString(StandardCharsets.UTF_8));
    assertEquals(1000, c.load().ops.get("INSERT").count("OK"));
    assertEquals(1000, c.load().okOperations());
    PhaseResult.OpStats reads = c.run().ops.get("READ");
    PhaseResult.OpStats updates = c.run().ops.get("UPDATE");
    assertEquals(2000, reads.count("OK") + updates.count("OK"));
    assertTrue(reads.count("OK") > 700 && updates.count("OK") > 700, "a 50/50 mix");
    assertTrue(c.run().throughput > 0);
    assertTrue(c.run().ops.get("READ").p99Us >= 0);
    assertFalse(Files.exists(tmp.resolve("cairn-workloada-t1")), "database removed afterwards");

    String md = MarkdownReport.render(cfg, cells);
    assertTrue(md.contains("| A | 1 |"), md);
    assertTrue(md.contains("| A | 1 | READ |"), md);
  }

  @Test
  void parsesYcsbOutputAndCountsEveryFailure() {
    PhaseResult r =
        PhaseResult.parse(
            List.of(
                "[OVERALL], RunTime(ms), 1500",
                "[OVERALL], Throughput(ops/sec), 1333.5",
                "[TOTAL_GCs], Count, 3",
                "[READ], Operations, 900",
                "[READ], AverageLatency(us), 12.5",
                "[READ], 99thPercentileLatency(us), 80",
                "[READ], Return=OK, 890",
                "[READ], Return=NOT_FOUND, 10",
                "[UPDATE-FAILED], Operations, 4",
                "[UPDATE], Operations, 96",
                "[UPDATE], Return=OK, 96",
                "[UPDATE], Return=ERROR, 4",
                "[CLEANUP], Operations, 1",
                "some other line",
                "[SCAN], AverageLatency(us), NaN"));
    assertEquals(1333.5, r.throughput);
    assertEquals(1500, r.runtimeMs);
    assertEquals(12.5, r.ops.get("READ").averageUs);
    assertEquals(80.0, r.ops.get("READ").p99Us);
    assertEquals(10 + 4 + 4, r.errors());
    assertEquals(890 + 96, r.okOperations());
    assertTrue(Double.isNaN(r.ops.get("SCAN").averageUs));
  }

  @Test
  void rejectsBadOptions() {
    assertThrows(IllegalArgumentException.class, () -> RunConfig.parse(new String[] {"--x"}));
    assertThrows(
        IllegalArgumentException.class, () -> RunConfig.parse(new String[] {"--workloads", "g"}));
    assertThrows(
        IllegalArgumentException.class, () -> RunConfig.parse(new String[] {"--engines", "lmdb"}));
    assertThrows(
        IllegalArgumentException.class, () -> RunConfig.parse(new String[] {"--records", "0"}));
    assertThrows(IllegalArgumentException.class, () -> RunConfig.parse(new String[] {"--threads"}));
    RunConfig c = RunConfig.parse(new String[] {"--threads", "1,2", "-p", "fieldcount=5"});
    assertEquals(List.of(1, 2), c.threads);
    assertEquals(List.of("fieldcount=5"), c.properties);
  }
}
