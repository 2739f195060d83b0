package org.cairndb.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.WriteBatch;

/**
 * {@code cairn load --db DIR FILE}: bulk-loads {@code key,value} records (CSV, or tab-separated) in
 * write batches, with a progress bar on stderr when it is a terminal or with {@code --progress}.
 */
final class LoadCommand extends Command {
  private static final int BATCH_ENTRIES = 1000;
  private static final long BATCH_BYTES = 4L << 20;

  LoadCommand() {
    super(
        "load",
        "load --db DIR FILE            bulk load key,value lines (CSV or tab-separated)",
        """
        usage: cairn load --db DIR [--hex|--base64] [--tab] [--progress] FILE
        Loads one key,value pair per line of FILE (- for stdin) into the database, creating it
        when missing, in write batches of up to 1000 entries. Fields may be quoted as in CSV
        ("a,b" is one field, "" a quote inside one, a quoted field may span lines). The file's
        delimiter, comma or tab, is the first one found outside quotes. Later lines win over
        earlier ones with the same key. `cairn export` writes this format back.
          --hex, --base64   fields are hex / base64 (for binary keys and values)
          --tab             the delimiter is a tab (do not detect it)
          --progress        draw a progress bar on stderr even when it is not a terminal
        """,
        withByteFormat("--tab", "--progress"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(1, "FILE");
    String name = a.positionals().get(0);
    boolean stdin = name.equals("-");
    long total = stdin ? -1 : Files.size(Path.of(name));
    ProgressBar bar =
        a.flag("--progress") || io.stderrTerminal() ? new ProgressBar(io.err(), total) : null;
    long entries = 0;
    try (InputStream raw = stdin ? io.in() : Files.newInputStream(Path.of(name));
        CountingInputStream counted = new CountingInputStream(raw);
        BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    counted,
                    StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16);
        Cairn db = Databases.open(a, true)) {
      CsvReader csv = new CsvReader(reader, a.flag("--tab") ? '\t' : 0);
      WriteBatch batch = new WriteBatch();
      long batchBytes = 0;
      List<String> rec;
      while ((rec = next(csv)) != null) {
        if (rec.size() != 2) {
          throw new UsageException(
              "line " + csv.recordLine() + ": expected 2 fields (key,value), found " + rec.size());
        }
        String where = "line " + csv.recordLine();
        byte[] key = f.decode(rec.get(0), where + ": key");
        byte[] value = f.decode(rec.get(1), where + ": value");
        batch.put(key, value);
        batchBytes += key.length + value.length;
        entries++;
        if (batch.count() >= BATCH_ENTRIES || batchBytes >= BATCH_BYTES) {
          db.write(batch);
          batch.clear();
          batchBytes = 0;
        }
        if (bar != null) {
          bar.update(counted.count(), entries);
        }
      }
      db.write(batch);
      if (bar != null) {
        bar.finish(counted.count(), entries);
      }
    }
    io.out().printf(Locale.ROOT, "loaded %d entries%n", entries);
    return ExitCode.OK;
  }

  private static List<String> next(CsvReader csv) throws java.io.IOException {
    try {
      return csv.next();
    } catch (CharacterCodingException e) {
      throw new UsageException(
          "after line "
              + csv.recordLine()
              + ": input is not UTF-8 text (load with --hex or --base64)");
    }
  }
}
