package org.cairndb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar's text, and that it draws and erases itself only when enabled. */
class ProgressTest {
  @Test
  void lineShowsCellsPercentCountAndRate() {
    String s = Progress.line("[cairn] fillrandom", 500, 1000, 2_000_000_000L);
    assertTrue(s.startsWith("[cairn] fillrandom [###############...............]  50%"), s);
    assertTrue(s.contains("500/1,000"), s);
    assertTrue(s.contains("250 ops/s"), s);
    assertTrue(s.endsWith("2.0 s"), s);
    // More done than announced (a scan that found extra entries) stays at 100%.
    assertTrue(Progress.line("x", 5000, 1000, 1).contains("100%"));
    assertEquals("[lmdb] compact  1.5 s", Progress.line("[lmdb] compact", 0, 0, 1_500_000_000L));
  }

  @Test
  void enabledBarDrawsThenErasesItsLine() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Progress bar = new Progress(out, true);
    bar.begin("[cairn] fillseq", 4096);
    bar.add(2048);
    String text = "";
    for (int i = 0; i < 100 && !text.contains("%"); i++) {
      Thread.sleep(50); // the painter redraws every 250 ms
      text = buf.toString(StandardCharsets.UTF_8);
    }
    bar.end();
    String all = buf.toString(StandardCharsets.UTF_8);
    assertTrue(all.startsWith("\r[cairn] fillseq ["), all);
    assertTrue(all.contains(" 50%"), all);
    assertTrue(all.endsWith("\r"), "erased at the end: " + all);
  }

  @Test
  void disabledBarPrintsNothing() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress bar = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), false);
    bar.begin("x", 10);
    bar.add(5);
    bar.end();
    assertFalse(bar.enabled());
    assertEquals(0, buf.size());
  }
}
