package org.cairndb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a benchmark run as Markdown and JSON. */
final class Report {
  private Report() {}

  /** A finished run: the configuration, the environment, and what each engine produced. */
  record BenchReport(
      BenchConfig config,
      Map<String, String> environment,
      String databaseDir,
      List<Runner.EngineRun> runs,
      List<String> skipped) {

    List<Result> results() {
      List<Result> out = new ArrayList<>();
      for (Runner.EngineRun r : runs) {
        out.addAll(r.results());
      }
      return out;
    }

    Result find(String benchmark, String engine) {
      for (Runner.EngineRun r : runs) {
        if (r.name().equals(engine)) {
          for (Result x : r.results()) {
            if (x.benchmark().equals(benchmark)) {
              return x;
            }
          }
        }
      }
      return null;
    }

    boolean hasErrors() {
      for (Result r : results()) {
        if (r.error() != null) {
          return true;
        }
      }
      return false;
    }
  }

  /** One workload's comparison of Cairn against RocksDB; NaN where a side is missing. */
  record Ratio(
      String benchmark, double throughput, double p99, double disk, double writeAmp, double rss) {}

  static List<Ratio> ratios(BenchReport report) {
    List<Ratio> out = new ArrayList<>();
    for (String b : report.config().benchmarks) {
      Result c = report.find(b, "cairn");
      Result r = report.find(b, "rocksdb");
      if (c == null || r == null || !c.ok() || !r.ok()) {
        continue;
      }
      double tp = r.opsPerSec() > 0 ? c.opsPerSec() / r.opsPerSec() : Double.NaN;
      double p99 = r.p99Nanos() > 0 ? (double) c.p99Nanos() / r.p99Nanos() : Double.NaN;
      double disk =
          c.diskBytes() >= 0 && r.diskBytes() > 0
              ? (double) c.diskBytes() / r.diskBytes()
              : Double.NaN;
      double wa =
          r.writeAmplification() > 0
              ? c.writeAmplification() / r.writeAmplification()
              : Double.NaN; // NaN stays NaN when either side has none
      double rss =
          c.peakRssBytes() > 0 && r.peakRssBytes() > 0
              ? (double) c.peakRssBytes() / r.peakRssBytes()
              : Double.NaN;
      out.add(new Ratio(b, tp, p99, disk, wa, rss));
    }
    return out;
  }

  /** Microseconds with a precision that suits the magnitude. */
  static String micros(long nanos) {
    double us = nanos / 1000.0;
    if (us < 10) {
      return String.format(Locale.ROOT, "%.2f", us);
    }
    if (us < 1000) {
      return String.format(Locale.ROOT, "%.1f", us);
    }
    return String.format(Locale.ROOT, "%,.0f", us);
  }

