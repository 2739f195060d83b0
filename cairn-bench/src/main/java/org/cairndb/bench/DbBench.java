package org.cairndb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A db_bench-style benchmark of Cairn against RocksDB (JNI) and LevelDB-java (iq80): the same
 * workloads, keys and settings on each engine, one engine after another in one JVM, each on a fresh
 * directory. Prints a Markdown report (settings, results, Cairn/RocksDB ratios) to stdout.
 *
 * <pre>
 * java -Xmx4g -jar cairn-bench/target/cairn-bench.jar --quick
 * java -Xmx4g -jar cairn-bench/target/cairn-bench.jar --num 1000000 --json r.json --markdown r.md
 * </pre>
 */
public final class DbBench {
  /** Held so the level set in {@link #main} sticks (JUL keeps loggers weakly). */
  private static final Logger CAIRN_LOG = Logger.getLogger("org.cairndb");

  private DbBench() {}

  public static void main(String[] args) {
    // Cairn logs each flush and compaction at INFO; keep the report and progress readable.
    CAIRN_LOG.setLevel(Level.WARNING);
    int code = run(args, System.out, System.err);
    System.exit(code);
  }

  /** Runs the command line; returns the exit code (0 ok, 1 errors in the run, 2 bad usage). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    BenchConfig cfg;
    try {
      cfg = BenchConfig.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("cairn-bench: " + e.getMessage());
      err.print(BenchConfig.USAGE);
      return 2;
    }
    if (cfg.help) {
      out.print(BenchConfig.USAGE);
      return 0;
    }
    Report.BenchReport report;
    try {
      report = execute(cfg, err);
    } catch (IOException e) {
      err.println("cairn-bench: " + e);
      return 1;
    }
    out.print(Report.markdown(report, false));
    out.flush();
    try {
      if (cfg.json != null) {
        Files.writeString(cfg.json, Report.json(report), StandardCharsets.UTF_8);
        err.println("cairn-bench: wrote " + cfg.json);
      }
      if (cfg.markdown != null) {
        Files.writeString(cfg.markdown, Report.markdown(report, true), StandardCharsets.UTF_8);
        err.println("cairn-bench: wrote " + cfg.markdown);
      }
      Path beside = cfg.json != null ? cfg.json : cfg.markdown;
      if (cfg.charts && beside != null) {
        for (Path png : Charts.write(report, chartBase(beside))) {
          err.println("cairn-bench: wrote " + png);
        }
      }
    } catch (IOException e) {
      err.println("cairn-bench: " + e);
      return 1;
    }
    return report.hasErrors() ? 1 : 0;
  }

  /** {@code dir/r.json} as {@code dir/r}: the charts are named {@code r-throughput.png} etc. */
  static Path chartBase(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling(dot > 0 ? name.substring(0, dot) : name);
  }

  /** Runs every configured workload on every configured engine. */
  static Report.BenchReport execute(BenchConfig cfg, PrintStream progress) throws IOException {
    return execute(cfg, progress, name -> unavailable(name, cfg));
  }

  /**
   * As {@link #execute(BenchConfig, PrintStream)}, with {@code probe} telling why an engine cannot
   * load (null when it can); engines not named by {@code --engines} that cannot load are skipped.
   */
  static Report.BenchReport execute(
      BenchConfig cfg, PrintStream progress, Function<String, String> probe) throws IOException {
    Map<String, String> env = environment();
    Progress bar = Progress.forStderr(progress, cfg.quiet);
    List<String> engines = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String engine : cfg.engines) {
      String why = cfg.enginesExplicit ? null : probe.apply(engine);
      if (why == null) {
        engines.add(engine);
      } else {
        skipped.add(engine + ": " + why);
        progress.println("cairn-bench: skipping " + engine + " (" + why + ")");
      }
    }
    Path root;
    if (cfg.dir != null) {
      Files.createDirectories(cfg.dir);
      root = Files.createTempDirectory(cfg.dir, "cairn-bench-");
    } else {
      root = Files.createTempDirectory("cairn-bench-");
    }
    List<Runner.EngineRun> runs = new ArrayList<>();
    boolean peakReset = true;
    try {
      for (String engine : engines) {
        if (cfg.isolate) {
          runs.add(Isolate.run(cfg, engine, root, progress));
        } else {
          System.gc(); // start each engine without the previous one's garbage
          peakReset &= MemoryProbe.resetPeak();
          runs.add(new Runner(cfg, progress, bar).run(engine, root.resolve(engine)));
        }
      }
    } finally {
      if (!cfg.keep) {
        DiskUsage.deleteRecursively(root);
      }
    }
    String rss =
        cfg.isolate
            ? "own JVM per engine (--isolate): each engine's peak alone"
            : peakReset
                ? "shared JVM: the high-water mark is reset before each engine, but the heap the"
                    + " earlier engines grew stays resident; use --isolate for per-engine figures"
                : "shared JVM: the process's high-water mark over every engine so far; use"
                    + " --isolate for per-engine figures";
    env.put("rss", rss);
    return new Report.BenchReport(
        cfg, env, root.toString(), List.copyOf(runs), List.copyOf(skipped));
  }

  /** Why {@code engine} cannot be created here (its native library fails to load), or null. */
  static String unavailable(String engine, BenchConfig cfg) {
    try {
      Engine.create(engine, cfg).close();
      return null;
    } catch (RuntimeException | LinkageError e) {
      return "cannot load: " + e;
    }
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    env.put(
        "jvm",
        String.format(
            Locale.ROOT,
            "%s %s (%s), max heap %d MiB",
            System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version", System.getProperty("java.version")),
            System.getProperty("java.vm.vendor"),
            Runtime.getRuntime().maxMemory() >> 20));
    env.put(
        "jvm.flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    env.put(
        "machine",
        String.format(
            Locale.ROOT,
            "%s %s %s, %d cores (availableProcessors)",
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors()));
    return env;
  }
}
