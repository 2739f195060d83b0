package org.cairndb.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cairndb.Cairn;

/**
 * {@code cairn report --db DIR --out DIR}: writes {@code report.html}, one self-contained page with
 * the tree's shape and charts of the engine's counters.
 */
final class ReportCommand extends Command {
  static final String FILE_NAME = "report.html";

  ReportCommand() {
    super(
        "report",
        "report --db DIR --out DIR     write an HTML page: tree shape and counter charts",
        """
        usage: cairn report --db DIR --out DIR [--hex|--base64]
        Writes OUT/report.html: one self-contained page (inline CSS and SVG, nothing fetched)
        showing the tree (levels, each file's key range, size and sequences, compaction
        scores) and charts of the engine's counters: amplification, bytes written and read,
        block cache, bloom filters and per-level reads where the engine reports them, then
        every counter in a table.
          --hex, --base64   show keys in hex / base64 (default: text, hex when not printable)
        """,
        BYTE_FORMAT,
        Set.of("--db", "--out"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(0, "no arguments");
    Path out = Path.of(a.required("--out"));
    String stats;
    String levelsText;
    try (Cairn db = Databases.open(a, false)) {
      stats = db.property("cairn.stats");
      levelsText = db.property("cairn.levels");
    }
    List<LevelInfo> levels = TreeShape.read(Databases.dir(a), levelsText);
    Map<String, String> counters = Counters.parse(stats);
    String html = HtmlReport.render(Databases.dir(a).toString(), levels, counters, f);
    Files.createDirectories(out);
    Path file = out.resolve(FILE_NAME);
    Files.writeString(file, html, StandardCharsets.UTF_8);
    io.out().println(file);
    return ExitCode.OK;
  }
}