  private static String ratio(double x) {
    return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** The full report; {@code withStats} appends each engine's own statistics. */
  static String markdown(BenchReport report, boolean withStats) {
    BenchConfig cfg = report.config();
    Map<String, String> env = report.environment();
    StringBuilder sb = new StringBuilder();
    sb.append("# Cairn db_bench: Cairn vs RocksDB vs LevelDB-java vs LMDB\n\n");
    sb.append("- Date: ").append(env.get("date")).append('\n');
    sb.append("- Command: `java ")
        .append(env.get("jvm.flags").isEmpty() ? "" : env.get("jvm.flags") + " ")
        .append("-jar cairn-bench.jar ")
        .append(String.join(" ", cfg.args))
        .append("`\n");
    sb.append("- JVM: ").append(env.get("jvm")).append('\n');
    sb.append("- Machine: ").append(env.get("machine")).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "- Data: N=%,d keys of %d bytes, values of %d %s bytes (random slices of an 8 MiB pool),"
                + " reads=%,d, threads=%d, batch=%d, seed=%d%n",
            cfg.num,
            cfg.keySize,
            cfg.valueSize,
            cfg.compressionRatio < 1
                ? String.format(
                    Locale.ROOT, "compressible (to about %.2f of their size)", cfg.compressionRatio)
                : "random (incompressible)",
            cfg.reads,
            cfg.threads,
            cfg.batchSize,
            cfg.seed));
    sb.append("- Databases: a fresh directory per engine under ")
        .append(report.databaseDir())
        .append(cfg.keep ? " (kept)" : " (deleted at the end)")
        .append(
            (cfg.isolate
                    ? "; each engine runs in its own child JVM with the same flags (--isolate)"
                    : "; engines run one after another in one JVM")
                + "; fill* workloads start a fresh"
                + " database, every other workload uses the database as the previous ones left"
                + " it (db_bench, use_existing_db=false)\n");
    sb.append(
        "- Latency: every operation timed with System.nanoTime into an HdrHistogram"
            + " (3 significant digits); MB/s uses MB = 2^20 bytes\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "- Options: compression %s, compaction threads %d (Cairn and RocksDB run %d"
                + " background jobs), Cairn compaction style %s%n",
            cfg.compression,
            cfg.compactionThreads,
            cfg.backgroundJobs(),
            cfg.style.name().toLowerCase(Locale.ROOT)));
    sb.append(
        "- Memory: peak RSS is the process's VmHWM when the workload ended, "
            + env.getOrDefault("rss", "shared JVM")
            + "; heap is the heap in use after a full collection that followed the fill;"
            + " W-amp is (WAL + flush + compaction bytes) / user bytes since the fill began, when"
            + " it returned (see the settings)\n");
    for (String skip : report.skipped()) {
      sb.append("- Skipped: ").append(skip).append('\n');
    }
    sb.append('\n');

    sb.append("## Settings\n\n");
    sb.append("| setting |");
    for (Runner.EngineRun r : report.runs()) {
      sb.append(' ').append(r.name()).append(" |");
    }
    sb.append("\n|---|");
    for (int i = 0; i < report.runs().size(); i++) {
      sb.append("---|");
    }
    sb.append('\n');
    for (String row : Settings.ROWS) {
      sb.append("| ").append(row).append(" |");
      for (Runner.EngineRun r : report.runs()) {
        sb.append(' ').append(cell(r.settings().getOrDefault(row, "?"))).append(" |");
      }
      sb.append('\n');
    }
    sb.append('\n');

