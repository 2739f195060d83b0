package org.cairndb.cli;

import java.util.Set;

/** {@code cairn compact}: compacts a key range (or everything) and returns when it is done. */
final class CompactCommand extends Command {
  CompactCommand() {
    super(
        "compact",
        "compact --db DIR [--from K] [--to K]   compact a key range (default: all keys)",
        """
        usage: cairn compact --db DIR [--from KEY] [--to KEY] [--hex|--base64]
        Flushes the memtable, then compacts the keys in [FROM, TO) down the tree, dropping
        deleted and overwritten entries; prints the levels afterwards.
          --from KEY, --to KEY   the range (default: unbounded on that side)
          --hex, --base64        the keys are given in hex / base64
        """,
        BYTE_FORMAT,
        Set.of("--db", "--from", "--to"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(0, "no arguments");
    byte[] from = f.option(a, "--from");
    byte[] to = f.option(a, "--to");
    String levelsText =
        Databases.read(
            a,
            db -> {
              db.flush();
              db.compactRange(from, to);
              return db.property("cairn.levels");
            });
    LevelsCommand.draw(TreeShape.read(Databases.dir(a), levelsText), f, false, io);
    return ExitCode.OK;
  }
}
