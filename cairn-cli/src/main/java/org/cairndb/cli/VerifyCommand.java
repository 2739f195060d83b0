package org.cairndb.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.VerifyReport;

/**
 * {@code cairn verify --db DIR}: reads every live table, log and the manifest, checking every
 * checksum and the tree's invariants; exit code 3 naming the file at the first damage.
 */
final class VerifyCommand extends Command {
  VerifyCommand() {
    super(
        "verify",
        "verify --db DIR [--json]      check every checksum and tree invariant (exit 3 if damaged)",
        """
        usage: cairn verify --db DIR [--json]
        Opens the database and reads every live table block by block, every live write-ahead
        log and the manifest, checking every checksum, the order of keys, each file's key
        range and size against the manifest, and that deeper levels do not overlap.
        Prints what was checked; on the first problem prints it, naming the file, and exits
        with code 3.
          --json   print the counts as one JSON object
        """,
        Set.of("--json"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    a.expectPositionals(0, "no arguments");
    VerifyReport r = Databases.read(a, Cairn::verify);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("ok", true);
    fields.put("tables", r.tables());
    fields.put("blocks", r.blocks());
    fields.put("entries", r.entries());
    fields.put("levels", r.levels());
    fields.put("tableBytes", r.tableBytes());
    fields.put("logs", r.logs());
    fields.put("logRecords", r.logRecords());
    Output.print(
        a,
        io,
        fields,
        String.format(
            Locale.ROOT,
            "OK: %d tables (%s, %d data blocks, %d entries) on %d levels, %d logs (%d records)"
                + " verified",
            r.tables(),
            Sizes.human(r.tableBytes()),
            r.blocks(),
            r.entries(),
            r.levels(),
            r.logs(),
            r.logRecords()));
    return ExitCode.OK;
  }
}
