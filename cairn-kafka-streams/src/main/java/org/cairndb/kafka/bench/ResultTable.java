package org.cairndb.kafka.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Formats benchmark results as a Markdown table: one row per engine with absolute figures, then one
 * row of ratios of the first engine to each other one. Stateless.
 */
final class ResultTable {
  private ResultTable() {}

  static String markdown(List<EngineResult> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| engine | aggregate throughput (records/s) | restore time (ms) | restore rate (records/s)"
            + " | peak RSS processing (MiB) | peak RSS restoring (MiB) |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    for (EngineResult r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %,d | %,.0f | %,.0f | %,.0f |%n",
              r.engine(),
              r.recordsPerSecond(),
              r.restoreMs(),
              r.restoredPerSecond(),
              r.processPeakRssKib() / 1024.0,
              r.restorePeakRssKib() / 1024.0));
    }
    EngineResult first = results.get(0);
    for (EngineResult other : results.subList(1, results.size())) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s / %s | %s | %s | %s | %s | %s |%n",
              first.engine(),
              other.engine(),
              ratio(first, other, EngineResult::recordsPerSecond),
              ratio(first, other, r -> r.restoreMs()),
              ratio(first, other, EngineResult::restoredPerSecond),
              ratio(first, other, r -> r.processPeakRssKib()),
              ratio(first, other, r -> r.restorePeakRssKib())));
    }
    return out.toString();
  }

  private static String ratio(EngineResult a, EngineResult b, ToDoubleFunction<EngineResult> f) {
    double denominator = f.applyAsDouble(b);
    if (denominator <= 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f×", f.applyAsDouble(a) / denominator);
  }
}
