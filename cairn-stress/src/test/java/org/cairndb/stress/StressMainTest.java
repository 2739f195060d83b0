package org.cairndb.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line entry: usage, flag errors, and one short run of each mode through it. */
class StressMainTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return StressMain.run(args, o, e);
    }
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpAndBadFlags() {
    assertEquals(0, run("--help"));
    assertTrue(output().contains("--cycles N"), output());
    assertEquals(2, run("--cycles", "zero"));
    assertTrue(output().contains("--cycles needs a number"), output());
    assertEquals(2, run("--min-run-ms", "500", "--max-run-ms", "100"));
    assertEquals(2, run("--mode", "sometimes"));
    assertEquals(2, run("--frobnicate", "1"));
    assertEquals(2, run("--keys"));
  }

  @Test
  void shortCrashTestAndRefusalToReuseADatabase() {
    String dir = tmp.resolve("work").toString();
    String seed = Long.toString(Long.getLong("cairn.seed", System.nanoTime()));
    String[] args = {
      "--cycles",
      "2",
      "--keys",
      "500",
      "--threads",
      "2",
      "--min-run-ms",
      "100",
      "--max-run-ms",
      "200",
      "--seed",
      seed,
      "--dir",
      dir
    };
    assertEquals(0, run(args), output());
    assertTrue(output().contains("crash test passed: 2 cycles"), output());
    assertTrue(Files.exists(tmp.resolve("work").resolve(CrashDriver.DB)), "--dir is kept");
    assertEquals(2, run(args), output());
    assertTrue(output().contains("already holds a database"), output());
  }

  @Test
  void shortDurationRun() {
    String seed = Long.toString(Long.getLong("cairn.seed", System.nanoTime()));
    assertEquals(
        0,
        run("--duration", "1", "--ops", "2000", "--keys", "500", "--mode", "sync", "--seed", seed),
        output());
    assertTrue(output().contains("stress passed: 1 phase,"), output());
  }
}
