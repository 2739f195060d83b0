package org.cairndb.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed arguments of one subcommand: flags ({@code --json}), options with a value ({@code --db
 * DIR} or {@code --db=DIR}) and positional arguments. {@code --} ends the options, so a positional
 * argument may start with a dash. Immutable once parsed; not shared between threads.
 */
final class Args {
  private final Set<String> flags = new HashSet<>();
  private final Map<String, String> options = new HashMap<>();
  private final List<String> positionals = new ArrayList<>();

  private Args() {}

  /**
   * Parses {@code argv[from..]} accepting only the given flag and option names (with their leading
   * dashes); anything else starting with a dash is a {@link UsageException}.
   */
  static Args parse(String[] argv, int from, Set<String> flagNames, Set<String> optionNames) {
    Args a = new Args();
    boolean optionsEnded = false;
    for (int i = from; i < argv.length; i++) {
      String s = argv[i];
      if (optionsEnded || !s.startsWith("--") || s.length() == 2) {
        if (!optionsEnded && s.equals("--")) {
          optionsEnded = true;
        } else {
          a.positionals.add(s);
        }
        continue;
      }
      int eq = s.indexOf('=');
      String name = eq < 0 ? s : s.substring(0, eq);
      if (optionNames.contains(name)) {
        String value;
        if (eq >= 0) {
          value = s.substring(eq + 1);
        } else if (i + 1 < argv.length) {
          value = argv[++i];
        } else {
          throw new UsageException(name + " needs a value");
        }
        if (a.options.put(name, value) != null) {
          throw new UsageException(name + " given twice");
        }
      } else if (flagNames.contains(name) && eq < 0) {
        a.flags.add(name);
      } else {
        throw new UsageException("unknown option " + name);
      }
    }
    return a;
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The option's value, or null when it was not given. */
  String option(String name) {
    return options.get(name);
  }

  /** The option's value; a {@link UsageException} when it was not given. */
  String required(String name) {
    String v = options.get(name);
    if (v == null) {
      throw new UsageException(name + " is required");
    }
    return v;
  }

  /** A non-negative integer option, or {@code dflt} when absent. */
  long longOption(String name, long dflt) {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new UsageException(name + " must not be negative: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number: " + v);
    }
  }

  List<String> positionals() {
    return positionals;
  }

  /** Requires exactly {@code n} positional arguments, naming them in the error. */
  void expectPositionals(int n, String what) {
    if (positionals.size() != n) {
      throw new UsageException(
          (positionals.size() < n ? "missing " : "too many arguments; expected ") + what);
    }
  }
}
