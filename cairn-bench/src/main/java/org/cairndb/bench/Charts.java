package org.cairndb.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * PNG charts of a run, drawn with java.awt in headless mode (no charting library): a grouped bar
 * chart of ops/s per workload (compact, a single operation, left out) and engine on a log scale,
 * each bar labelled with its ratio to RocksDB, and for fillrandom and readrandom a latency
 * distribution per engine on a "nines" axis (50%, 90%, 99%, 99.9%, 99.99%) as HdrHistogram plots
 * it. Stateless.
 */
final class Charts {
  static final int BAR_WIDTH = 1200;
  static final int BAR_HEIGHT = 640;
  static final int CDF_WIDTH = 900;
  static final int CDF_HEIGHT = 560;

  /** The workloads that get a latency chart. */
  static final List<String> CDF_WORKLOADS = List.of("fillrandom", "readrandom");

  /** One color per engine, the same in every chart. */
  static final Map<String, Color> COLORS =
      Map.of(
          "cairn", new Color(0x2E7D32),
          "rocksdb", new Color(0x1565C0),
          "leveldb", new Color(0xEF6C00),
          "lmdb", new Color(0x8E24AA));

  private static final Color OTHER = new Color(0x757575);
  private static final Color GRID = new Color(0xE0E0E0);
  private static final Color TEXT = new Color(0x212121);
  private static final String FONT = Font.SANS_SERIF;

  private Charts() {}

