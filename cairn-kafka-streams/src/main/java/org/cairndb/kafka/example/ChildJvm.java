package org.cairndb.kafka.example;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started from this JVM's own class path (the broker, an application instance): its
 * standard output and error go to one log file, its standard input stays open so that closing it
 * can ask the child to stop.
 *
 * <p>Not thread-safe: one owner starts, watches and stops it. The owner must {@link #close()} it;
 * closing never leaves the process running (a graceful stop is tried first, then SIGKILL). A
 * shutdown hook kills it too should this JVM end first.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread killOnExit;

  private ChildJvm(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    // Should this JVM be stopped (Ctrl-C, SIGTERM) before its owner closes the child, the child
    // must not outlive it.
    this.killOnExit = new Thread(process::destroyForcibly, "kill-" + name);
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts {@code mainClass} in a new JVM with this JVM's class path.
   *
   * @param name a short name for messages
   * @param jvmArgs options before the main class, e.g. {@code -Xmx256m}
   * @param mainClass the class whose {@code main} runs
   * @param args the program arguments
   * @param logFile receives standard output and error (replaced if present)
   */
  public static ChildJvm start(
      String name, List<String> jvmArgs, String mainClass, List<String> args, Path logFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    // A jar started with -jar, or a test runner's manifest-only jar, lists the real class path in
    // its manifest; the JVM honours that manifest for a jar named by -cp as well.
    command.add(System.getProperty("java.class.path"));
    command.addAll(jvmArgs);
    command.add(mainClass);
    command.addAll(args);
    try {
      Path parent = logFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      return new ChildJvm(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** The name given at start. */
  public String name() {
    return name;
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file that receives the child's output. */
  public Path logFile() {
    return logFile;
  }

  /** The child's output so far (empty when nothing was written yet). */
  public String output() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The child's output so far, line by line. */
  public List<String> outputLines() {
    return output().lines().toList();
  }

  /** The last {@code lines} lines of the child's output, for failure messages. */
  public String tail(int lines) {
    List<String> all = outputLines();
    List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
    return "---- last "
        + last.size()
        + " lines of "
        + logFile
        + " ----\n"
        + String.join("\n", last);
  }

  /**
   * The child's peak resident set size in KiB ({@code VmHWM} of {@code /proc/<pid>/status}), or -1
   * when the process is gone or the platform has no such file.
   */
  public long peakRssKib() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          String digits = line.substring("VmHWM:".length()).replace("kB", "").trim();
          return Long.parseLong(digits);
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Waits for the process to end on its own.
   *
   * @return its exit code
   * @throws IllegalStateException when it is still running after {@code timeout}
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " still running after " + timeout);
    }
    return process.exitValue();
  }

  /** SIGKILL: the process ends at once, without running any shutdown code. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Asks the child to stop by closing its standard input (the applications of this module stop on
   * that), then SIGTERM, then SIGKILL, each after {@code grace} without an exit.
   */
  public void stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.flush();
    } catch (IOException e) {
      // The pipe is already broken: the child is on its way out, the signals below finish it.
    }
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return;
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return;
    }
    kill();
  }

  /** Stops the child (see {@link #stop}) with a five-second grace; never leaves it running. */
  @Override
  public void close() {
    try {
      stop(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // This JVM is already shutting down; the hook kills an already ended process: harmless.
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }
}
