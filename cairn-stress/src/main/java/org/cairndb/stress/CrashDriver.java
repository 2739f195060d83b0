package org.cairndb.stress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cairndb.Cairn;

/**
 * The crash test: for each cycle, starts a {@link CrashChild} process on the database, lets it run
 * for a random time, kills it with SIGKILL ({@link Process#destroyForcibly()}), then reopens the
 * database here and {@link StateVerifier verifies} every key and a full scan against the expected
 * state. Cycles alternate SYNC and DEFAULT writes (unless one mode is chosen) and draw fresh
 * database options. Kill -9 keeps the page cache, so every acknowledged write must survive in both
 * modes.
 *
 * <p>The work directory holds {@code db/}, {@code expected.state} and {@code child.log} (the output
 * of the last child). Not thread-safe.
 */
final class CrashDriver {
  static final String DB = "db";
  static final String STATE = "expected.state";
  static final String LOG = "child.log";

  /** Totals of a crash test. */
  record Result(int cycles, long ops, long keysChecked, long inFlightApplied, long inFlightLost) {}

  private final StressConfig c;
  private final PrintStream out;

  CrashDriver(StressConfig c, PrintStream out) {
    this.c = c;
    this.out = out;
  }

  Result run(Path work) throws IOException, InterruptedException {
    Path db = work.resolve(DB);
    ExpectedState state = freshState(work, c.keys);
    SplittableRandom rnd = new SplittableRandom(c.seed);
    long ops = 0;
    long checked = 0;
    long applied = 0;
    long lost = 0;
    for (int cycle = 0; cycle < c.cycles; cycle++) {
      long runSeed = rnd.nextLong();
      int runMillis = c.minRunMillis + rnd.nextInt(c.maxRunMillis - c.minRunMillis + 1);
      WriteMode mode = c.mode.forRun(cycle);
      String where =
          "seed " + c.seed + " cycle " + (cycle + 1) + " (run seed " + runSeed + ", " + mode + ")";
      long opsBefore = state.ops();
      runAndKill(work, cycle, mode, runSeed, runMillis, state, where);
      long cycleOps = state.ops() - opsBefore;
      long verifyStart = System.nanoTime();
      StateVerifier.Report r;
      try (Cairn cairn = Cairn.open(db, RunOptions.of(c.memtableBytes, runSeed))) {
        r = StateVerifier.verify(cairn, state, true, where);
      } catch (StressFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw new StressFailure(where + ": reopening and verifying failed: " + e, e);
      }
      long verifyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - verifyStart);
      ops += cycleOps;
      checked += r.keysChecked();
      applied += r.pendingNew();
      lost += r.pendingOld();
      out.printf(
          Locale.ROOT,
          "cycle %d/%d %-7s killed after %,d ms: %,d ops; %,d keys verified (%,d present),"
              + " in flight %d applied / %d not; reopen and check %,d ms: ok%n",
          cycle + 1,
          c.cycles,
          mode,
          runMillis,
          cycleOps,
          r.keysChecked(),
          r.present(),
          r.pendingNew(),
          r.pendingOld(),
          verifyMillis);
      out.flush();
    }
    return new Result(c.cycles, ops, checked, applied, lost);
  }

  /**
   * A new expected state (every key absent) in {@code work}, which must not hold a database yet:
   * the state describes only databases it saw from their creation.
   */
  static ExpectedState freshState(Path work, int keys) throws IOException {
    if (Files.exists(work.resolve(DB))) {
      throw new IllegalArgumentException(work + " already holds a database; use an empty dir");
    }
    return ExpectedState.create(work.resolve(STATE), keys);
  }

  private void runAndKill(
      Path work,
      int cycle,
      WriteMode mode,
      long runSeed,
      int runMillis,
      ExpectedState state,
      String where)
      throws IOException, InterruptedException {
    Path log = work.resolve(LOG);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StressMain.class.getName());
    cmd.addAll(c.childArgs(work, cycle, mode, runSeed));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean reaped;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (state.ready() != cycle + 1) {
        if (p.waitFor(10, TimeUnit.MILLISECONDS)) {
          throw childExited(p, log, where, "before it was ready");
        }
        if (System.nanoTime() > deadline) {
          throw new StressFailure(where + ": the child did not open the database within 120 s");
        }
      }
      if (p.waitFor(runMillis, TimeUnit.MILLISECONDS)) {
        throw childExited(p, log, where, "before it was killed");
      }
    } finally {
      p.destroyForcibly();
      reaped = p.waitFor(60, TimeUnit.SECONDS);
    }
    if (!reaped) {
      throw new IOException(where + ": the child survived SIGKILL for 60 s");
    }
  }

  private static StressFailure childExited(Process p, Path log, String where, String when)
      throws IOException {
    String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    if (text.length() > 8000) {
      text = "..." + text.substring(text.length() - 8000);
    }
    return new StressFailure(
        where
            + ": the child exited with code "
            + p.exitValue()
            + " "
            + when
            + ". Its output:\n"
            + text);
  }
}
