package org.cairndb.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.Statistics;

/**
 * {@code cairn stats}: the database's statistics ({@link Cairn#statistics()}) as a table or one
 * JSON object.
 */
final class StatsCommand extends Command {
  StatsCommand() {
    super(
        "stats",
        "stats --db DIR [--json]       the engine's counters",
        """
        usage: cairn stats --db DIR [--json]
        Prints the database's statistics as a table, or as one JSON object with --json
        (numbers as numbers): the engine's counters (as the cairn.stats property), the
        memory it holds (memory.*), and the tree: sequence.last, files.live,
        compaction.pending.bytes, files.LN and sst.bytes.LN for each level N. Counters
        count the work of this process only: they start at zero when the database opens.
        """,
        Set.of("--json"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    a.expectPositionals(0, "no arguments");
    Statistics s = Databases.read(a, Cairn::statistics);
    Map<String, Object> fields = new LinkedHashMap<>(s.asMap());
    // Fractions to two decimals, as the cairn.stats property shows them.
    s.ratios()
        .forEach((k, v) -> fields.put(k, BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP)));
    Output.print(a, io, fields, table(fields));
    return ExitCode.OK;
  }

  private static String table(Map<String, Object> fields) {
    int width = 7;
    for (String k : fields.keySet()) {
      width = Math.max(width, k.length());
    }
    List<String> rows = new ArrayList<>();
    rows.add(pad("counter", width) + "  value");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      rows.add(pad(e.getKey(), width) + "  " + e.getValue());
    }
    return String.join("\n", rows);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
