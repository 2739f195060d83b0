package org.cairndb.ycsb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one YCSB phase (load or run) printed, parsed from the text exporter's lines {@code
 * [SECTION], metric, value}: overall throughput and run time, and per operation type its count,
 * mean and 99th percentile latency and its return codes. Immutable once parsed.
 */
final class PhaseResult {
  /** One operation type's figures; latencies in microseconds, NaN when not printed. */
  static final class OpStats {
    long operations;
    double averageUs = Double.NaN;
    double p99Us = Double.NaN;
    final Map<String, Long> returns = new LinkedHashMap<>();

    long count(String returnCode) {
      return returns.getOrDefault(returnCode, 0L);
    }
  }

  private static final String OVERALL = "OVERALL";
  private static final String RETURN = "Return=";
  private static final String FAILED_SUFFIX = "-FAILED";

  final double throughput;
  final long runtimeMs;
  final Map<String, OpStats> ops;

  private PhaseResult(double throughput, long runtimeMs, Map<String, OpStats> ops) {
    this.throughput = throughput;
    this.runtimeMs = runtimeMs;
    this.ops = Collections.unmodifiableMap(ops);
  }

  /** Parses the exporter's lines; lines of any other shape are ignored. */
  static PhaseResult parse(List<String> lines) {
    double throughput = Double.NaN;
    long runtime = -1;
    Map<String, OpStats> ops = new LinkedHashMap<>();
    for (String line : lines) {
      if (!line.startsWith("[")) {
        continue;
      }
      int close = line.indexOf("], ");
      int comma = close < 0 ? -1 : line.indexOf(", ", close + 3);
      if (comma < 0) {
        continue;
      }
      String section = line.substring(1, close);
      String metric = line.substring(close + 3, comma);
      String value = line.substring(comma + 2).trim();
      try {
        if (section.equals(OVERALL)) {
          if (metric.equals("Throughput(ops/sec)")) {
            throughput = Double.parseDouble(value);
          } else if (metric.equals("RunTime(ms)")) {
            runtime = (long) Double.parseDouble(value);
          }
          continue;
        }
        if (section.startsWith("TOTAL_GC") || section.equals("CLEANUP")) {
          continue;
        }
        OpStats s = ops.computeIfAbsent(section, k -> new OpStats());
        if (metric.equals("Operations")) {
          s.operations = (long) Double.parseDouble(value);
        } else if (metric.equals("AverageLatency(us)")) {
          s.averageUs = Double.parseDouble(value);
        } else if (metric.equals("99thPercentileLatency(us)")) {
          s.p99Us = Double.parseDouble(value);
        } else if (metric.startsWith(RETURN)) {
          s.returns.merge(
              metric.substring(RETURN.length()), (long) Double.parseDouble(value), Long::sum);
        }
      } catch (NumberFormatException e) {
        // A value YCSB could not compute (for example an empty histogram): leave it unset.
      }
    }
    return new PhaseResult(throughput, runtime, ops);
  }

  /** Operations that did not return OK, including those YCSB files under {@code <OP>-FAILED}. */
  long errors() {
    long n = 0;
    for (Map.Entry<String, OpStats> e : ops.entrySet()) {
      if (e.getKey().endsWith(FAILED_SUFFIX)) {
        n += e.getValue().operations;
        continue;
      }
      for (Map.Entry<String, Long> r : e.getValue().returns.entrySet()) {
        if (!r.getKey().equals("OK")) {
          n += r.getValue();
        }
      }
    }
    return n;
  }

  /** Operations of every type that returned OK. */
  long okOperations() {
    long n = 0;
    for (Map.Entry<String, OpStats> e : ops.entrySet()) {
      if (!e.getKey().endsWith(FAILED_SUFFIX)) {
        n += e.getValue().count("OK");
      }
    }
    return n;
  }
}
