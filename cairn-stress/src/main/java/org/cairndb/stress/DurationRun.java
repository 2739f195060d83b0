package org.cairndb.stress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cairndb.Cairn;
import org.cairndb.Options;

/**
 * The stress test without crashes: runs the stress threads in this process for a given time (or
 * number of operations), verifying every read as it goes, then closes the database, reopens it and
 * verifies every key and a full scan. With ALTERNATE it does this twice, once with SYNC and once
 * with DEFAULT writes, on the same database. Not thread-safe.
 */
final class DurationRun {
  /** Totals of a run. */
  record Result(int phases, long ops, long keysChecked) {}

  private final StressConfig c;
  private final PrintStream out;

  DurationRun(StressConfig c, PrintStream out) {
    this.c = c;
    this.out = out;
  }

  Result run(Path work) throws IOException, InterruptedException {
    Path db = work.resolve(CrashDriver.DB);
    ExpectedState state = CrashDriver.freshState(work, c.keys);
    SplittableRandom rnd = new SplittableRandom(c.seed);
    int phases = c.mode == WriteMode.ALTERNATE ? 2 : 1;
    long phaseMillis = Math.max(1000, TimeUnit.SECONDS.toMillis(c.durationSeconds) / phases);
    long phaseOps = c.ops == 0 ? Long.MAX_VALUE : Math.max(1, c.ops / phases);
    long ops = 0;
    long checked = 0;
    for (int phase = 0; phase < phases; phase++) {
      long runSeed = rnd.nextLong();
      WriteMode mode = c.mode.forRun(phase);
      String where =
          "seed " + c.seed + " phase " + (phase + 1) + " (run seed " + runSeed + ", " + mode + ")";
      Options options = RunOptions.of(c.memtableBytes, runSeed);
      long opsBefore = state.ops();
      long start = System.nanoTime();
      try (Cairn cairn = Cairn.open(db, options)) {
        Workload w = new Workload(cairn, state, mode.writeOptions(), c.threads, runSeed, where);
        w.start();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(phaseMillis);
        while (w.isRunning()
            && System.nanoTime() < deadline
            && state.ops() - opsBefore < phaseOps) {
          Thread.sleep(10);
        }
        w.join();
        rethrow(w.failure(), where);
      }
      long phaseRan = state.ops() - opsBefore;
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      StateVerifier.Report r;
      try (Cairn cairn = Cairn.open(db, options)) {
        r = StateVerifier.verify(cairn, state, false, where + " after reopen");
      }
      ops += phaseRan;
      checked += r.keysChecked();
      out.printf(
          Locale.ROOT,
          "phase %d/%d %-7s %,d ops in %,d ms, every read verified; reopened: %,d keys verified"
              + " (%,d present): ok%n",
          phase + 1,
          phases,
          mode,
          phaseRan,
          millis,
          r.keysChecked(),
          r.present());
      out.flush();
    }
    return new Result(phases, ops, checked);
  }

  private static void rethrow(Throwable t, String where) {
    if (t == null) {
      return;
    }
    if (t instanceof StressFailure f) {
      throw f;
    }
    throw new StressFailure(where + ": a stress thread failed: " + t, t);
  }
}