  /**
   * Writes {@code base-throughput.png} and {@code base-latency-WORKLOAD.png} for the CDF workloads
   * that ran; returns the files written.
   */
  static List<Path> write(Report.BenchReport report, Path base) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<Path> out = new ArrayList<>();
    Path bars = base.resolveSibling(base.getFileName() + "-throughput.png");
    if (save(throughput(report), bars)) {
      out.add(bars);
    }
    for (String w : CDF_WORKLOADS) {
      if (!report.config().benchmarks.contains(w)) {
        continue;
      }
      BufferedImage img = latency(report, w);
      Path png = base.resolveSibling(base.getFileName() + "-latency-" + w + ".png");
      if (img != null && save(img, png)) {
        out.add(png);
      }
    }
    return out;
  }

  private static boolean save(BufferedImage img, Path file) throws IOException {
    return ImageIO.write(img, "png", file.toFile());
  }

  static Color color(String engine) {
    return COLORS.getOrDefault(engine, OTHER);
  }

  /** ops/s per workload and engine, log scale; labels are ratios to RocksDB where it ran. */
  static BufferedImage throughput(Report.BenchReport report) {
    BufferedImage img = new BufferedImage(BAR_WIDTH, BAR_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    List<String> workloads = new ArrayList<>();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (String b : report.config().benchmarks) {
      if (b.equals(Workload.COMPACT.id)) {
        continue; // one operation: its rate would stretch the axis; its time is in the table
      }
      boolean any = false;
      for (Runner.EngineRun run : report.runs()) {
        Result r = report.find(b, run.name());
        if (r != null && r.ok() && r.opsPerSec() > 0) {
          min = Math.min(min, r.opsPerSec());
          max = Math.max(max, r.opsPerSec());
          any = true;
        }
      }
      if (any) {
        workloads.add(b);
      }
    }
    boolean rocks = report.runs().stream().anyMatch(r -> r.name().equals("rocksdb"));
    title(
        g,
        "Throughput per workload (ops/s, log scale)"
            + (rocks ? "; above each bar: ratio to RocksDB" : ""),
        BAR_WIDTH);
    legend(g, report, BAR_WIDTH);
    int left = 80;
    int right = BAR_WIDTH - 20;
    int top = 80;
    int bottom = BAR_HEIGHT - 110;
    if (workloads.isEmpty()) {
      g.setColor(TEXT);
      g.drawString("no successful workload", left, (top + bottom) / 2);
      g.dispose();
      return img;
    }
    int lo = (int) Math.floor(Math.log10(min));
    int hi = (int) Math.ceil(Math.log10(max) + 0.15); // room for the labels above the bars
    if (hi <= lo) {
      hi = lo + 1;
    }
    g.setFont(new Font(FONT, Font.PLAIN, 12));
    for (int d = lo; d <= hi; d++) {
      int y = (int) Math.round(bottom - (double) (d - lo) / (hi - lo) * (bottom - top));
      g.setColor(GRID);
      g.drawLine(left, y, right, y);
      g.setColor(TEXT);
      String label = count(Math.pow(10, d));
      g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    g.setColor(TEXT);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    int engines = report.runs().size();
    double group = (double) (right - left) / workloads.size();
    double bar = Math.max(2, (group - 14) / engines);
    for (int wi = 0; wi < workloads.size(); wi++) {
      String b = workloads.get(wi);
      Result base = report.find(b, "rocksdb");
      double x0 = left + wi * group + 7;
      for (int ei = 0; ei < engines; ei++) {
        String name = report.runs().get(ei).name();
        Result r = report.find(b, name);
        if (r == null || !r.ok() || r.opsPerSec() <= 0) {
          continue;
        }
        double frac = (Math.log10(r.opsPerSec()) - lo) / (hi - lo);
        int h = (int) Math.round(Math.max(1, frac * (bottom - top)));
        int x = (int) Math.round(x0 + ei * bar);
        int w = (int) Math.max(1, Math.round(bar) - 2);
        g.setColor(color(name));
        g.fillRect(x, bottom - h, w, h);
        String label =
            base != null && base.ok() && base.opsPerSec() > 0
                ? String.format(Locale.ROOT, "%.2fx", r.opsPerSec() / base.opsPerSec())
                : count(r.opsPerSec());
        vertical(g, label, x + w / 2 + 4, bottom - h - 4, new Font(FONT, Font.PLAIN, 10));
      }
      g.setColor(TEXT);
      AffineTransform saved = g.getTransform();
      g.setFont(new Font(FONT, Font.PLAIN, 12));
      // Slanted up to the group's center, so the last label does not run off the right edge.
      g.translate(left + wi * group + group / 2, bottom + 18);
      g.rotate(Math.toRadians(-30));
      g.drawString(b, -g.getFontMetrics().stringWidth(b), 0);
      g.setTransform(saved);
    }
    g.dispose();
    return img;
  }

  /** Latency by percentile for {@code workload}, one line per engine; null when none has one. */
  static BufferedImage latency(Report.BenchReport report, String workload) {
    List<Result> rows = new ArrayList<>();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (Runner.EngineRun run : report.runs()) {
      Result r = report.find(workload, run.name());
      if (r != null && r.ok() && !r.latencyCdf().isEmpty()) {
        rows.add(r);
        for (LatencyPoint p : r.latencyCdf()) {
          min = Math.min(min, Math.max(10, p.nanos()));
          max = Math.max(max, Math.max(10, p.nanos()));
        }
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    BufferedImage img = new BufferedImage(CDF_WIDTH, CDF_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    title(
        g,
        workload
            + ": latency by percentile (µs, log scale), "
            + (Workload.of(workload).writes ? "each put" : "each get"),
        CDF_WIDTH);
    int left = 80;
    int right = CDF_WIDTH - 30;
    int top = 60;
    int bottom = CDF_HEIGHT - 60;
    double maxNines =
        LatencyPoint.nines(LatencyPoint.PERCENTILES.get(LatencyPoint.PERCENTILES.size() - 1));
    // y in log10(µs)
    double lo = Math.floor(Math.log10(min / 1000.0));
    double hi = Math.ceil(Math.log10(max / 1000.0));
    if (hi <= lo) {
      hi = lo + 1;
    }
    g.setFont(new Font(FONT, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int d = (int) lo; d <= hi; d++) {
      int y = (int) Math.round(bottom - (d - lo) / (hi - lo) * (bottom - top));
      g.setColor(GRID);
      g.drawLine(left, y, right, y);
      g.setColor(TEXT);
      String label = micros(Math.pow(10, d));
      g.drawString(label, left - 8 - fm.stringWidth(label), y + 4);
    }
    double[] ticks = {0, 50, 90, 99, 99.9, 99.99, 99.999};
    for (double p : ticks) {
      int x = (int) Math.round(left + LatencyPoint.nines(p) / maxNines * (right - left));
      g.setColor(GRID);
      g.drawLine(x, top, x, bottom);
      g.setColor(TEXT);
      String label =
          new java.math.BigDecimal(Double.toString(p)).stripTrailingZeros().toPlainString() + "%";
      g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 18);
    }
    g.drawString("percentile", (left + right) / 2 - fm.stringWidth("percentile") / 2, bottom + 38);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    int ly = top + 16;
    for (Result r : rows) {
      Color c = color(r.engine());
      g.setColor(c);
      g.setStroke(new BasicStroke(2f));
      Path2D.Double line = new Path2D.Double();
      boolean first = true;
      for (LatencyPoint p : r.latencyCdf()) {
        double x = left + LatencyPoint.nines(p.percentile()) / maxNines * (right - left);
        double y =
            bottom
                - (Math.log10(Math.max(10, p.nanos()) / 1000.0) - lo) / (hi - lo) * (bottom - top);
        if (first) {
          line.moveTo(x, y);
          first = false;
        } else {
          line.lineTo(x, y);
        }
      }
      g.draw(line);
      g.setStroke(new BasicStroke(1f));
      for (double p : new double[] {50, 90, 99, 99.9, 99.99}) {
        long nanos = at(r.latencyCdf(), p);
        double x = left + LatencyPoint.nines(p) / maxNines * (right - left);
        double y =
            bottom - (Math.log10(Math.max(10, nanos) / 1000.0) - lo) / (hi - lo) * (bottom - top);
        g.fillOval((int) Math.round(x) - 4, (int) Math.round(y) - 4, 8, 8);
      }
      g.fillRect(left + 14, ly - 10, 12, 12);
      g.setColor(TEXT);
      g.drawString(
          String.format(
              Locale.ROOT,
              "%s  p50 %s  p99 %s  p99.9 %s µs",
              r.engine(),
              Report.micros(r.p50Nanos()),
              Report.micros(r.p99Nanos()),
              Report.micros(r.p999Nanos())),
          left + 32,
          ly);
      ly += 18;
    }
    g.dispose();
    return img;
  }

  /** The latency at the kept percentile nearest to {@code p}. */
  private static long at(List<LatencyPoint> cdf, double p) {
    LatencyPoint best = cdf.get(0);
    for (LatencyPoint x : cdf) {
      if (Math.abs(LatencyPoint.nines(x.percentile()) - LatencyPoint.nines(p))
          < Math.abs(LatencyPoint.nines(best.percentile()) - LatencyPoint.nines(p))) {
        best = x;
      }
    }
    return best.nanos();
  }

  private static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    return g;
  }

  private static void title(Graphics2D g, String text, int width) {
    g.setColor(TEXT);
    g.setFont(new Font(FONT, Font.BOLD, 16));
    g.drawString(text, (width - g.getFontMetrics().stringWidth(text)) / 2, 28);
  }

  private static void legend(Graphics2D g, Report.BenchReport report, int width) {
    g.setFont(new Font(FONT, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    int total = 0;
    for (Runner.EngineRun r : report.runs()) {
      total += 20 + fm.stringWidth(r.name()) + 24;
    }
    int x = (width - total) / 2;
    for (Runner.EngineRun r : report.runs()) {
      g.setColor(color(r.name()));
      g.fillRect(x, 43, 14, 14);
      g.setColor(TEXT);
      g.drawString(r.name(), x + 20, 55);
      x += 20 + fm.stringWidth(r.name()) + 24;
    }
  }

  /** Text drawn upwards from (x, y): the baseline runs up the bar's axis. */
  private static void vertical(Graphics2D g, String text, int x, int y, Font font) {
    AffineTransform saved = g.getTransform();
    g.setFont(font);
    g.setColor(TEXT);
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    g.drawString(text, 0, 0);
    g.setTransform(saved);
  }

  /** 1000 as 1k, 2500000 as 2.5M. */
  static String count(double n) {
    if (n >= 1e9) {
      return trim(n / 1e9) + "G";
    }
    if (n >= 1e6) {
      return trim(n / 1e6) + "M";
    }
    if (n >= 1e3) {
      return trim(n / 1e3) + "k";
    }
    return trim(n);
  }

  private static String micros(double us) {
    return (us < 1 ? String.format(Locale.ROOT, "%.2g", us) : count(us)) + " µs";
  }

  private static String trim(double x) {
    String s = String.format(Locale.ROOT, x >= 100 ? "%.0f" : "%.1f", x);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
