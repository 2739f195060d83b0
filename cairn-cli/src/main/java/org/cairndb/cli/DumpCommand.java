package org.cairndb.cli;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code cairn dump sst FILE | wal FILE | manifest (--db DIR | FILE)}: prints what a file holds,
 * record by record, checking every checksum on the way.
 */
final class DumpCommand extends Command {
  DumpCommand() {
    super(
        "dump",
        "dump sst FILE | wal FILE | manifest --db DIR   print a file's contents",
        """
        usage: cairn dump sst FILE [--hex|--base64]
               cairn dump wal FILE [--hex|--base64]
               cairn dump manifest (--db DIR | FILE) [--hex|--base64]
        sst       the table's footer, properties, index entries (separator key and block) and
                  every entry (key @sequence KIND => value)
        wal       each record of a write-ahead log: offset, first sequence, operation count
                  and the operations
        manifest  each version edit of the manifest CURRENT names in DIR (or of FILE)
        Keys and values are shown as text when printable, else hex (or as --hex / --base64 say).
        Damage is reported with the file and offset (exit code 3).
        """,
        BYTE_FORMAT,
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    if (a.positionals().isEmpty()) {
      throw new UsageException("missing what to dump: sst, wal or manifest");
    }
    String kind = a.positionals().get(0);
    switch (kind) {
      case "sst" -> {
        a.expectPositionals(2, "sst FILE");
        SstDump.dump(Path.of(a.positionals().get(1)), f, io.out());
      }
      case "wal" -> {
        a.expectPositionals(2, "wal FILE");
        WalDump.dump(Path.of(a.positionals().get(1)), f, io.out());
      }
      case "manifest" -> {
        Path file;
        if (a.option("--db") != null) {
          a.expectPositionals(1, "manifest --db DIR");
          file = ManifestDump.current(Databases.dir(a));
        } else {
          a.expectPositionals(2, "manifest --db DIR, or manifest FILE");
          file = Path.of(a.positionals().get(1));
        }
        ManifestDump.dump(file, f, io.out());
      }
      default ->
          throw new UsageException("cannot dump " + kind + ": expected sst, wal or manifest");
    }
    return ExitCode.OK;
  }
}
