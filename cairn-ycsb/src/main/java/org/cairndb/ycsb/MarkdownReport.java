package org.cairndb.ycsb;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders {@link YcsbRun}'s results as Markdown: the settings, a throughput table (load and run,
 * one column per engine, Cairn/RocksDB ratios when both ran) and a latency table per operation
 * type. Stateless.
 */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(RunConfig cfg, List<Cell> cells) {
    StringBuilder b = new StringBuilder();
    boolean ratios = cfg.engines.contains(Engine.CAIRN) && cfg.engines.contains(Engine.ROCKSDB);
    b.append("Date: ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(". JVM: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append(", YCSB JVM flags: `")
        .append(String.join(" ", cfg.jvmArgs))
        .append("`. CPUs: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(
            String.format(
                Locale.ROOT,
                ", load average at the end: %.1f.%n%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    b.append(
        String.format(
            Locale.ROOT,
            "recordcount %,d, operationcount %,d, 10 fields of 100 bytes per record; memtable %s,"
                + " block cache %s, Bloom 10 bits/key, no compression, WAL %s; a fresh database"
                + " per workload (load, then run).%n%n",
            cfg.records,
            cfg.operations,
            cfg.memtableBytes,
            cfg.cacheBytes,
            cfg.sync ? "with fsync per write" : "on without fsync"));

    b.append("| workload | threads |");
    for (String phase : List.of("load", "run")) {
      for (Engine e : cfg.engines) {
        b.append(' ').append(e.label).append(' ').append(phase).append(" ops/s |");
      }
      if (ratios) {
        b.append(' ').append(phase).append(" Cairn/RocksDB |");
      }
    }
    b.append(" errors |\n|---|---:|");
    int columns = 2 * (cfg.engines.size() + (ratios ? 1 : 0)) + 1;
    b.append("---:|".repeat(columns)).append('\n');
    for (String w : cfg.workloads) {
      for (int t : cfg.threads) {
        b.append("| ").append(w.toUpperCase(Locale.ROOT)).append(" | ").append(t).append(" |");
        long errors = 0;
        List<String> failures = new ArrayList<>();
        for (boolean load : new boolean[] {true, false}) {
          for (Engine e : cfg.engines) {
            Cell c = find(cells, w, t, e);
            PhaseResult r = c == null ? null : (load ? c.load() : c.run());
            b.append(' ').append(r == null ? "–" : ops(r.throughput)).append(" |");
          }
          if (ratios) {
            PhaseResult cr = phase(find(cells, w, t, Engine.CAIRN), load);
            PhaseResult rr = phase(find(cells, w, t, Engine.ROCKSDB), load);
            b.append(' ')
                .append(
                    cr == null || rr == null
                        ? "–"
                        : "**" + ratio(cr.throughput / rr.throughput) + "**")
                .append(" |");
          }
        }
        for (Engine e : cfg.engines) {
          Cell c = find(cells, w, t, e);
          if (c == null || c.errors() < 0) {
            failures.add(e.label + " failed");
          } else {
            errors += c.errors();
          }
        }
        b.append(' ')
            .append(failures.isEmpty() ? Long.toString(errors) : String.join(", ", failures));
        b.append(" |\n");
      }
    }

    b.append(
        "\nLatency of the run phase, per operation type (µs):\n\n| workload | threads | operation |");
    for (Engine e : cfg.engines) {
      b.append(' ').append(e.label).append(" mean |");
    }
    for (Engine e : cfg.engines) {
      b.append(' ').append(e.label).append(" p99 |");
    }
    if (ratios) {
      b.append(" p99 Cairn/RocksDB |");
    }
    b.append("\n|---|---:|---|")
        .append("---:|".repeat(2 * cfg.engines.size() + (ratios ? 1 : 0)))
        .append('\n');
    for (String w : cfg.workloads) {
      for (int t : cfg.threads) {
        Set<String> opNames = new LinkedHashSet<>();
        for (Engine e : cfg.engines) {
          PhaseResult r = phase(find(cells, w, t, e), false);
          if (r != null) {
            opNames.addAll(r.ops.keySet());
          }
        }
        for (String op : opNames) {
          b.append("| ").append(w.toUpperCase(Locale.ROOT)).append(" | ").append(t);
          b.append(" | ").append(op).append(" |");
          for (Engine e : cfg.engines) {
            PhaseResult.OpStats s = stats(cells, w, t, e, op);
            b.append(' ').append(s == null ? "–" : micros(s.averageUs)).append(" |");
          }
          for (Engine e : cfg.engines) {
            PhaseResult.OpStats s = stats(cells, w, t, e, op);
            b.append(' ').append(s == null ? "–" : micros(s.p99Us)).append(" |");
          }
          if (ratios) {
            PhaseResult.OpStats c = stats(cells, w, t, Engine.CAIRN, op);
            PhaseResult.OpStats r = stats(cells, w, t, Engine.ROCKSDB, op);
            b.append(' ')
                .append(c == null || r == null ? "–" : ratio(c.p99Us / r.p99Us))
                .append(" |");
          }
          b.append('\n');
        }
      }
    }
    return b.toString();
  }

  private static Cell find(List<Cell> cells, String w, int t, Engine e) {
    for (Cell c : cells) {
      if (c.workload().equals(w) && c.threads() == t && c.engine() == e) {
        return c;
      }
    }
    return null;
  }

  private static PhaseResult phase(Cell c, boolean load) {
    return c == null ? null : (load ? c.load() : c.run());
  }

  private static PhaseResult.OpStats stats(List<Cell> cells, String w, int t, Engine e, String op) {
    PhaseResult r = phase(find(cells, w, t, e), false);
    return r == null ? null : r.ops.get(op);
  }

  private static String ops(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String micros(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.1f", v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }
}
