package org.cairndb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG charts: written, decodable, of the expected size, and showing every engine. */
class ChartsTest {
  private static final List<String> ENGINES = List.of("cairn", "rocksdb", "leveldb", "lmdb");
  private static final List<String> WORKLOADS =
      List.of("fillseq", "fillrandom", "readrandom", "readseq", "compact");

  @TempDir Path tmp;

  @RepeatedTest(3)
  void chartsDecodeWithEveryEngineDrawn() throws Exception {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Report.BenchReport report = report(new SplittableRandom(seed), ENGINES);

    List<Path> written = Charts.write(report, tmp.resolve("run"));

    assertEquals(
        List.of(
            tmp.resolve("run-throughput.png"),
            tmp.resolve("run-latency-fillrandom.png"),
            tmp.resolve("run-latency-readrandom.png")),
        written,
        "seed " + seed);
    BufferedImage bars = ImageIO.read(written.get(0).toFile());
    assertNotNull(bars, "seed " + seed);
    assertEquals(Charts.BAR_WIDTH, bars.getWidth());
    assertEquals(Charts.BAR_HEIGHT, bars.getHeight());
    assertDrawn(bars, ENGINES, 500, "throughput, seed " + seed);
    for (Path cdf : written.subList(1, 3)) {
      BufferedImage img = ImageIO.read(cdf.toFile());
      assertNotNull(img, cdf + ", seed " + seed);
      assertEquals(Charts.CDF_WIDTH, img.getWidth());
      assertEquals(Charts.CDF_HEIGHT, img.getHeight());
      assertDrawn(img, ENGINES, 100, cdf + ", seed " + seed);
    }
  }

  @Test
  void aMissingEngineGetsNoBarsAndNoLatencyChartWithoutData() throws Exception {
    Report.BenchReport report = report(new SplittableRandom(7), List.of("cairn", "lmdb"));
    BufferedImage bars = Charts.throughput(report);
    assertDrawn(bars, List.of("cairn", "lmdb"), 500, "throughput");
    // Only the legend's swatch would show RocksDB; it is not in this run, so not even that.
    assertEquals(0, pixels(bars, Charts.color("rocksdb")));
    assertNull(Charts.latency(report, "readmissing"), "no such rows, no chart");
  }

  @Test
  void counts() {
    assertEquals("1k", Charts.count(1000));
    assertEquals("2.5M", Charts.count(2_500_000));
    assertEquals("150k", Charts.count(150_000));
    assertEquals("0.1", Charts.count(0.1));
  }

  private static void assertDrawn(BufferedImage img, List<String> engines, int min, String what) {
    int nonWhite = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          nonWhite++;
        }
      }
    }
    assertTrue(nonWhite > img.getWidth() * img.getHeight() / 100, what + ": blank");
    for (String e : engines) {
      int n = pixels(img, Charts.color(e));
      assertTrue(n >= min, what + ": " + e + " has " + n + " pixels of its color");
    }
  }

  private static int pixels(BufferedImage img, Color c) {
    int n = 0;
    int rgb = c.getRGB() & 0xFFFFFF;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  /** A report of random but plausible results, without running anything. */
  static Report.BenchReport report(SplittableRandom rnd, List<String> engines) {
    BenchConfig cfg =
        BenchConfig.parse(
            "--benchmarks",
            String.join(",", WORKLOADS),
            "--engines",
            String.join(",", engines),
            "--num",
            "1000");
    List<Runner.EngineRun> runs = new ArrayList<>();
    for (String e : engines) {
      List<Result> results = new ArrayList<>();
      for (String b : WORKLOADS) {
        if (e.equals("lmdb") && b.equals("compact")) {
          results.add(Result.unsupported(b, e, "no compaction"));
          continue;
        }
        Histogram h = new Histogram(3);
        long base = 500L + rnd.nextInt(5000);
        for (int i = 0; i < 20_000; i++) {
          h.recordValue(base + (long) (base * -Math.log(1 - rnd.nextDouble())));
        }
        long ops = 1000;
        long nanos = 1_000_000L + rnd.nextLong(1_000_000_000L);
        results.add(
            new Result(
                b,
                e,
                1,
                ops,
                nanos,
                ops * 116,
                -1,
                -1,
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue(),
                h.getMean(),
                -1,
                Double.NaN,
                1 << 28,
                -1,
                0,
                1.0,
                LatencyPoint.of(h),
                "",
                null,
                false));
      }
      runs.add(new Runner.EngineRun(e, e, Map.of(), results, ""));
    }
    return new Report.BenchReport(cfg, Map.of(), "db", runs, List.of());
  }
}
