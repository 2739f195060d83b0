package org.cairndb.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One point of a latency distribution: the latency at or below which {@code percentile} percent of
 * the operations completed.
 */
record LatencyPoint(double percentile, long nanos) {
  /**
   * The percentiles a result keeps: evenly spaced in "nines" ({@code -log10(1 - p/100)}) from 0 to
   * 99.999, as HdrHistogram plots them, so the tail gets as many points as the median.
   */
  static final List<Double> PERCENTILES = percentiles();

  private static List<Double> percentiles() {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      double nines = i * 0.05;
      out.add(100 * (1 - Math.pow(10, -nines)));
    }
    return List.copyOf(out);
  }

  /** {@code h}'s latency at each of {@link #PERCENTILES}; empty for an empty histogram. */
  static List<LatencyPoint> of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return List.of();
    }
    List<LatencyPoint> out = new ArrayList<>(PERCENTILES.size());
    for (double p : PERCENTILES) {
      out.add(new LatencyPoint(p, h.getValueAtPercentile(p)));
    }
    return out;
  }

  /** Position on a "nines" axis: 0 for 0%, 1 for 90%, 2 for 99%, 3 for 99.9%. */
  static double nines(double percentile) {
    return percentile >= 100 ? 6 : -Math.log10(1 - percentile / 100);
  }
}
