package org.cairndb.ycsb;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs the YCSB core workloads side by side on Cairn and RocksDB: for each thread count, workload
 * and engine, a fresh database is loaded ({@code site.ycsb.Client -load}) and then run ({@code
 * -t}), each phase in its own JVM (see {@link PhaseRunner}); engines alternate within a workload so
 * that drifting machine load spreads over both. Prints a Markdown report ({@link MarkdownReport})
 * to standard output and progress to standard error.
 *
 * <p>Exit status: 0 when every phase completed with every operation OK, 1 otherwise, 2 for a bad
 * command line. Run with {@code --help} for the options.
 */
public final class YcsbRun {
  private final RunConfig cfg;

  YcsbRun(RunConfig cfg) {
    this.cfg = cfg;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    RunConfig cfg;
    try {
      if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
        System.out.println(RunConfig.USAGE);
        return;
      }
      cfg = RunConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(RunConfig.USAGE);
      System.exit(2);
      return;
    }
    Path root = cfg.dir != null ? cfg.dir : Files.createTempDirectory("cairn-ycsb");
    List<Cell> cells = new YcsbRun(cfg).runAll(root, System.err);
    String report = MarkdownReport.render(cfg, cells);
    System.out.print(report);
    if (cfg.markdown != null) {
      Files.writeString(cfg.markdown, report, StandardCharsets.UTF_8);
    }
    if (!cfg.keep && cfg.dir == null) {
      deleteTree(root);
    }
    boolean clean = cells.stream().allMatch(c -> c.errors() == 0);
    System.exit(clean ? 0 : 1);
  }

  /** Runs every (threads, workload, engine) cell under {@code root}; never throws for a cell. */
  List<Cell> runAll(Path root, PrintStream progress) throws IOException, InterruptedException {
    Path logs = root.resolve("logs");
    Files.createDirectories(logs);
    PhaseRunner runner = new PhaseRunner(cfg, logs);
    List<Cell> cells = new ArrayList<>();
    for (int threads : cfg.threads) {
      for (String w : cfg.workloads) {
        Path workload = runner.workloadFile(w);
        for (Engine e : cfg.engines) {
          String name = e.id + "-workload" + w + "-t" + threads;
          Path db = root.resolve(name);
          deleteTree(db);
          PhaseResult load = null;
          PhaseResult run = null;
          String failure = null;
          try {
            load = runner.run(e, workload, true, threads, db, name + "-load");
            run = runner.run(e, workload, false, threads, db, name + "-run");
          } catch (IOException ex) {
            failure = ex.getMessage();
          }
          Cell c = new Cell(w, threads, e, load, run, failure);
          cells.add(c);
          progress.println(describe(c));
          if (!cfg.keep) {
            deleteTree(db);
          }
        }
      }
    }
    return cells;
  }

  private static String describe(Cell c) {
    String head =
        String.format(
            Locale.ROOT, "%s workload%s threads=%d: ", c.engine().label, c.workload(), c.threads());
    if (c.failure() != null) {
      return head + "FAILED: " + c.failure();
    }
    return head
        + String.format(
            Locale.ROOT,
            "load %,.0f ops/s, run %,.0f ops/s, %d errors",
            c.load().throughput,
            c.run().throughput,
            c.errors());
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
