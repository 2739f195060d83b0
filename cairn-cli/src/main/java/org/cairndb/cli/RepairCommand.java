package org.cairndb.cli;

import java.util.Locale;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.Options;
import org.cairndb.RepairReport;

/**
 * {@code cairn repair --db DIR}: rebuilds the manifest from the tables and write-ahead logs when it
 * or {@code CURRENT} is lost or damaged; damaged tables are moved to {@code DIR/lost}.
 */
final class RepairCommand implements Command {
  @Override
  public String name() {
    return "repair";
  }

  @Override
  public String summary() {
    return "repair --db DIR [--json]      rebuild the manifest from the tables and logs";
  }

  @Override
  public String help() {
    return """
        usage: cairn repair --db DIR [--json]
        Rebuilds the database's manifest from its tables and write-ahead logs, for when
        CURRENT or the manifest is lost or damaged. Every table that reads back intact is
        kept; damaged ones are moved to DIR/lost (never deleted); the valid records of every
        log are written to new tables. Writes held only by damaged files are lost. The
        database must not be open elsewhere.
          --json   print the counts as one JSON object
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
    RepairReport r = Cairn.repair(Databases.dir(a), Options.defaults());
    if (a.flag("--json")) {
      io.out()
          .printf(
              Locale.ROOT,
              "{\"tablesKept\":%d,\"tablesLost\":%d,\"logsReplayed\":%d,\"entriesRecovered\":%d}%n",
              r.tablesKept(),
              r.tablesLost(),
              r.logsReplayed(),
              r.entriesRecovered());
    } else {
      io.out()
          .printf(
              Locale.ROOT,
              "repaired: %d tables kept, %d damaged tables moved to lost/, %d logs replayed,"
                  + " %d entries recovered%n",
              r.tablesKept(),
              r.tablesLost(),
              r.logsReplayed(),
              r.entriesRecovered());
    }
    return ExitCode.OK;
  }
}