    sb.append("## Results\n\n");
    sb.append(
        "| benchmark | engine | threads | ops | ops/s | MB/s | p50 µs | p99 µs | p99.9 µs |"
            + " found | disk MiB | W-amp | peak RSS MiB | heap MiB | GC ms | load | note |\n");
    sb.append(
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (String b : cfg.benchmarks) {
      for (Runner.EngineRun run : report.runs()) {
        Result r = report.find(b, run.name());
        if (r != null) {
          sb.append(row(r)).append('\n');
        }
      }
    }
    sb.append('\n');

    fills(sb, report);

    List<Ratio> ratios = ratios(report);
    if (!ratios.isEmpty()) {
      sb.append("## Cairn / RocksDB\n\n");
      sb.append(
          "Throughput ratio > 1: Cairn faster. p99 ratio < 1: Cairn's tail latency lower."
              + " Disk, W-amp and RSS ratios < 1: Cairn smaller.\n\n");
      sb.append("| benchmark | cairn ops/s | rocksdb ops/s |");
      List<String> others = new ArrayList<>();
      for (Runner.EngineRun r : report.runs()) {
        if (!r.name().equals("cairn") && !r.name().equals("rocksdb")) {
          others.add(r.name());
          sb.append(' ').append(r.name()).append(" ops/s |");
        }
      }
      sb.append(
          " Cairn/RocksDB ops/s | Cairn/RocksDB p99 | Cairn/RocksDB disk | Cairn/RocksDB W-amp |"
              + " Cairn/RocksDB peak RSS |\n");
      sb.append("|---|---:|---:|").append("---:|".repeat(others.size() + 5)).append('\n');
      for (Ratio x : ratios) {
        Result c = report.find(x.benchmark(), "cairn");
        Result r = report.find(x.benchmark(), "rocksdb");
        sb.append("| ")
            .append(x.benchmark())
            .append(" | ")
            .append(String.format(Locale.ROOT, "%,.0f", c.opsPerSec()))
            .append(" | ")
            .append(String.format(Locale.ROOT, "%,.0f", r.opsPerSec()))
            .append(" |");
        for (String other : others) {
          Result l = report.find(x.benchmark(), other);
          sb.append(' ')
              .append(
                  l != null && l.ok() ? String.format(Locale.ROOT, "%,.0f", l.opsPerSec()) : "–")
              .append(" |");
        }
        sb.append(" **")
            .append(ratio(x.throughput()))
            .append("** | ")
            .append(ratio(x.p99()))
            .append(" | ")
            .append(ratio(x.disk()))
            .append(" | ")
            .append(ratio(x.writeAmp()))
            .append(" | ")
            .append(ratio(x.rss()))
            .append(" |\n");
      }
      sb.append('\n');
    }

    List<Result> failed = new ArrayList<>();
    for (Result r : report.results()) {
      if (r.error() != null) {
        failed.add(r);
      }
    }
    if (!failed.isEmpty()) {
      sb.append("## Errors\n\n");
      for (Result r : failed) {
        sb.append("- ")
            .append(r.benchmark())
            .append(" on ")
            .append(r.engine())
            .append(": ")
            .append(r.error())
            .append('\n');
      }
      sb.append('\n');
    }

    sb.append("## Workloads\n\n");
    for (String b : cfg.benchmarks) {
      Workload w = Workload.of(b);
      if (sb.indexOf("- " + w.id + ":") < 0) {
        sb.append("- ").append(w.id).append(": ").append(w.description).append('\n');
      }
    }
    if (withStats) {
      sb.append("\n## Engine statistics (at the end of each engine's run)\n");
      for (Runner.EngineRun r : report.runs()) {
        sb.append("\n### ").append(r.displayName()).append("\n\n```text\n");
        sb.append(r.stats().strip()).append("\n```\n");
      }
    }
    return sb.toString();
  }

