package org.cairndb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path tmp;

  private static String text(ByteArrayOutputStream b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void demoWritesReadsScansReopensAndVerifies() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"demo", "--keys", "30000", "--dir", tmp.resolve("d").toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, text(err));
    assertTrue(text(out).contains("OK: all 30000 keys verified"), text(out));
    assertTrue(text(out).contains("ops/s"), text(out));
  }

  @Test
  void usageErrorsExitWithTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(2, Main.run(new String[] {"nope"}, o, e));
    assertEquals(2, Main.run(new String[] {"demo", "--keys"}, o, e));
    assertEquals(2, Main.run(new String[] {"demo", "--keys", "0"}, o, e));
    assertEquals(0, Main.run(new String[] {"--help"}, o, e));
  }
}
