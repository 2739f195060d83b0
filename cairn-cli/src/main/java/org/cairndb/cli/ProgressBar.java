package org.cairndb.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal stream, at most about ten
 * times a second. With an unknown total it shows the count alone. Not thread-safe.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final long total;
  private long lastDraw = Long.MIN_VALUE;

  /** {@code total} bytes of input, or a value {@code <= 0} when unknown. */
  ProgressBar(PrintStream err, long total) {
    this.err = err;
    this.total = total;
  }

  /** Redraws when due: {@code done} of the total bytes, {@code entries} loaded so far. */
  void update(long done, long entries) {
    long now = System.nanoTime();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(done, entries);
  }

  /** Draws the final state and ends the line. */
  void finish(long done, long entries) {
    draw(done, entries);
    err.println();
  }

  private void draw(long done, long entries) {
    if (total <= 0) {
      err.printf(Locale.ROOT, "\r%,d entries", entries);
    } else {
      double f = Math.min(1.0, done / (double) total);
      int filled = (int) (f * WIDTH);
      err.printf(
          Locale.ROOT,
          "\r[%s%s] %3d%%  %,d entries",
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          (int) (f * 100),
          entries);
    }
    err.flush();
  }
}
