package org.cairndb.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.cairndb.CorruptionException;

/**
 * Entry point of the {@code cairn} command line: picks the subcommand, parses its options, runs it
 * and maps the outcome to the exit code (0 ok, 1 key not found, 2 usage error, 3 corruption, 4
 * other error). Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
public final class Main {
  private static final List<Command> COMMANDS =
      List.of(
          new PutCommand(),
          new GetCommand(),
          new DeleteCommand(),
          new ScanCommand(),
          new StatsCommand(),
          new LevelsCommand(),
          new CompactCommand(),
          new LoadCommand(),
          new ExportCommand(),
          new DumpCommand(),
          new VerifyCommand(),
          new RepairCommand(),
          new BenchCommand(),
          new ReportCommand());

  private Main() {}

  public static void main(String[] args) {
    // The engine logs flushes and compactions at INFO; a command line shows warnings only.
    Logger.getLogger("org.cairndb").setLevel(Level.WARNING);
    // Output is UTF-8 whatever the platform's default, and buffered (scans print many lines).
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code;
    try {
      code = run(args, new Io(out, err, System.in, stderrIsTerminal()));
    } finally {
      out.flush();
    }
    System.exit(code);
  }

  /**
   * Whether stderr is a terminal, where progress bars may be drawn unasked. Java 17 cannot ask the
   * OS directly: the launcher tells ({@code CAIRN_STDERR_TTY=1}, from the shell's {@code -t 2}),
   * else on Linux the descriptor's link names a terminal device.
   */
  private static boolean stderrIsTerminal() {
    String told = System.getenv("CAIRN_STDERR_TTY");
    if (told != null) {
      return told.equals("1");
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Runs a subcommand with the given streams (no terminal, empty stdin); returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, new Io(out, err, InputStream.nullInputStream(), false));
  }

  /** Runs a subcommand; returns the process exit code (see {@link ExitCode}). */
  static int run(String[] args, Io io) {
    boolean verbose = List.of(args).contains("--verbose");
    try {
      return dispatch(args, io);
    } catch (UsageException e) {
      io.err()
          .println("cairn: " + e.getMessage() + " (see cairn " + commandName(args) + " --help)");
      trace(e, verbose, io);
      return ExitCode.USAGE;
    } catch (Exception | Error e) {
      // Errors too (out of memory, say): a script must see exit 4, never the JVM's own code.
      CorruptionException ce = corruption(e);
      if (ce != null) {
        io.err().println("cairn: " + ce.getMessage());
        trace(e, verbose, io);
        return ExitCode.CORRUPTION;
      }
      io.err().println("cairn: " + message(e));
      trace(e, verbose, io);
      // Arguments the engine refuses (a key over its size limit) are usage errors too.
      return e instanceof IllegalArgumentException ? ExitCode.USAGE : ExitCode.OTHER;
    }
  }

  private static int dispatch(String[] args, Io io) throws Exception {
    if (args.length == 0) {
      usage(io.err());
      return ExitCode.USAGE;
    }
    String name = args[0];
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      if (args.length > 1 && find(args[1]) != null) {
        io.out().print(find(args[1]).help());
      } else {
        usage(io.out());
      }
      return ExitCode.OK;
    }
    if (name.equals("demo")) {
      return Demo.run(args, io.out(), io.err());
    }
    Command c = find(name);
    if (c == null) {
      throw new UsageException("unknown command: " + name);
    }
    Set<String> flags = new HashSet<>(c.flags());
    flags.add("--help");
    flags.add("--verbose");
    Args a = Args.parse(args, 1, flags, c.options());
    if (a.flag("--help")) {
      io.out().print(c.help());
      return ExitCode.OK;
    }
    return c.run(a, io);
  }

  private static Command find(String name) {
    for (Command c : COMMANDS) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static String commandName(String[] args) {
    return args.length > 0 && find(args[0]) != null ? args[0] : "";
  }

  /** The corruption behind {@code e}, wherever it is in the cause chain, or null. */
  private static CorruptionException corruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptionException ce) {
        return ce;
      }
    }
    return null;
  }

  private static String message(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static void trace(Throwable e, boolean verbose, Io io) {
    if (verbose) {
      e.printStackTrace(io.err());
    }
  }

  private static void usage(PrintStream out) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: cairn <command> [options]      (cairn <command> --help for details)\n");
    sb.append("commands:\n");
    for (Command c : COMMANDS) {
      sb.append("  ").append(c.summary()).append('\n');
    }
    sb.append("  demo [--keys N] [--dir DIR]  write, read, scan, reopen and verify N keys\n");
    sb.append(
        """
        options everywhere: --db DIR (the database), --hex / --base64 (keys and values in
        hex / base64), --json (output for scripts), --verbose (stack trace on errors)
        exit codes: 0 ok, 1 key not found, 2 usage error, 3 corruption, 4 other error
        """);
    out.print(sb);
    out.flush();
  }
}
