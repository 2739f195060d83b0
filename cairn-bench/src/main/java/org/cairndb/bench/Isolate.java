package org.cairndb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --isolate}: runs one engine in a child JVM of its own (the same java, class path and JVM
 * flags, and the same benchmark options), then reads the child's JSON back into an {@link
 * Runner.EngineRun}. An engine alone in its process makes the peak-RSS column that engine's: in a
 * shared JVM the heap one engine grew stays resident for the next. Stateless.
 */
final class Isolate {
  /** Options the parent sets for the child itself (each takes a value). */
  private static final Set<String> VALUED_OWN =
      Set.of("--engines", "--json", "--markdown", "--dir");

  /** Options that only concern the parent. */
  private static final Set<String> FLAGS_OWN = Set.of("--isolate", "--no-charts");

  /** lmdbjava needs these; the jar manifest's Add-Opens only applies to {@code java -jar}. */
  private static final List<String> ADD_OPENS =
      List.of(
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED");

  private Isolate() {}

  /**
   * Runs {@code engine} in a child JVM working under {@code root}; never throws for its failure.
   */
  static Runner.EngineRun run(BenchConfig cfg, String engine, Path root, PrintStream progress)
      throws IOException {
    Path json = root.resolve(engine + ".json");
    List<String> cmd = command(cfg.args, engine, json, root);
    if (!cfg.quiet) {
      progress.println("cairn-bench: " + engine + " in its own JVM");
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    int code;
    try {
      Process p = pb.start();
      code = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(cfg, engine, "interrupted while the child JVM ran");
    }
    if (!Files.exists(json)) {
      return failed(cfg, engine, "child JVM exited with code " + code + " and wrote no results");
    }
    try {
      return read(Files.readString(json, StandardCharsets.UTF_8), engine);
    } catch (IllegalStateException | ClassCastException | NullPointerException e) {
      return failed(cfg, engine, "child JVM results unreadable: " + e.getMessage());
    }
  }

  /** The child's command line: this JVM's java and flags, then the options meant for the child. */
  static List<String> command(List<String> args, String engine, Path json, Path dir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String f : flags) {
      // A debugger port or a flight recording file cannot be shared by parent and child.
      if (!f.startsWith("-agentlib:jdwp") && !f.startsWith("-XX:StartFlightRecording")) {
        cmd.add(f);
      }
    }
    if (!String.join(" ", flags).contains("java.base/java.nio=")) {
      cmd.addAll(ADD_OPENS);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DbBench.class.getName());
    cmd.addAll(childArgs(args, engine, json, dir));
    return cmd;
  }

  /** {@code args} without the parent's own options, plus the child's engine and output. */
  static List<String> childArgs(List<String> args, String engine, Path json, Path dir) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      int eq = a.indexOf('=');
      String flag = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      if (FLAGS_OWN.contains(flag)) {
        continue;
      }
      if (VALUED_OWN.contains(flag)) {
        if (eq < 0) {
          i++; // its value is the next argument
        }
        continue;
      }
      out.add(a);
    }
    out.addAll(
        List.of(
            "--engines",
            engine,
            "--json",
            json.toString(),
            "--dir",
            dir.toString(),
            "--no-charts"));
    return out;
  }

  private static Runner.EngineRun failed(BenchConfig cfg, String engine, String why) {
    List<Result> results = new ArrayList<>();
    for (String b : cfg.benchmarks) {
      results.add(Result.failed(b, engine, why));
    }
    return new Runner.EngineRun(engine, engine, Map.of(), results, "");
  }

  /** The run of {@code engine} in a report written by {@link Report#json}. */
  @SuppressWarnings("unchecked") // the shapes are those Report.json writes
  static Runner.EngineRun read(String jsonText, String engine) {
    Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(jsonText);
    Map<String, Object> run = null;
    for (Object o : (List<Object>) doc.get("engines")) {
      Map<String, Object> m = (Map<String, Object>) o;
      if (engine.equals(m.get("name"))) {
        run = m;
      }
    }
    if (run == null) {
      throw new IllegalStateException("no engine " + engine + " in the child's results");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) run.get("settings")).entrySet()) {
      settings.put(e.getKey(), String.valueOf(e.getValue()));
    }
    List<Result> results = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("results")) {
      Map<String, Object> r = (Map<String, Object>) o;
      if (engine.equals(r.get("engine"))) {
        results.add(result(r));
      }
    }
    return new Runner.EngineRun(
        engine,
        (String) run.get("displayName"),
        settings,
        List.copyOf(results),
        (String) run.get("stats"));
  }

  @SuppressWarnings("unchecked")
  private static Result result(Map<String, Object> r) {
    List<LatencyPoint> cdf = new ArrayList<>();
    for (Object o : (List<Object>) r.get("latencyCdf")) {
      List<Object> pair = (List<Object>) o;
      cdf.add(new LatencyPoint(num(pair.get(0)), (long) num(pair.get(1))));
    }
    return new Result(
        (String) r.get("benchmark"),
        (String) r.get("engine"),
        (int) num(r.get("threads")),
        (long) num(r.get("ops")),
        (long) num(r.get("elapsedNanos")),
        (long) num(r.get("bytes")),
        (long) num(r.get("found")),
        (long) num(r.get("expectedFound")),
        (long) num(r.get("p50Nanos")),
        (long) num(r.get("p99Nanos")),
        (long) num(r.get("p999Nanos")),
        (long) num(r.get("maxNanos")),
        num(r.get("meanNanos")),
        (long) num(r.get("diskBytes")),
        num(r.get("writeAmplification")),
        (long) num(r.get("peakRssBytes")),
        (long) num(r.get("heapBytes")),
        (long) num(r.get("gcMillis")),
        num(r.get("loadAverage")),
        cdf,
        (String) r.get("note"),
        (String) r.get("error"),
        Boolean.TRUE.equals(r.get("unsupported")));
  }

  /** A JSON number; null (how NaN is written) reads back as NaN. */
  private static double num(Object o) {
    return o == null ? Double.NaN : (Double) o;
  }
}
