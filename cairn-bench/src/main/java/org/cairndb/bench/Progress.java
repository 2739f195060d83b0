package org.cairndb.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A one-line progress bar for the long phases of a run, redrawn in place on stderr every quarter
 * second by a daemon thread while a phase is active. Workload threads only add to a counter (a
 * {@link LongAdder}, so several readers do not contend on one cache line), in steps of {@link
 * #STEP} operations, so the bar costs them nothing measurable.
 *
 * <p>Drawn only when stderr is a terminal: Java 17 cannot tell, so the {@code ./cairn} launcher
 * says so through {@code CAIRN_STDERR_TTY=1}. A disabled bar ignores every call. Thread-safe; one
 * phase at a time.
 */
final class Progress {
  /** Operations between two {@link #add} calls of a workload loop. */
  static final int STEP = 1024;

  private static final long REDRAW_MILLIS = 250;
  private static final int BAR_CELLS = 30;

  private final PrintStream out;
  private final boolean enabled;
  private final LongAdder done = new LongAdder();
  private final Object lock = new Object();
  private String label = "";
  private long total;
  private long startNanos;
  private boolean active;
  private int drawnWidth;
  private Thread painter;

  Progress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  /** Enabled when not quiet and the launcher says stderr is a terminal. */
  static Progress forStderr(PrintStream err, boolean quiet) {
    return new Progress(err, !quiet && "1".equals(System.getenv("CAIRN_STDERR_TTY")));
  }

  boolean enabled() {
    return enabled;
  }

  /** Starts a phase of {@code total} operations (0 when unknown: the bar shows elapsed time). */
  void begin(String label, long total) {
    if (!enabled) {
      return;
    }
    synchronized (lock) {
      this.label = label;
      this.total = total;
      this.startNanos = System.nanoTime();
      done.reset();
      active = true;
      if (painter == null) {
        painter = new Thread(this::paintLoop, "bench-progress");
        painter.setDaemon(true);
        painter.start();
      }
    }
  }

  void add(long n) {
    if (enabled) {
      done.add(n);
    }
  }

  /** Ends the phase and erases the bar, so the next line prints on a clean line. */
  void end() {
    if (!enabled) {
      return;
    }
    synchronized (lock) {
      if (active) {
        active = false;
        erase();
      }
    }
  }

  private void paintLoop() {
    while (true) {
      try {
        Thread.sleep(REDRAW_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (lock) {
        if (active) {
          draw(line(label, done.sum(), total, System.nanoTime() - startNanos));
        }
      }
    }
  }

  private void draw(String text) {
    int pad = Math.max(0, drawnWidth - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    drawnWidth = text.length();
  }

  private void erase() {
    if (drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
      out.flush();
      drawnWidth = 0;
    }
  }

  /** The text of the bar: label, cells, percentage, count and rate (or elapsed time alone). */
  static String line(String label, long done, long total, long elapsedNanos) {
    double secs = elapsedNanos / 1e9;
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s  %.1f s", label, secs);
    }
    long shown = Math.min(done, total);
    int cells = (int) (BAR_CELLS * shown / total);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %3d%%  %,d/%,d  %,.0f ops/s  %.1f s",
        label,
        "#".repeat(cells),
        ".".repeat(BAR_CELLS - cells),
        100 * shown / total,
        shown,
        total,
        secs > 0 ? shown / secs : 0,
        secs);
  }
}
