package org.cairndb.cli;

import java.util.Locale;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.VerifyReport;

/**
 * {@code cairn verify --db DIR}: reads every live table, log and the manifest, checking every
 * checksum and the tree's invariants; exit code 3 naming the file at the first damage.
 */
final class VerifyCommand implements Command {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "verify --db DIR [--json]      check every checksum and tree invariant (exit 3 if damaged)";
  }

  @Override
  public String help() {
    return """
        usage: cairn verify --db DIR [--json]
        Opens the database and reads every live table block by block, every live write-ahead
        log and the manifest, checking every checksum, the order of keys, each file's key
        range and size against the manifest, and that deeper levels do not overlap.
        Prints what was checked; on the first problem prints it, naming the file, and exits
        with code 3.
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
    VerifyReport r;
    try (Cairn db = Databases.open(a, false)) {
      r = db.verify();
    }
    if (a.flag("--json")) {
      io.out()
          .printf(
              Locale.ROOT,
              "{\"ok\":true,\"tables\":%d,\"blocks\":%d,\"entries\":%d,\"levels\":%d,"
                  + "\"tableBytes\":%d,\"logs\":%d,\"logRecords\":%d}%n",
              r.tables(),
              r.blocks(),
              r.entries(),
              r.levels(),
              r.tableBytes(),
              r.logs(),
              r.logRecords());
    } else {
      io.out()
          .printf(
              Locale.ROOT,
              "OK: %d tables (%s, %d data blocks, %d entries) on %d levels, %d logs (%d records)"
                  + " verified%n",
              r.tables(),
              Sizes.human(r.tableBytes()),
              r.blocks(),
              r.entries(),
              r.levels(),
              r.logs(),
              r.logRecords());
    }
    return ExitCode.OK;
  }
}
