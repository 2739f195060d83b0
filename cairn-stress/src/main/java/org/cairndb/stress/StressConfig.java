package org.cairndb.stress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one stress or crash-test run, parsed from command-line flags (see {@link
 * StressMain#USAGE}). Mutable while being built, then treated as immutable; not thread-safe.
 */
final class StressConfig {
  Path dir;
  boolean keep;
  int keys = 20_000;
  int threads = 4;
  int cycles = 20;
  int durationSeconds;
  long ops;
  WriteMode mode = WriteMode.ALTERNATE;
  long memtableBytes = 256 << 10;
  int minRunMillis = 300;
  int maxRunMillis = 3000;
  long seed = System.nanoTime();
  // Set only in a crash-test child.
  boolean child;
  int run;

  /** Parses flags; {@link IllegalArgumentException} with a readable message on a bad one. */
  static StressConfig parse(String[] args) {
    StressConfig c = new StressConfig();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--keep" -> c.keep = true;
        case "--child" -> c.child = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("unknown flag or missing value: " + a);
          }
          c.set(a, args[++i]);
        }
      }
    }
    c.check();
    return c;
  }

  private void set(String flag, String v) {
    switch (flag) {
      case "--dir" -> dir = Path.of(v);
      case "--keys" -> keys = (int) number(flag, v, 1, 10_000_000);
      case "--threads" -> threads = (int) number(flag, v, 1, 256);
      case "--cycles" -> cycles = (int) number(flag, v, 1, Integer.MAX_VALUE);
      case "--duration" -> durationSeconds = (int) number(flag, v, 1, Integer.MAX_VALUE);
      case "--ops" -> ops = number(flag, v, 1, Long.MAX_VALUE);
      case "--mode" -> mode = WriteMode.parse(v);
      case "--memtable" -> memtableBytes = number(flag, v, 4096, 1L << 30);
      case "--min-run-ms" -> minRunMillis = (int) number(flag, v, 0, 3_600_000);
      case "--max-run-ms" -> maxRunMillis = (int) number(flag, v, 0, 3_600_000);
      case "--seed" -> seed = number(flag, v, Long.MIN_VALUE, Long.MAX_VALUE);
      case "--run" -> run = (int) number(flag, v, 0, Integer.MAX_VALUE);
      default -> throw new IllegalArgumentException("unknown flag: " + flag);
    }
  }

  private void check() {
    if (minRunMillis > maxRunMillis) {
      throw new IllegalArgumentException(
          "--min-run-ms (" + minRunMillis + ") exceeds --max-run-ms (" + maxRunMillis + ")");
    }
    if (child && dir == null) {
      throw new IllegalArgumentException("--child needs --dir");
    }
  }

  private static long number(String flag, String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number: " + v, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(flag + " must be in [" + min + ", " + max + "]: " + v);
    }
    return n;
  }

  /** The arguments of the child process for run {@code run} with write mode {@code m}. */
  List<String> childArgs(Path workDir, int run, WriteMode m, long runSeed) {
    List<String> a = new ArrayList<>();
    a.add("--child");
    a.add("--dir");
    a.add(workDir.toString());
    a.add("--keys");
    a.add(Integer.toString(keys));
    a.add("--threads");
    a.add(Integer.toString(threads));
    a.add("--mode");
    a.add(m.name());
    a.add("--memtable");
    a.add(Long.toString(memtableBytes));
    a.add("--seed");
    a.add(Long.toString(runSeed));
    a.add("--run");
    a.add(Integer.toString(run));
    return a;
  }
}
