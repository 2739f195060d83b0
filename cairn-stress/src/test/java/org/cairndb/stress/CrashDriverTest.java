package org.cairndb.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test as CI runs it: at least 20 cycles (-Dcairn.stress.cycles, times -Dcairn.nightly)
 * of a child JVM running the stress threads, killed with SIGKILL after a short random time, the
 * database reopened and every key verified. Any wrong read in the child, any lost acknowledged
 * write, partial batch or stray key fails it with the seed and cycle.
 */
class CrashDriverTest {
  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesKill9() throws Exception {
    StressConfig c = new StressConfig();
    c.seed = Long.getLong("cairn.seed", System.nanoTime());
    c.cycles =
        Integer.getInteger("cairn.stress.cycles", 20)
            * Math.max(1, Integer.getInteger("cairn.nightly", 1));
    c.keys = 10_000;
    c.threads = 4;
    c.minRunMillis = 200;
    c.maxRunMillis = 900;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    CrashDriver.Result r;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      r = new CrashDriver(c, out).run(tmp);
    } catch (StressFailure e) {
      throw new AssertionError(
          "seed " + c.seed + ": " + e.getMessage() + "\n" + log.toString(StandardCharsets.UTF_8),
          e);
    }
    System.out.print(log.toString(StandardCharsets.UTF_8));
    assertEquals(c.cycles, r.cycles());
    assertEquals((long) c.cycles * c.keys, r.keysChecked());
    // Kills must land while the children work, else the test checks nothing.
    assertTrue(r.ops() > c.cycles * 50L, "seed " + c.seed + ": too few ops: " + r.ops());
  }
}