  private static String row(Result r) {
    if (r.unsupported()) {
      return "| "
          + r.benchmark()
          + " | "
          + r.engine()
          + " | – | – | – | – | – | – | – | – | – | – | – | – | – | – | unsupported: "
          + cell(r.note())
          + " |";
    }
    if (r.error() != null) {
      return "| "
          + r.benchmark()
          + " | "
          + r.engine()
          + " | – | – | – | – | – | – | – | – | – | – | – | – | – | – | ERROR: "
          + cell(r.error())
          + " |";
    }
    String found;
    if (r.found() < 0) {
      found = "–";
    } else {
      found = String.format(Locale.ROOT, "%,d", r.found()) + (r.expectedFound() >= 0 ? " ✓" : "");
    }
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d | %,d | %,.0f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %,d | %s"
            + " | %s |",
        r.benchmark(),
        r.engine(),
        r.threads(),
        r.ops(),
        r.opsPerSec(),
        r.mbPerSec(),
        micros(r.p50Nanos()),
        micros(r.p99Nanos()),
        micros(r.p999Nanos()),
        found,
        mib(r.diskBytes()),
        writeAmp(r),
        mib(r.peakRssBytes()),
        mib(r.heapBytes()),
        r.gcMillis(),
        r.loadAverage() < 0 ? "–" : String.format(Locale.ROOT, "%.1f", r.loadAverage()),
        cell(r.note()));
  }

  private static String mib(long bytes) {
    return bytes >= 0 ? String.format(Locale.ROOT, "%.1f", bytes / 1048576.0) : "–";
  }

  /** "n/a" for a writing workload on an engine without counters, "–" for reads. */
  private static String writeAmp(Result r) {
    if (!Double.isNaN(r.writeAmplification())) {
      return String.format(Locale.ROOT, "%.2f", r.writeAmplification());
    }
    return r.diskBytes() >= 0 ? "n/a" : "–";
  }

  /**
   * The fills side by side: what issue-level targets are stated in (write throughput, p99 write
   * latency with stalls included, space and write amplification, memory).
   */
  private static void fills(StringBuilder sb, BenchReport report) {
    List<String> fills = new ArrayList<>();
    for (String b : report.config().benchmarks) {
      if (Workload.of(b).fresh) {
        fills.add(b);
      }
    }
    if (fills.isEmpty()) {
      return;
    }
    sb.append("## After each fill\n\n");
    sb.append(
        "p99 is the write latency during the fill (stalls included); disk, W-amp and peak RSS"
            + " are taken when the fill returned, heap after a full collection.\n\n");
    sb.append(
        "| fill | engine | ops/s | p99 write µs | p99.9 write µs | disk MiB | W-amp |"
            + " peak RSS MiB | heap MiB |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String b : fills) {
      for (Runner.EngineRun run : report.runs()) {
        Result r = report.find(b, run.name());
        if (r == null || !r.ok()) {
          continue;
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,.0f | %s | %s | %s | %s | %s | %s |%n",
                b,
                r.engine(),
                r.opsPerSec(),
                micros(r.p99Nanos()),
                micros(r.p999Nanos()),
                mib(r.diskBytes()),
                writeAmp(r),
                mib(r.peakRssBytes()),
                mib(r.heapBytes())));
      }
    }
    sb.append('\n');
  }

  /** The run as JSON (no external library). */
  static String json(BenchReport report) {
    BenchConfig cfg = report.config();
    Json j = new Json();
    j.open('{');
    j.field("environment").open('{');
    for (Map.Entry<String, String> e : report.environment().entrySet()) {
      j.field(e.getKey()).value(e.getValue());
    }
    j.close('}');
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("args", String.join(" ", cfg.args));
    c.put("num", cfg.num);
    c.put("reads", cfg.reads);
    c.put("keySize", cfg.keySize);
    c.put("valueSize", cfg.valueSize);
    c.put("compressionRatio", cfg.compressionRatio);
    c.put("threads", cfg.threads);
    c.put("batchSize", cfg.batchSize);
    c.put("compression", cfg.compression);
    c.put("compactionThreads", cfg.compactionThreads);
    c.put("backgroundJobs", cfg.backgroundJobs());
    c.put("style", cfg.style.name().toLowerCase(Locale.ROOT));
    c.put("isolate", cfg.isolate);
    c.put("cacheBytes", cfg.cacheBytes);
    c.put("memtableBytes", cfg.memtableBytes);
    c.put("seed", cfg.seed);
    c.put("databaseDir", report.databaseDir());
    j.field("config").open('{');
    for (Map.Entry<String, Object> e : c.entrySet()) {
      j.field(e.getKey()).value(e.getValue());
    }
    j.field("benchmarks").open('[');
    for (String b : cfg.benchmarks) {
      j.value(b);
    }
    j.close(']');
    j.close('}');
    j.field("skipped").open('[');
    for (String skip : report.skipped()) {
      j.value(skip);
    }
    j.close(']');
    j.field("engines").open('[');
    for (Runner.EngineRun r : report.runs()) {
      j.open('{');
      j.field("name").value(r.name());
      j.field("displayName").value(r.displayName());
      j.field("settings").open('{');
      for (Map.Entry<String, String> e : r.settings().entrySet()) {
        j.field(e.getKey()).value(e.getValue());
      }
      j.close('}');
      j.field("stats").value(r.stats());
      j.close('}');
    }
    j.close(']');
    j.field("results").open('[');
    for (String b : cfg.benchmarks) {
      for (Runner.EngineRun run : report.runs()) {
        Result r = report.find(b, run.name());
        if (r == null) {
          continue;
        }
        j.open('{');
        j.field("benchmark").value(r.benchmark());
        j.field("engine").value(r.engine());
        j.field("status")
            .value(r.unsupported() ? "unsupported" : r.error() != null ? "error" : "ok");
        j.field("threads").value(r.threads());
        j.field("ops").value(r.ops());
        j.field("seconds").value(r.elapsedNanos() / 1e9);
        j.field("elapsedNanos").value(r.elapsedNanos());
        j.field("bytes").value(r.bytes());
        j.field("opsPerSec").value(r.opsPerSec());
        j.field("mbPerSec").value(r.mbPerSec());
        j.field("p50Micros").value(r.p50Nanos() / 1000.0);
        j.field("p99Micros").value(r.p99Nanos() / 1000.0);
        j.field("p999Micros").value(r.p999Nanos() / 1000.0);
        j.field("maxMicros").value(r.maxNanos() / 1000.0);
        j.field("meanMicros").value(r.meanNanos() / 1000.0);
        j.field("p50Nanos").value(r.p50Nanos());
        j.field("p99Nanos").value(r.p99Nanos());
        j.field("p999Nanos").value(r.p999Nanos());
        j.field("maxNanos").value(r.maxNanos());
        j.field("meanNanos").value(r.meanNanos());
        j.field("found").value(r.found());
        j.field("expectedFound").value(r.expectedFound());
        j.field("diskBytes").value(r.diskBytes());
        j.field("writeAmplification").value(r.writeAmplification());
        j.field("peakRssBytes").value(r.peakRssBytes());
        j.field("heapBytes").value(r.heapBytes());
        j.field("gcMillis").value(r.gcMillis());
        j.field("loadAverage").value(r.loadAverage());
        j.field("note").value(r.note());
        j.field("error").value(r.error());
        j.field("unsupported").value(r.unsupported());
        j.field("latencyCdf").open('[');
        for (LatencyPoint p : r.latencyCdf()) {
          j.raw(String.format(Locale.ROOT, "[%.6g, %d]", p.percentile(), p.nanos()));
        }
        j.close(']');
        j.close('}');
      }
    }
    j.close(']');
    j.field("cairnOverRocksdb").open('[');
    for (Ratio x : ratios(report)) {
      j.open('{');
      j.field("benchmark").value(x.benchmark());
      j.field("throughput").value(x.throughput());
      j.field("p99").value(x.p99());
      j.field("disk").value(x.disk());
      j.field("writeAmplification").value(x.writeAmp());
      j.field("peakRss").value(x.rss());
      j.close('}');
    }
    j.close(']');
    j.close('}');
    return j.toString() + "\n";
  }

  /** A minimal streaming JSON writer with indentation. */
  private static final class Json {
    private final StringBuilder sb = new StringBuilder();
    private final List<Boolean> first = new ArrayList<>();
    private boolean afterField;

    Json open(char bracket) {
      separate();
      sb.append(bracket);
      first.add(true);
      return this;
    }

    Json close(char bracket) {
      boolean empty = first.remove(first.size() - 1);
      if (!empty) {
        newline();
      }
      sb.append(bracket);
      return this;
    }

    Json field(String name) {
      separate();
      string(name);
      sb.append(": ");
      afterField = true;
      return this;
    }

    Json value(Object v) {
      separate();
      if (v == null) {
        sb.append("null");
      } else if (v instanceof Double d) {
        sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d));
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        string(v.toString());
      }
      return this;
    }

    /** A value already in JSON form, written as is. */
    Json raw(String json) {
      separate();
      sb.append(json);
      return this;
    }

    private void separate() {
      if (afterField) {
        afterField = false;
        return;
      }
      if (!first.isEmpty()) {
        int last = first.size() - 1;
        if (!first.get(last)) {
          sb.append(',');
        }
        first.set(last, false);
        newline();
      }
    }

    private void newline() {
      sb.append('\n');
      for (int i = 0; i < first.size(); i++) {
        sb.append("  ");
      }
    }

    private void string(String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        switch (ch) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (ch < 0x20) {
              sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
              sb.append(ch);
            }
          }
        }
      }
      sb.append('"');
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
