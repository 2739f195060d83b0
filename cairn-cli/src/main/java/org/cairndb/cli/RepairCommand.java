package org.cairndb.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.Options;
import org.cairndb.RepairReport;

/**
 * {@code cairn repair --db DIR}: rebuilds the manifest from the tables and write-ahead logs when it
 * or {@code CURRENT} is lost or damaged; damaged tables are moved to {@code DIR/lost}.
 */
final class RepairCommand extends Command {
  RepairCommand() {
    super(
        "repair",
        "repair --db DIR [--json]      rebuild the manifest from the tables and logs",
        """
        usage: cairn repair --db DIR [--json]
        Rebuilds the database's manifest from its tables and write-ahead logs, for when
        CURRENT or the manifest is lost or damaged. Every table that reads back intact is
        kept; damaged ones are moved to DIR/lost (never deleted); the valid records of every
        log are written to new tables. Writes held only by damaged files are lost. The
        database must not be open elsewhere.
          --json   print the counts as one JSON object
        """,
        Set.of("--json"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) {
    a.expectPositionals(0, "no arguments");
    RepairReport r = Cairn.repair(Databases.dir(a), Options.defaults());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("tablesKept", r.tablesKept());
    fields.put("tablesLost", r.tablesLost());
    fields.put("logsReplayed", r.logsReplayed());
    fields.put("entriesRecovered", r.entriesRecovered());
    Output.print(
        a,
        io,
        fields,
        String.format(
            Locale.ROOT,
            "repaired: %d tables kept, %d damaged tables moved to lost/, %d logs replayed,"
                + " %d entries recovered",
            r.tablesKept(),
            r.tablesLost(),
            r.logsReplayed(),
            r.entriesRecovered()));
    return ExitCode.OK;
  }
}
