package org.cairndb.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cairndb.Cairn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stress run without crashes: both write modes, every read verified, then a reopen. */
class DurationRunTest {
  @TempDir Path tmp;

  @Test
  void stressThenReopenVerifies() throws Exception {
    StressConfig c = new StressConfig();
    c.seed = Long.getLong("cairn.seed", System.nanoTime());
    c.durationSeconds = 4;
    c.ops = 30_000;
    c.keys = 2_000;
    c.threads = 4;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    DurationRun.Result r;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      r = new DurationRun(c, out).run(tmp);
    } catch (StressFailure e) {
      throw new AssertionError("seed " + c.seed + ": " + e.getMessage(), e);
    }
    assertEquals(2, r.phases(), log.toString(StandardCharsets.UTF_8));
    assertEquals(2L * c.keys, r.keysChecked());
    assertTrue(r.ops() > 100, "seed " + c.seed + ": too few ops: " + r.ops());
  }

  @Test
  void aWrongReadStopsTheRun() throws Exception {
    // The expected state says every key holds a value the database never saw: the first read of
    // any kind must fail, and the run must report it rather than pass.
    StressConfig c = new StressConfig();
    c.seed = Long.getLong("cairn.seed", System.nanoTime());
    c.keys = 50;
    c.threads = 2;
    ExpectedState state = ExpectedState.create(tmp.resolve("state"), c.keys);
    try (Cairn db = Cairn.open(tmp.resolve("db"), RunOptions.of(c.memtableBytes, c.seed))) {
      for (int k = 0; k < c.keys; k++) {
        state.reserve(k);
        state.markPending(k, 1, 1);
        state.commit(k);
      }
      Workload w =
          new Workload(db, state, WriteMode.DEFAULT.writeOptions(), c.threads, c.seed, "test");
      w.start();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (w.isRunning() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      w.join();
      assertTrue(
          w.failure() instanceof StressFailure,
          "seed " + c.seed + ": expected a StressFailure, got " + w.failure());
    }
  }
}
