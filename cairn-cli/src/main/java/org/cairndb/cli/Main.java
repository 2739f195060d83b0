package org.cairndb.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of the {@code cairn} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // The engine logs flushes and compactions at INFO; a command line shows warnings only.
    Logger.getLogger("org.cairndb").setLevel(Level.WARNING);
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a subcommand; returns the process exit code (0 ok, 2 usage error, 4 other error). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      usage(out);
      return args.length == 0 ? 2 : 0;
    }
    try {
      if (args[0].equals("demo")) {
        return Demo.run(args, out, err);
      }
      err.println("unknown command: " + args[0]);
      usage(err);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 4;
    }
  }

  private static void usage(PrintStream out) {
    String text =
        """
        usage: cairn <command> [options]
        commands:
          demo [--keys N] [--dir DIR]   write N keys (default 1000000) to a temporary
                                        database, read, scan, reopen and verify them
        """;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    out.flush();
  }
}
