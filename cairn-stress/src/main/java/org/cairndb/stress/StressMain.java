package org.cairndb.stress;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Entry point of {@code cairn-stress.jar} ({@code ./cairn stress}): the crash test (default), the
 * stress run without crashes ({@code --duration}), or, with {@code --child}, the process the crash
 * test kills.
 */
public final class StressMain {
  static final String USAGE =
      """
      usage: cairn stress [options]
        Crash test (default): cycles of a child process running the stress threads, killed with
        SIGKILL after a random time; the database is reopened and every key verified against an
        expected state kept in a file outside it.
        --cycles N          kill cycles (default 20)
        --min-run-ms MS     shortest run before the kill (default 300)
        --max-run-ms MS     longest run before the kill (default 3000)
        --duration S        instead: no crashes, run S seconds verifying every read, then close,
                            reopen and verify everything (both write modes: S/2 seconds each)
        --ops N             with --duration: stop after N operations if that comes first
        --keys N            key space size (default 20000)
        --threads N         stress threads (default 4)
        --mode M            sync, default, or alternate between them per cycle (default)
        --memtable BYTES    memtable size (default 262144: flushes and compactions never stop)
        --seed N            seed of the cycle plan (default: random; printed)
        --dir DIR           work directory (default: a temporary one, deleted after a pass)
        --keep              keep the work directory after a pass
      exit code: 0 pass, 1 a check failed (the work directory is kept), 2 usage, 4 other error
      """;

  private StressMain() {}

  public static void main(String[] args) {
    // The engine logs flushes and compactions at INFO; the tool prints its own progress.
    Logger.getLogger("org.cairndb").setLevel(Level.WARNING);
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the crash test, the duration run or (with {@code --child}, until killed) the crash-test
   * child that {@code args} describe; returns the exit code.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("help"))) {
      out.print(USAGE);
      return 0;
    }
    StressConfig c;
    try {
      c = StressConfig.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    Path work = null;
    long start = System.nanoTime();
    try {
      if (c.child) {
        CrashChild.run(c, err);
        return 0;
      }
      work =
          c.dir != null
              ? Files.createDirectories(c.dir)
              : Files.createTempDirectory("cairn-stress");
      out.printf(
          Locale.ROOT,
          "cairn stress: seed %d, %,d keys, %d threads, mode %s, memtable %,d bytes, dir %s%n",
          c.seed,
          c.keys,
          c.threads,
          c.mode.name().toLowerCase(Locale.ROOT),
          c.memtableBytes,
          work);
      String summary;
      if (c.durationSeconds > 0) {
        DurationRun.Result r = new DurationRun(c, out).run(work);
        summary =
            String.format(
                Locale.ROOT,
                "stress passed: %d phase%s, %,d ops, %,d keys verified after reopen",
                r.phases(),
                r.phases() == 1 ? "" : "s",
                r.ops(),
                r.keysChecked());
      } else {
        CrashDriver.Result r = new CrashDriver(c, out).run(work);
        summary =
            String.format(
                Locale.ROOT,
                "crash test passed: %d cycle%s, %,d ops, %,d keys verified, writes in flight at the"
                    + " kill: %,d applied, %,d not",
                r.cycles(),
                r.cycles() == 1 ? "" : "s",
                r.ops(),
                r.keysChecked(),
                r.inFlightApplied(),
                r.inFlightLost());
      }
      out.printf(
          Locale.ROOT,
          "%s; seed %d, %.1f s%n",
          summary,
          c.seed,
          (System.nanoTime() - start) / (double) TimeUnit.SECONDS.toNanos(1));
      if (c.dir == null && !c.keep) {
        deleteTree(work);
      }
      return 0;
    } catch (StressFailure e) {
      err.println("FAILED: " + e.getMessage());
      err.println("seed " + c.seed + (work == null ? "" : "; the work directory is kept: " + work));
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("error: " + e);
      return 4;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return 4;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
