package org.cairndb.ycsb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link YcsbRun}'s command line. Mutable while parsing, then only read. Not thread-safe. */
final class RunConfig {
  static final String USAGE =
      """
      Usage: java -jar cairn-ycsb/target/cairn-ycsb.jar [options]
      Runs YCSB load + run for each workload, thread count and engine, each phase in a fresh
      JVM through site.ycsb.Client, on a fresh database per workload, and prints a Markdown
      table of throughput and latency with Cairn/RocksDB ratios.
        --engines LIST         cairn,rocksdb (default both)
        --workloads LIST       letters of the core workloads, default a,b,c,d,e,f
        --records N            recordcount (default 200000)
        --operations N         operationcount (default 200000)
        --threads LIST         client thread counts, default 1
        --memtable-bytes SIZE  write buffer of both engines (default 64m)
        --cache-bytes SIZE     block cache of both engines (default 64m)
        --sync                 fsync every write (default: WAL without fsync)
        --jvm-args ARGS        flags of the YCSB JVMs, space-separated (default -Xmx2g)
        -p NAME=VALUE          an extra YCSB property for every phase (repeatable)
        --dir DIR              where databases and phase logs go (default: a temp dir)
        --keep                 keep databases and logs afterwards
        --markdown FILE        also write the report to FILE
        --timeout SECONDS      limit per phase (default 3600)
      """;

  List<Engine> engines = List.of(Engine.CAIRN, Engine.ROCKSDB);
  List<String> workloads = List.of("a", "b", "c", "d", "e", "f");
  long records = 200_000;
  long operations = 200_000;
  List<Integer> threads = List.of(1);
  String memtableBytes = "64m";
  String cacheBytes = "64m";
  boolean sync;
  List<String> jvmArgs = List.of("-Xmx2g");
  final List<String> properties = new ArrayList<>();
  Path dir;
  boolean keep;
  Path markdown;
  long timeoutSeconds = 3600;

  /** Parses {@code args}; throws {@link IllegalArgumentException} with a message on bad input. */
  static RunConfig parse(String[] args) {
    RunConfig c = new RunConfig();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--engines" -> {
          List<Engine> list = new ArrayList<>();
          for (String s : value(args, ++i, a).split(",", -1)) {
            list.add(Engine.parse(s));
          }
          c.engines = List.copyOf(list);
        }
        case "--workloads" -> {
          List<String> list = new ArrayList<>();
          for (String s : value(args, ++i, a).split(",", -1)) {
            String w = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (!w.matches("[a-f]")) {
              throw new IllegalArgumentException("unknown workload '" + s + "' (a to f)");
            }
            list.add(w);
          }
          c.workloads = List.copyOf(list);
        }
        case "--records" -> c.records = positive(value(args, ++i, a), a);
        case "--operations" -> c.operations = positive(value(args, ++i, a), a);
        case "--threads" -> {
          List<Integer> list = new ArrayList<>();
          for (String s : value(args, ++i, a).split(",", -1)) {
            list.add((int) Math.min(1024, positive(s, a)));
          }
          c.threads = List.copyOf(list);
        }
        case "--memtable-bytes" -> c.memtableBytes = value(args, ++i, a);
        case "--cache-bytes" -> c.cacheBytes = value(args, ++i, a);
        case "--sync" -> c.sync = true;
        case "--jvm-args" -> {
          String v = value(args, ++i, a).trim();
          c.jvmArgs = v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
        }
        case "-p" -> {
          String v = value(args, ++i, a);
          if (v.indexOf('=') <= 0) {
            throw new IllegalArgumentException("-p takes NAME=VALUE, not '" + v + "'");
          }
          c.properties.add(v);
        }
        case "--dir" -> c.dir = Path.of(value(args, ++i, a));
        case "--keep" -> c.keep = true;
        case "--markdown" -> c.markdown = Path.of(value(args, ++i, a));
        case "--timeout" -> c.timeoutSeconds = positive(value(args, ++i, a), a);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    return c;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static long positive(String s, String option) {
    try {
      long n = Long.parseLong(s.trim());
      if (n <= 0) {
        throw new IllegalArgumentException(option + " must be positive, not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, not '" + s + "'", e);
    }
  }
}
