package org.cairndb.ycsb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one YCSB phase as {@code java site.ycsb.Client} in a child JVM with this JVM's class path. A
 * child per phase is how YCSB itself is used (its client ends the JVM when done and keeps its
 * measurements in a JVM-wide singleton), and gives every engine and phase a fresh heap and JIT. The
 * child's standard output and error go to {@code <name>.out} and {@code <name>.err} in the log
 * directory. Not thread-safe; one runner per run.
 */
final class PhaseRunner {
  private final RunConfig cfg;
  private final Path logDir;

  PhaseRunner(RunConfig cfg, Path logDir) {
    this.cfg = cfg;
    this.logDir = logDir;
  }

  /** Copies the standard workload file for {@code letter} out of the jar into the log dir. */
  Path workloadFile(String letter) throws IOException {
    String name = "workload" + letter;
    Path out = logDir.resolve(name);
    try (InputStream in = PhaseRunner.class.getResourceAsStream("/workloads/" + name)) {
      if (in == null) {
        throw new IOException("resource /workloads/" + name + " is missing from the class path");
      }
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  /**
   * Runs the load phase (when {@code load}) or the transaction phase of {@code workload} against
   * {@code engine}'s database in {@code dbDir}.
   *
   * @throws IOException if the child cannot start, times out or exits with a non-zero status (the
   *     message ends with the tail of its standard error)
   */
  PhaseResult run(Engine engine, Path workload, boolean load, int threads, Path dbDir, String name)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(cfg.jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("site.ycsb.Client");
    cmd.add(load ? "-load" : "-t");
    cmd.add("-db");
    cmd.add(engine.binding.getName());
    cmd.add("-P");
    cmd.add(workload.toString());
    cmd.add("-threads");
    cmd.add(Integer.toString(threads));
    property(cmd, "recordcount", Long.toString(cfg.records));
    property(cmd, "operationcount", Long.toString(cfg.operations));
    property(cmd, engine.property("dir"), dbDir.toString());
    property(cmd, engine.property("memtable_bytes"), cfg.memtableBytes);
    property(cmd, engine.property("block_cache_bytes"), cfg.cacheBytes);
    property(cmd, engine.property("sync"), Boolean.toString(cfg.sync));
    for (String p : cfg.properties) {
      cmd.add("-p");
      cmd.add(p);
    }
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .start();
    if (!p.waitFor(cfg.timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IOException(
          name + " did not finish within " + cfg.timeoutSeconds + " s" + tail(err));
    }
    if (p.exitValue() != 0) {
      throw new IOException(name + " exited with status " + p.exitValue() + tail(err));
    }
    return PhaseResult.parse(Files.readAllLines(out, StandardCharsets.UTF_8));
  }

  private static void property(List<String> cmd, String name, String value) {
    cmd.add("-p");
    cmd.add(name + "=" + value);
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static String tail(Path err) throws IOException {
    List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
    int from = Math.max(0, lines.size() - 15);
    return lines.isEmpty() ? "" : ":\n" + String.join("\n", lines.subList(from, lines.size()));
  }
}
