package org.cairndb.cli;

import java.util.Map;
import java.util.Set;
import org.cairndb.Cairn;

/** {@code cairn stats}: the engine's counters ({@code cairn.stats}) as a table or JSON object. */
final class StatsCommand implements Command {
  @Override
  public String name() {
    return "stats";
  }

  @Override
  public String summary() {
    return "stats --db DIR [--json]       the engine's counters";
  }

  @Override
  public String help() {
    return """
        usage: cairn stats --db DIR [--json]
        Prints the engine's counters (the cairn.stats property) as a table, or as one JSON
        object with --json (numbers as numbers).
        """;
  }

  @Override
  public Set<String> flags() {
    return Set.of("--json");
  }

  @Override
  public Set<String> options() {
    return Set.of("--db");
  }

  @Override
  public int run(Args a, Io io) {
    a.expectPositionals(0, "no arguments");
    String text;
    try (Cairn db = Databases.open(a, false)) {
      text = db.property("cairn.stats");
    }
    Map<String, String> counters = Counters.parse(text);
    if (a.flag("--json")) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<String, String> e : counters.entrySet()) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(Json.str(e.getKey())).append(':').append(Json.value(e.getValue()));
      }
      io.out().println(sb.append('}'));
      return ExitCode.OK;
    }
    int width = 7;
    for (String k : counters.keySet()) {
      width = Math.max(width, k.length());
    }
    io.out().println(pad("counter", width) + "  value");
    for (Map.Entry<String, String> e : counters.entrySet()) {
      io.out().println(pad(e.getKey(), width) + "  " + e.getValue());
    }
    return ExitCode.OK;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
