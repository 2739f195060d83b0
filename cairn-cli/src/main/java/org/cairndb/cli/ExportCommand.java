package org.cairndb.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.Cursor;

/**
 * {@code cairn export --db DIR [FILE]}: writes every entry as a {@code key,value} CSV record in key
 * order, the format {@code cairn load} reads, so an export loads back to the same data.
 */
final class ExportCommand extends Command {
  ExportCommand() {
    super(
        "export",
        "export --db DIR [FILE]        write all entries as key,value CSV (loads back exactly)",
        """
        usage: cairn export --db DIR [--hex|--base64] [FILE]
        Writes every entry in key order as one CSV record key,value to FILE (default: stdout),
        quoting fields that hold commas, tabs, quotes or line breaks. `cairn load` reads it back
        to exactly the same keys and values.
          --hex, --base64   write fields as hex / base64; needed when keys or values are not
                            UTF-8 text (without them such an entry stops the export)
        """,
        BYTE_FORMAT,
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    if (a.positionals().size() > 1) {
      throw new UsageException("too many arguments; expected at most FILE");
    }
    Path file = a.positionals().isEmpty() ? null : Path.of(a.positionals().get(0));
    long n = Databases.read(a, db -> export(db, f, file, io));
    if (file != null) {
      io.err().println("exported " + n + " entries to " + file);
    }
    return ExitCode.OK;
  }

  /** Writes every entry of {@code db} to {@code file} (null: stdout); the number written. */
  private static long export(Cairn db, ByteFormat f, Path file, Io io) throws IOException {
    long n = 0;
    try (Cursor c = db.cursor();
        OutputStream os = file == null ? null : Files.newOutputStream(file)) {
      PrintStream out =
          os == null
              ? io.out()
              : new PrintStream(
                  new BufferedOutputStream(os, 1 << 16), false, StandardCharsets.UTF_8);
      for (c.seekToFirst(); c.isValid(); c.next()) {
        String k = f.exact(c.key());
        String v = f.exact(c.value());
        if (k == null || v == null) {
          throw new UsageException(
              "entry "
                  + (n + 1)
                  + " (key "
                  + ByteFormat.hex(c.key())
                  + ") is not UTF-8 text: export with --hex or --base64");
        }
        out.print(CsvWriter.record(k, v));
        out.print('\n');
        n++;
      }
      out.flush();
    }
    return n;
  }
}
